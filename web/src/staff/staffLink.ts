/** A link of a staff bar (web/src/staff/StaffNav.tsx), shown by role. */
export interface StaffLink {
  to: string;
  label: string;
  /** Shown to staff holding any of these roles. */
  roles: readonly string[];
  end?: boolean;
}

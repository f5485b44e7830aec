/** The staff API for the admin screens: session cookie + CSRF token on every write. */
import type { Bilingual, GrantView } from '../../staff/api';

// Moved to web/src/staff/api.ts (shared with the reception console); re-exported for the admin screens.
export { AdminApiError, call, setCsrf, useAdminData, type Bilingual, type GrantView, type Problem, type SessionInfo } from '../../staff/api';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  active: boolean;
  locked: boolean;
  lockedUntil: string | null;
  totpEnabled: boolean;
  sso: boolean;
  demo: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  grants: GrantView[];
}

export interface RoleInfo {
  role: string;
  label: Bilingual;
  description: Bilingual;
  scopes: string[];
}

export type GrantInput =
  | { role: string; scope: { kind: 'region' | 'province'; code: string } }
  | { role: string; scope: { kind: 'office' | 'desk'; id: string } };

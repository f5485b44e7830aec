/** The staff API for the admin screens: session cookie + CSRF token on every write. */
import type { ApiItem } from '../../api/client';

// Moved to web/src/staff/api.ts (shared with the reception console); re-exported for the admin screens.
export { AdminApiError, call, setCsrf, staff, staffApi, useAdminData, useStaffData, type Bilingual, type GrantView, type Problem, type SessionInfo } from '../../staff/api';

export type UserView = ApiItem<'/api/staff/users'>;
export type RoleInfo = ApiItem<'/api/staff/roles'>;

export type GrantInput =
  | { role: string; scope: { kind: 'region' | 'province'; code: string } }
  | { role: string; scope: { kind: 'office' | 'desk'; id: string } };

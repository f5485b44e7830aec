/** The staff API for the admin screens: session cookie + CSRF token on every write. */
import type { ApiBody, ApiItem } from '../../api/client';

// Moved to web/src/staff/api.ts (shared with the reception console); re-exported for the admin screens.
export { AdminApiError, staff, staffApi, useStaffData, type GrantView } from '../../staff/api';

export type RoleInfo = ApiItem<'/api/staff/roles'>;

/** A role at a scope, as the account's grants are written (PUT /api/staff/users/{id}/grants). */
export type GrantInput = ApiBody<'/api/staff/users/{id}/grants', 'put'>['grants'][number];

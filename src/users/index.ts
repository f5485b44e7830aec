/** What the users capability (staff users, their grants and credentials) offers the others (the only way in: .dependency-cruiser.cjs). */
export { placeOfDesk, placeOfOffice } from './places.js';
export {
  createUser, findUserById, findUserByUsername, isLocked, loadGrants, loadGrantViews, recordLoginFailure, recordLoginSuccess, replaceGrants, resolveGrantRefs,
} from './staff.repository.js';
export type { StaffUserRow } from './staff.repository.js';
export { DEMO_PATRONATO_PROVINCES, demoPatronatoUsername } from './demo-users.js';
export { burnPasswordCheck, hashPassword, passwordProblems, verifyPassword } from './password.js';
export { mapClaimsToGrants, parseRoleMapping } from './role-mapping.js';
export type { RoleMappingRule } from './role-mapping.js';
export { revokeUserSessions } from './revoke-user-sessions.js';
export { grantView } from './routes.schema.js';

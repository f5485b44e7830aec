/**
 * Public face of the policy module. Route convention: every route declares
 * `config: { policy: '<action>' }` (see ACTIONS); the server refuses to start otherwise.
 */
import type { Action } from './actions.js';

export { ACTIONS, isAction, type Action, type ActionDef, type Audience, type Rule } from './actions.js';
export { ADMIN_ROLES, ROLES, ROLE_INFO, SCOPE_KINDS, isRole, type Role, type RoleInfo, type ScopeKind } from './roles.js';
export {
  ANONYMOUS, authorize, can, covers, decide, forbidden, isAdmin, rolesOf, scopesFor, unauthenticated,
  type Actor, type Decision, type Grant, type Resource, type Scope, type ScopedGrant,
} from './policy.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The action this route performs; the policy module decides who may. Required under /api. */
    policy?: Action;
    /**
     * 'personal-data': a successful staff request is written to the audit log even when it
     * only reads (use cases that audit precisely call `req.audit()` themselves instead).
     */
    audit?: 'personal-data';
  }
}

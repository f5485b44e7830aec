/** /api/staff/users, /api/staff/roles: accounts, roles and scopes (admin screens). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses, uuidSchema } from '../platform/openapi.js';
import { ROLE_INFO, ROLES } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { createStaffUser } from './create-user.js';
import { getUser } from './get-user.js';
import { listUsers } from './list-users.js';
import { resetUserPassword } from './reset-user-password.js';
import { resetUserTotp } from './reset-user-totp.js';
import { setUserGrants } from './set-user-grants.js';
import { signOutUser } from './sign-out-user.js';
import { unlockUser } from './unlock-user.js';
import { updateStaffUser } from './update-user.js';
import type { GrantInput } from './staff.repository.js';
import { userView } from './routes.schema.js';

const uuid = uuidSchema;
const idParams = z.strictObject({ id: uuid });

const grantInput = z.strictObject({
  role: z.enum(ROLES),
  scope: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('region'), code: z.string().regex(/^[A-Z]{2,5}$/) }),
    z.strictObject({ kind: z.literal('province'), code: z.string().regex(/^[A-Z]{2}$/) }),
    z.strictObject({ kind: z.literal('office'), id: uuid }),
    z.strictObject({ kind: z.literal('desk'), id: uuid }),
  ]),
});

const username = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, { message: '3 to 64 characters: letters, digits, . _ -' });
const email = z.string().trim().max(254).regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { message: 'expected an e-mail address' });

export function userRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/staff/roles', {
      config: { policy: 'staff.users.read' },
      schema: {
        tags: ['staff access'],
        summary: 'The roles, their labels and the scope kinds each may have',
        response: {
          200: z.object({
            items: z.array(z.object({
              role: z.enum(ROLES), label: z.object({ it: z.string(), en: z.string() }),
              description: z.object({ it: z.string(), en: z.string() }), scopes: z.array(z.string()),
            })),
          }),
          ...problemResponses(401, 403),
        },
      },
    }, async () => ({ items: ROLES.map((r) => ({ ...ROLE_INFO[r], scopes: [...ROLE_INFO[r].scopes] })) }));

    app.get('/staff/users', {
      config: { policy: 'staff.users.read' },
      schema: {
        tags: ['staff access'],
        summary: 'Staff accounts within your scope (search by username, name or e-mail; by role), by username',
        querystring: z.strictObject({
          q: z.string().trim().min(1).max(100).optional(),
          role: z.enum(ROLES).optional().describe('only the accounts holding this role'),
          cursor: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(userView), nextCursor: z.string().nullable() }), ...problemResponses(400, 401, 403) },
      },
    }, async (req) => listUsers(db, req.actor, req.query));

    app.post('/staff/users', {
      config: { policy: 'staff.users.write' },
      bodyLimit: 32 * 1024,
      schema: {
        tags: ['staff access'],
        summary: 'Create a local account with an initial password and its roles',
        body: z.strictObject({
          username,
          displayName: z.string().trim().min(1).max(120),
          email: email.nullable().optional(),
          password: z.string().min(1).max(1024),
          grants: z.array(grantInput).max(50).default([]),
        }),
        response: { 201: userView, ...problemResponses(400, 401, 403, 409, 422) },
      },
    }, async (req, reply) => {
      const user = await createStaffUser(db, req.actor, { ...req.body, grants: req.body.grants as GrantInput[] });
      await req.audit({ action: 'staff.users.create', resourceType: 'staff_user', resourceId: user.id, details: { username: user.username, grants: req.body.grants } });
      return reply.code(201).send(user);
    });

    app.get('/staff/users/:id', {
      config: { policy: 'staff.users.read' },
      schema: { tags: ['staff access'], summary: 'One account with its roles', params: idParams, response: { 200: userView, ...problemResponses(400, 401, 403, 404) } },
    }, async (req) => getUser(db, req.actor, req.params.id));

    app.patch('/staff/users/:id', {
      config: { policy: 'staff.users.write' },
      schema: {
        tags: ['staff access'],
        summary: 'Change name, e-mail, or active state (disabling ends the sessions)',
        params: idParams,
        body: z.strictObject({ displayName: z.string().trim().min(1).max(120).optional(), email: email.nullable().optional(), active: z.boolean().optional() }),
        response: { 200: userView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    }, async (req) => {
      const user = await updateStaffUser(db, req.actor, req.params.id, req.body);
      await req.audit({ action: 'staff.users.update', resourceType: 'staff_user', resourceId: user.id, details: { changed: Object.keys(req.body) } });
      return user;
    });

    app.put('/staff/users/:id/grants', {
      config: { policy: 'staff.users.write' },
      schema: {
        tags: ['staff access'],
        summary: "Replace the account's locally granted roles and scopes (ends its sessions)",
        params: idParams,
        body: z.strictObject({ grants: z.array(grantInput).max(50) }),
        response: { 200: userView, ...problemResponses(400, 401, 403, 404, 422) },
      },
    }, async (req) => {
      const user = await setUserGrants(db, req.actor, req.params.id, req.body.grants as GrantInput[]);
      await req.audit({ action: 'staff.users.grants', resourceType: 'staff_user', resourceId: user.id, details: { grants: req.body.grants } });
      return user;
    });

    app.post('/staff/users/:id/password', {
      config: { policy: 'staff.users.write' },
      bodyLimit: 8 * 1024,
      schema: {
        tags: ['staff access'],
        summary: 'Set a new password (unlocks the account, ends its sessions)',
        params: idParams,
        body: z.strictObject({ password: z.string().min(1).max(1024) }),
        response: { 204: z.null(), ...problemResponses(400, 401, 403, 404, 422) },
      },
    }, async (req, reply) => {
      await resetUserPassword(db, req.actor, req.params.id, req.body.password);
      await req.audit({ action: 'staff.users.password', resourceType: 'staff_user', resourceId: req.params.id });
      return reply.code(204).send(null);
    });

    app.post('/staff/users/:id/unlock', {
      config: { policy: 'staff.users.write' },
      schema: { tags: ['staff access'], summary: 'Lift a lockout after failed sign-ins', params: idParams, response: { 204: z.null(), ...problemResponses(400, 401, 403, 404) } },
    }, async (req, reply) => {
      await unlockUser(db, req.actor, req.params.id);
      await req.audit({ action: 'staff.users.unlock', resourceType: 'staff_user', resourceId: req.params.id });
      return reply.code(204).send(null);
    });

    app.delete('/staff/users/:id/totp', {
      config: { policy: 'staff.users.write' },
      schema: { tags: ['staff access'], summary: 'Reset the second factor (lost phone): enrolment again at the next sign-in', params: idParams, response: { 204: z.null(), ...problemResponses(400, 401, 403, 404) } },
    }, async (req, reply) => {
      await resetUserTotp(db, req.actor, req.params.id);
      await req.audit({ action: 'staff.users.totp_reset', resourceType: 'staff_user', resourceId: req.params.id });
      return reply.code(204).send(null);
    });

    app.delete('/staff/users/:id/sessions', {
      config: { policy: 'staff.users.write' },
      schema: { tags: ['staff access'], summary: 'Sign the account out everywhere', params: idParams, response: { 200: z.object({ ended: z.number().int() }), ...problemResponses(400, 401, 403, 404) } },
    }, async (req) => {
      const ended = await signOutUser(db, req.actor, req.params.id);
      await req.audit({ action: 'staff.users.sign_out', resourceType: 'staff_user', resourceId: req.params.id, details: { ended } });
      return { ended };
    });
  };
}

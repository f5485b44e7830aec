import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../storage/db.js';
import { auditRoutes } from './audit.routes.js';
import { authRoutes } from './auth.routes.js';
import { privacyRoutes } from './privacy.routes.js';
import type { IdentitySettings } from './settings.js';
import { userRoutes } from './users.routes.js';

/** Every route of the identity capability, to register under /api. */
export function identityRoutes(db: Db, settings: IdentitySettings): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(authRoutes(db, settings));
    await app.register(userRoutes(db));
    await app.register(auditRoutes(db));
    await app.register(privacyRoutes(db, settings));
  };
}

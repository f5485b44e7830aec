import '../policy/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../storage/db.js';
import { DATABASE_RETRY_AFTER_SECONDS, problemOf, sendProblem } from '../platform/problem.js';

/** Set when the instance is stopping: readiness answers 503 while requests in flight finish. */
export interface Readiness {
  draining: boolean;
}

/** Liveness (the process answers) and readiness (the database answers, the instance is not stopping). */
export function healthRoutes(db: Db, readiness: Readiness = { draining: false }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/healthz', {
      config: { policy: 'public' },
      schema: { tags: ['operations'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } },
    }, async () => ({ status: 'ok' as const }));

    app.get('/readyz', {
      config: { policy: 'public' },
      schema: { tags: ['operations'], summary: 'Readiness: the database answers', response: { 200: z.object({ status: z.literal('ready'), database: z.string() }) } },
    }, async (req, reply) => {
      if (readiness.draining) {
        reply.header('connection', 'close');
        return sendProblem(reply, problemOf(503, 'instance_stopping', {
          it: 'Questa istanza si sta fermando.',
          en: 'This instance is stopping.',
        }));
      }
      try {
        await db.query('SELECT 1');
        return { status: 'ready' as const, database: db.kind };
      } catch (err) {
        req.log.warn({ err }, 'database not reachable');
        reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
        return sendProblem(reply, problemOf(503, 'database_unavailable', {
          it: 'Il database non risponde.',
          en: 'The database does not answer.',
        }));
      }
    });
  };
}

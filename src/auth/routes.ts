/**
 * /api/auth/*: sign-in (password + TOTP, or OpenID Connect), the current session, sign-out,
 * own password and second factor.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { problemResponses } from '../platform/openapi.js';
import { rolesOf } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { recordAudit } from '../audit/index.js';
import { sessionCookieName, sessionCookieOptions } from './http.js';
import { checkPasswordStep, checkTotpStep, type RequestContext } from './login.js';
import { OidcClient, personNameFromClaims, safeReturnTo, ssoNotConfigured, taxCodeFromClaims } from './oidc.js';
import { createSession, revokeSession } from './sessions.js';
import type { IdentitySettings } from './settings.js';
import { signInStaffWithClaims } from './sso-sign-in.js';
import { changePassword } from './change-password.js';
import { startTotpEnrolment } from './start-totp-enrolment.js';
import { confirmTotp } from './confirm-totp.js';
import { disableTotp } from './disable-totp.js';
import { findUserById, grantView, loadGrantViews } from '../users/index.js';

const OIDC_COOKIE = 'sportello_oidc';
const STAFF_HOME = '/admin';
const STAFF_LOGIN_PAGE = '/admin/accesso';

export const sessionResponse = z.object({
  authenticated: z.boolean(),
  kind: z.enum(['anonymous', 'staff', 'citizen']),
  csrfToken: z.string().nullable().describe('send it back as the X-CSRF-Token header on every write'),
  expiresAt: z.string().nullable(),
  idleExpiresAt: z.string().nullable(),
  user: z
    .object({
      id: z.string(),
      username: z.string(),
      displayName: z.string(),
      email: z.string().nullable(),
      roles: z.array(z.string()),
      grants: z.array(grantView),
      totpEnabled: z.boolean(),
      method: z.enum(['password', 'oidc']),
    })
    .nullable(),
  citizen: z.object({ taxCode: z.string(), name: z.string().nullable() }).nullable(),
  sso: z.object({ staff: z.boolean(), citizen: z.boolean() }),
});

const loginResponse = z.object({
  status: z.enum(['signed_in', 'totp_required', 'totp_enrolment_required']),
  csrfToken: z.string(),
  totp: z.object({ secret: z.string(), uri: z.string() }).optional().describe('only for a first enrolment'),
});

const credentials = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
});

const totpBody = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, { message: 'expected 6 digits' }) });

function ctxOf(req: FastifyRequest): RequestContext {
  return { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id };
}

export function authRoutes(db: Db, settings: IdentitySettings): FastifyPluginAsyncZod {
  const cookieName = sessionCookieName(settings);
  const cookieOptions = sessionCookieOptions(settings);
  const staffSso = settings.staffOidc ? new OidcClient('staff', settings.staffOidc, settings.oidcAllowHttp) : undefined;
  const citizenSso = settings.citizenOidc ? new OidcClient('citizen', settings.citizenOidc, settings.oidcAllowHttp) : undefined;

  const setSession = (reply: FastifyReply, token: string) => reply.setCookie(cookieName, token, cookieOptions);

  async function describe(req: FastifyRequest): Promise<z.infer<typeof sessionResponse>> {
    const s = req.authSession;
    const base = {
      sso: { staff: !!staffSso, citizen: !!citizenSso },
      csrfToken: s?.csrfToken ?? null,
      expiresAt: s ? s.expiresAt.toISOString() : null,
      idleExpiresAt: s ? s.idleExpiresAt.toISOString() : null,
    };
    const actor = req.actor;
    if (actor.kind === 'staff' && s) {
      const user = (await findUserById(db, actor.userId))!;
      return {
        ...base, authenticated: true, kind: 'staff', citizen: null,
        user: {
          id: user.id, username: user.username, displayName: user.display_name, email: user.email, roles: rolesOf(actor),
          grants: await loadGrantViews(db, user.id), totpEnabled: !!user.totp_secret, method: s.method,
        },
      };
    }
    if (actor.kind === 'citizen') {
      return { ...base, authenticated: true, kind: 'citizen', user: null, citizen: { taxCode: actor.taxCode, name: actor.name } };
    }
    return { ...base, authenticated: false, kind: 'anonymous', user: null, citizen: null, csrfToken: s?.csrfToken ?? null };
  }

  return async (app) => {
    const loginLimit = { max: settings.rateLimits.login.max, timeWindow: settings.rateLimits.login.timeWindow };

    app.get('/auth/session', {
      config: { policy: 'public' },
      schema: { tags: ['auth'], summary: 'Who is signed in, the CSRF token to send on writes, and which single sign-on is available', response: { 200: sessionResponse } },
    }, async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return describe(req);
    });

    app.post('/auth/login', {
      config: { policy: 'public', rateLimit: loginLimit },
      bodyLimit: 8 * 1024,
      schema: {
        tags: ['auth'],
        summary: 'Staff sign-in with username and password; admins (and anyone who enrolled) continue with a TOTP code',
        body: credentials,
        response: { 200: loginResponse, ...problemResponses(400, 401, 423, 429) },
      },
    }, async (req, reply) => {
      const step = await checkPasswordStep(db, settings, req.body, ctxOf(req));
      if (req.authSession) await revokeSession(db, req.authSession.tokenHash); // no session fixation
      const state = step.next === 'signed_in' ? 'active' : 'pending';
      const { token, csrfToken } = await createSession(db, settings, {
        kind: 'staff', state, userId: step.user.id, method: 'password', ip: req.ip, userAgent: req.headers['user-agent'] ?? null,
      });
      setSession(reply, token);
      reply.header('cache-control', 'no-store');
      if (step.next === 'signed_in') return { status: 'signed_in' as const, csrfToken };
      if (step.next === 'totp') return { status: 'totp_required' as const, csrfToken };
      return { status: 'totp_enrolment_required' as const, csrfToken, totp: { secret: step.secret, uri: step.uri } };
    });

    app.post('/auth/login/totp', {
      config: { policy: 'public', rateLimit: loginLimit },
      bodyLimit: 1024,
      schema: {
        tags: ['auth'],
        summary: 'Second step of a password sign-in: the 6-digit code of the authenticator app (also confirms a first enrolment)',
        body: totpBody,
        response: { 200: loginResponse, ...problemResponses(400, 401, 423, 429) },
      },
    }, async (req, reply) => {
      const pending = req.authSession;
      if (!pending || pending.state !== 'pending' || !pending.userId) {
        throw new AppError(401, 'no_pending_login', { it: 'Nessun accesso in corso: inserisci di nuovo nome utente e password.', en: 'No sign-in under way: enter your username and password again.' });
      }
      const user = await checkTotpStep(db, settings, pending.userId, req.body.code, ctxOf(req));
      await revokeSession(db, pending.tokenHash); // a new token once fully signed in
      const { token, csrfToken } = await createSession(db, settings, {
        kind: 'staff', userId: user.id, method: 'password', ip: req.ip, userAgent: req.headers['user-agent'] ?? null,
      });
      setSession(reply, token);
      reply.header('cache-control', 'no-store');
      return { status: 'signed_in' as const, csrfToken };
    });

    app.post('/auth/logout', {
      config: { policy: 'public' },
      schema: { tags: ['auth'], summary: 'Sign out: ends the session on the server and clears the cookie', response: { 204: z.null() } },
    }, async (req, reply) => {
      if (req.authSession) {
        await revokeSession(db, req.authSession.tokenHash);
        if (req.actor.kind !== 'anonymous') await req.audit({ action: 'auth.logout', resourceType: 'auth_session' });
      }
      reply.clearCookie(cookieName, cookieOptions);
      return reply.code(204).send(null);
    });

    app.post('/auth/password', {
      config: { policy: 'staff.self', rateLimit: loginLimit },
      bodyLimit: 8 * 1024,
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (ends your other sessions)',
        body: z.strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) }),
        response: { 204: z.null(), ...problemResponses(400, 401, 403, 422) },
      },
    }, async (req, reply) => {
      await changePassword(db, req.actor, req.body, req.authSession!.tokenHash, (entry) => req.audit(entry));
      return reply.code(204).send(null);
    });

    app.post('/auth/totp/setup', {
      config: { policy: 'staff.self' },
      schema: {
        tags: ['auth'],
        summary: 'Start enrolling a second factor: returns the secret and otpauth:// URI for an authenticator app',
        response: { 200: z.object({ secret: z.string(), uri: z.string() }), ...problemResponses(401, 403, 409) },
      },
    }, async (req) => startTotpEnrolment(db, settings.secrets, req.actor));

    app.post('/auth/totp/confirm', {
      config: { policy: 'staff.self', rateLimit: loginLimit },
      schema: { tags: ['auth'], summary: 'Confirm the second factor with a first code', body: totpBody, response: { 204: z.null(), ...problemResponses(400, 401, 403) } },
    }, async (req, reply) => {
      await confirmTotp(db, settings.secrets, req.actor, req.body.code, (entry) => req.audit(entry));
      return reply.code(204).send(null);
    });

    // ---- OpenID Connect -------------------------------------------------------------

    const oidcCookie = { httpOnly: true, secure: settings.secure, sameSite: 'lax' as const, path: '/api/auth/', maxAge: 600 };

    const startRoute = (sso: OidcClient | undefined, fallback: string) => async (req: FastifyRequest<{ Querystring: { returnTo?: string | undefined } }>, reply: FastifyReply) => {
      if (!sso) throw ssoNotConfigured();
      const { url, binding } = await sso.start(db, safeReturnTo(req.query.returnTo, fallback));
      reply.setCookie(OIDC_COOKIE, binding, oidcCookie);
      reply.header('cache-control', 'no-store');
      return reply.redirect(url.href, 302);
    };

    const returnQuery = z.strictObject({ returnTo: z.string().max(300).optional() });

    app.get('/auth/staff/login', {
      config: { policy: 'public', rateLimit: loginLimit },
      schema: { tags: ['auth'], summary: 'Staff single sign-on: redirects to the identity provider (authorization code + PKCE)', querystring: returnQuery },
    }, startRoute(staffSso, STAFF_HOME));

    app.get('/auth/citizen/login', {
      config: { policy: 'public', rateLimit: loginLimit },
      schema: { tags: ['auth'], summary: 'Citizen sign-in (SPID/CIE through OpenID Connect): redirects to the identity provider', querystring: returnQuery },
    }, startRoute(citizenSso, '/'));

    const failTo = (reply: FastifyReply, page: string, code: string) => {
      const sep = page.includes('?') ? '&' : '?';
      return reply.redirect(`${page}${sep}errore=${encodeURIComponent(code)}`, 302);
    };

    app.get('/auth/staff/callback', {
      config: { policy: 'public' },
      schema: { tags: ['auth'], summary: 'Staff single sign-on: return from the identity provider', hide: true },
    }, async (req, reply) => {
      if (!staffSso) throw ssoNotConfigured();
      reply.clearCookie(OIDC_COOKIE, oidcCookie);
      const ctx = ctxOf(req);
      try {
        const { claims, returnTo } = await staffSso.finish(db, req.cookies[OIDC_COOKIE], req.url.split('?')[1] ?? '');
        const result = await signInStaffWithClaims(db, staffSso.settings.issuer, claims, settings.staffOidc!.roleMapping);
        if (req.authSession) await revokeSession(db, req.authSession.tokenHash);
        const { token } = await createSession(db, settings, { kind: 'staff', userId: result.userId, method: 'oidc', ip: ctx.ip, userAgent: ctx.userAgent });
        await recordAudit(db, {
          actor: { kind: 'anonymous' }, actorId: result.userId, actorName: result.username, action: 'auth.login', outcome: 'success',
          resourceType: 'staff_user', resourceId: result.userId, ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId,
          details: { method: 'oidc', created: result.created, grants: result.grants, unknownPlaces: result.unknownPlaces },
        });
        setSession(reply, token);
        return reply.redirect(returnTo, 302);
      } catch (err) {
        const code = err instanceof AppError ? err.code : 'sso_failed';
        if (!(err instanceof AppError)) req.log.warn({ err }, 'staff single sign-on failed');
        await recordAudit(db, {
          actor: { kind: 'anonymous' }, action: 'auth.login', outcome: code === 'sso_no_role' ? 'denied' : 'failure', ip: ctx.ip,
          userAgent: ctx.userAgent, requestId: ctx.requestId, details: { method: 'oidc', reason: code },
        });
        return failTo(reply, STAFF_LOGIN_PAGE, code);
      }
    });

    app.get('/auth/citizen/callback', {
      config: { policy: 'public' },
      schema: { tags: ['auth'], summary: 'Citizen sign-in: return from the identity provider', hide: true },
    }, async (req, reply) => {
      if (!citizenSso) throw ssoNotConfigured();
      reply.clearCookie(OIDC_COOKIE, oidcCookie);
      try {
        const { claims, returnTo } = await citizenSso.finish(db, req.cookies[OIDC_COOKIE], req.url.split('?')[1] ?? '');
        const taxCode = taxCodeFromClaims(claims);
        if (!taxCode) return failTo(reply, returnTo, 'sso_no_tax_code');
        if (req.authSession) await revokeSession(db, req.authSession.tokenHash);
        const { token } = await createSession(db, settings, {
          kind: 'citizen', taxCode, citizenName: personNameFromClaims(claims), method: 'oidc', ip: req.ip, userAgent: req.headers['user-agent'] ?? null,
        });
        setSession(reply, token);
        return reply.redirect(returnTo, 302);
      } catch (err) {
        if (!(err instanceof AppError)) req.log.warn({ err }, 'citizen sign-in failed');
        return failTo(reply, '/', err instanceof AppError ? err.code : 'sso_failed');
      }
    });

    // A staff member may drop their second factor only when their roles do not require it.
    app.delete('/auth/totp', {
      config: { policy: 'staff.self' },
      schema: { tags: ['auth'], summary: 'Turn off your second factor (not allowed for administrators)', body: totpBody, response: { 204: z.null(), ...problemResponses(400, 401, 403) } },
    }, async (req, reply) => {
      await disableTotp(db, settings.secrets, req.actor, req.body.code, (entry) => req.audit(entry));
      return reply.code(204).send(null);
    });
  };
}

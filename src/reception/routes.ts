import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { problemResponses } from '../platform/openapi.js';
import { authorize, scopesFor, type Action, type Actor } from '../policy/index.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import { AppError } from '../domain/errors.js';
import type { Db } from '../storage/db.js';
import { answerNotFound, type ShortAnswer } from './short-answer.js';
import { createAnswer } from './create-answer.js';
import { getAnswer } from './get-answer.js';
import { answerHistory } from './list-answer-history.js';
import { searchAnswers } from './search-answers.js';
import { updateAnswer } from './update-answer.js';
import { answerCaller } from './office-answers.js';
import { contactSummary, logContact } from './contacts.js';
import { idempotent } from '../platform/idempotency.js';
import { incomingCallDuration, listIncomingCalls, takeIncomingCall } from '../calls/index.js';
import * as s from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

/** Provinces where the actor may perform an action; 'all' with a region-wide grant. */
export function provincesFor(actor: Actor, action: Action): string[] | 'all' {
  const { grants } = scopesFor(actor, action);
  if (grants.some((g) => g.scope.kind === 'region')) return 'all';
  return [...new Set(grants.map((g) => ('provinceCode' in g.scope ? g.scope.provinceCode : '')).filter(Boolean))];
}

function regionOf(actor: Staff): string {
  return actor.grants[0]?.scope.regionCode ?? 'LOM';
}

/** Region-wide answers (no province) are read by everyone who reads answers; written by region-wide grants only. */
function answerPlace(actor: Staff, provinceCode: string | null) {
  return provinceCode ? { provinceCode, regionCode: regionOf(actor) } : { regionCode: regionOf(actor) };
}

const view = (a: ShortAnswer) => ({ ...a, updatedAt: toIsoWithOffset(new Date(a.updatedAt).getTime()) });

/** Reception line: short approved answers (URP writes, agents read) and the contact log. */
export function receptionRoutes(db: Db, secret: Buffer, now: () => number = Date.now): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = (req: FastifyRequest) => req.actor as Staff;

    app.get('/staff/answers', {
      config: { policy: 'staff.answers.read' },
      schema: {
        tags: ['reception'], summary: 'Approved short answers, searched in Italian full text (best matches first); a question about an office\'s hours or address first gets that office\'s own data (source: office)',
        querystring: s.answerSearchQuery, response: { 200: s.answerList, ...problemResponses(400, 401, 403) },
      },
    }, async (req) => {
      // Retired answers are for the people who can bring them back.
      const action = req.query.status === 'retired' ? 'staff.answers.write' : 'staff.answers.read';
      if (req.query.status === 'retired') authorize(req.actor, 'staff.answers.write');
      const provinces = provincesFor(req.actor, action);
      const found = req.query.status === 'retired'
        ? await searchAnswers(db, req.query.q, provinces, req.query.limit, 'retired')
        : await answerCaller(db, req.query.q, provinces, req.query.limit);
      return { items: found.map(view) };
    });

    app.get('/staff/answers/:id', {
      config: { policy: 'staff.answers.read' },
      schema: { tags: ['reception'], summary: 'One short answer (its current version)', params: s.idParams, response: { 200: s.answerView, ...problemResponses(401, 403, 404) } },
    }, async (req) => {
      const a = await getAnswer(db, req.params.id);
      if (!a) throw answerNotFound();
      if (a.provinceCode) authorize(req.actor, 'staff.answers.read', answerPlace(staff(req), a.provinceCode));
      return view(a);
    });

    app.get('/staff/answers/:id/history', {
      config: { policy: 'staff.answers.read' },
      schema: { tags: ['reception'], summary: 'Every version of a short answer', params: s.idParams, response: { 200: s.answerHistoryList, ...problemResponses(401, 403, 404) } },
    }, async (req) => {
      const a = await getAnswer(db, req.params.id);
      if (!a) throw answerNotFound();
      if (a.provinceCode) authorize(req.actor, 'staff.answers.read', answerPlace(staff(req), a.provinceCode));
      const items = await answerHistory(db, a.id);
      return { items: items.map((v) => ({ ...v, changedAt: toIsoWithOffset(new Date(v.changedAt).getTime()) })) };
    });

    app.post('/staff/answers', {
      config: { policy: 'staff.answers.write' },
      schema: { tags: ['reception'], summary: 'Create a short answer (URP)', body: s.answerBody, response: { 201: s.answerView, ...problemResponses(400, 401, 403, 422) } },
    }, async (req, reply) => {
      authorize(req.actor, 'staff.answers.write', answerPlace(staff(req), req.body.provinceCode));
      req.auditPlace = req.body.provinceCode ? { provinceCode: req.body.provinceCode } : null;
      return reply.code(201).send(view(await createAnswer(db, req.body, staff(req).userId)));
    });

    app.patch('/staff/answers/:id', {
      config: { policy: 'staff.answers.write' },
      schema: {
        tags: ['reception'], summary: 'Edit or retire a short answer (with the version you saw: 409 if it changed meanwhile)',
        params: s.idParams, body: s.answerPatch, response: { 200: s.answerView, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    }, async (req) => {
      const a = await getAnswer(db, req.params.id);
      if (!a) throw answerNotFound();
      authorize(req.actor, 'staff.answers.write', answerPlace(staff(req), a.provinceCode));
      req.auditPlace = a.provinceCode ? { provinceCode: a.provinceCode } : null;
      if (req.body.provinceCode !== undefined) authorize(req.actor, 'staff.answers.write', answerPlace(staff(req), req.body.provinceCode));
      const { version, ...change } = req.body;
      return view(await updateAnswer(db, a.id, version, change, staff(req).userId));
    });

    app.post('/staff/contacts', {
      config: { policy: 'staff.contacts.write' },
      schema: {
        tags: ['reception'], summary: 'Log a call handled by the reception line (reason, duration, the answer given)',
        headers: s.idempotencyHeaders, body: s.contactBody, response: { 201: z.object({ id: z.string(), createdAt: z.string() }), ...problemResponses(400, 401, 403, 422) },
      },
    }, async (req, reply) => {
      const provinces = provincesFor(req.actor, 'staff.contacts.write');
      const provinceCode = req.body.provinceCode ?? (provinces !== 'all' && provinces.length === 1 ? provinces[0]! : null);
      if (!provinceCode) {
        throw new AppError(422, 'province_required', { it: 'Indica la provincia della chiamata.', en: 'Give the province of the call.' },
          [{ path: 'provinceCode', code: 'required', it: 'Obbligatoria.', en: 'Required.' }]);
      }
      authorize(req.actor, 'staff.contacts.write', { provinceCode, regionCode: regionOf(staff(req)) });
      req.auditPlace = { provinceCode };
      const r = await idempotent(db, secret, `staff.contacts:${staff(req).userId}`, req.headers['idempotency-key'], req.body, async (tx) => {
        // A taken incoming call: the duration is the call's, from the PBX's events.
        const durationSeconds = req.body.inboundCallId ? await incomingCallDuration(tx, staff(req), req.body.inboundCallId, now()) : req.body.durationSeconds;
        const made = await logContact(tx, { ...req.body, durationSeconds, provinceCode, agentId: staff(req).userId, at: now() });
        return { status: 201, body: { id: made.id, createdAt: toIsoWithOffset(new Date(made.createdAt).getTime()) } };
      });
      return reply.code(201).send(r.body);
    });

    app.get('/staff/reception/calls', {
      config: { policy: 'staff.contacts.write' },
      schema: {
        tags: ['reception'], summary: 'Incoming calls at your reception extension (live, or just ended and not logged), without the caller\'s number: take one to see it',
        querystring: s.incomingQuery, response: { 200: s.incomingList, ...problemResponses(400, 401, 403) },
      },
    }, async (req) => ({ items: await listIncomingCalls(db, staff(req), { extension: req.query.extension, now: now() }) }));

    app.post('/staff/reception/calls/:id/take', {
      config: { policy: 'staff.contacts.write' },
      schema: {
        tags: ['reception'], summary: 'Take an incoming call: it is yours, with the caller\'s number (audited)',
        params: s.idParams, response: { 200: s.takenCall, ...problemResponses(400, 401, 403, 404, 409) },
      },
    }, async (req) => {
      const { place, ...taken } = await takeIncomingCall(db, staff(req), req.params.id, now());
      req.auditPlace = place;
      return taken;
    });

    app.get('/staff/contacts/mine', {
      config: { policy: 'staff.contacts.write' },
      schema: { tags: ['reception'], summary: "The agent's own day: calls by reason, time spent, answers given", querystring: s.dayQuery, response: { 200: s.summary, ...problemResponses(400, 401, 403) } },
    }, async (req) => contactSummary(db, { date: req.query.date ?? today(now), agentId: staff(req).userId }));

    app.get('/staff/contacts/summary', {
      config: { policy: 'staff.monitoring.read' },
      schema: {
        tags: ['reception'], summary: "The reception line's day in the monitor's provinces, per reason and per agent",
        querystring: s.dayQuery.extend({ province: z.string().regex(/^[A-Z]{2}$/).optional() }), response: { 200: s.summary, ...problemResponses(400, 401, 403) },
      },
    }, async (req) => {
      let provinces = provincesFor(req.actor, 'staff.monitoring.read');
      if (req.query.province) {
        authorize(req.actor, 'staff.monitoring.read', { provinceCode: req.query.province, regionCode: regionOf(staff(req)) });
        provinces = [req.query.province];
      }
      return contactSummary(db, { date: req.query.date ?? today(now), provinces });
    });
  };
}

function today(now: () => number): string {
  return toIsoWithOffset(now()).slice(0, 10);
}

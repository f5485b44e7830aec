/**
 * The two-way drawer over HTTP. Consultants under /api/drawer (their companies, their
 * threads), the office under /api/staff/drawer (queue and search, thread page with internal
 * notes, replies, assignment, closing, companies and delegations, SLA figures for the URP).
 * Messages take documents as multipart/form-data (text fields + `files`, at most 5) or JSON
 * without documents; every document is checked whole before anything is written.
 */
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { inspectFiles, multipartLimits, readUpload, type CheckedFile } from '../documents/index.js';
import { problemResponses } from '../platform/openapi.js';
import { zodProblems } from '../platform/zod-problems.js';
import type { Actor } from '../policy/index.js';
import { assignThread } from './assign-thread.js';
import { closeThread } from './close-thread.js';
import { createCompany } from './create-company.js';
import type { DrawerDeps } from './deps.js';
import { getAttachment, type AttachmentContent } from './get-attachment.js';
import { getThreadForConsultant, getThreadForStaff } from './get-thread.js';
import { listAssignees } from './list-assignees.js';
import { listMyCompanies } from './list-companies.js';
import { listConsultants } from './list-consultants.js';
import { listOfficeCompanies } from './list-office-companies.js';
import { listSubjects } from './list-subjects.js';
import { changeSubject, createSubject, deleteSubject, listRegionSubjects } from './manage-subjects.js';
import { grantDelegation, listDelegations, revokeDelegation } from './manage-delegations.js';
import { postConsultantMessage, postStaffMessage } from './post-message.js';
import { registerThread } from './register-thread.js';
import * as s from './routes.schema.js';
import { searchThreads } from './search-threads.js';
import { slaReport } from './sla-report.js';
import { exportThreads } from './export-threads.js';

type Staff = Extract<Actor, { kind: 'staff' }>;
const staff = (req: FastifyRequest) => req.actor as Staff;

const MULTIPART_NOTE = ' Send multipart/form-data (the text fields, and up to 5 documents in `files`: PDF, JPEG, PNG or P7M, type read from the content) or JSON without documents.';

/** The fields and the checked documents of a message, from either body kind. */
async function readMessage<T extends z.ZodType>(deps: DrawerDeps, req: FastifyRequest, schema: T, names: readonly string[]): Promise<{ fields: z.output<T>; files: CheckedFile[] }> {
  let raw: unknown = req.body;
  let uploaded: Awaited<ReturnType<typeof readUpload>>['files'] = [];
  if (req.isMultipart()) {
    const u = await readUpload(req, names, deps.documents.maxBytes);
    raw = u.fields;
    uploaded = u.files;
  }
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new AppError(400, 'invalid_input', { it: 'Alcuni dati non sono validi: correggi i campi indicati.', en: 'Some data is not valid: correct the fields listed.' },
      zodProblems(parsed.error, ['body']));
  }
  return { fields: parsed.data, files: await inspectFiles(uploaded, deps.documents) };
}

function sendDocument(reply: FastifyReply, a: AttachmentContent): FastifyReply {
  const ascii = a.name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .type(a.mediaType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.name)}`)
    .header('content-length', String(a.size))
    .header('x-content-sha256', a.sha256)
    .send(a.content);
}

export function drawerRoutes(deps: DrawerDeps): FastifyPluginAsyncZod {
  return async (app) => {
    // preservePath: a name with a path reaches the check (and is refused) instead of being cut silently.
    await app.register(multipart, { limits: multipartLimits(deps.documents.maxBytes), throwFileSizeLimit: true, preservePath: true });

    // ——— both sides ———
    app.get('/drawer/subjects', {
      config: { policy: 'staff.self' },
      schema: { tags: ['drawer'], summary: "The two-level subject tree of the actor's region", response: { 200: s.subjectTree, ...problemResponses(401, 403) } },
    }, async (req) => ({ items: await listSubjects(deps.db, staff(req).grants[0]?.scope.regionCode ?? '') }));

    // ——— the consultant's side ———
    app.get('/drawer/companies', {
      config: { policy: 'drawer.consultant' },
      schema: { tags: ['drawer'], summary: 'The companies I hold an active delegation for', response: { 200: s.companyList, ...problemResponses(401, 403) } },
    }, async (req) => ({ items: await listMyCompanies(deps.db, staff(req)) }));

    app.get('/drawer/threads', {
      config: { policy: 'drawer.consultant' },
      schema: { tags: ['drawer'], summary: "My companies' requests, searched", querystring: s.consultantThreadQuery, response: { 200: s.threadList, ...problemResponses(400, 401, 403) } },
    }, async (req) => searchThreads(deps, staff(req), 'consultant', { sort: 'recent', ...req.query }));

    app.post('/drawer/threads', {
      config: { policy: 'drawer.consultant' },
      schema: {
        tags: ['drawer'], summary: `Register a request for a company (fields companyId, subjectId, title, body): a protocol number, routed to the company's office.${MULTIPART_NOTE}`,
        consumes: ['multipart/form-data', 'application/json'],
        response: { 201: s.registered, ...problemResponses(400, 401, 403, 404, 413, 415, 422, 503) },
      },
    }, async (req, reply) => {
      const m = await readMessage(deps, req, s.newThreadFields, ['companyId', 'subjectId', 'title', 'body']);
      return reply.code(201).send(await registerThread(deps, staff(req), m.fields, m.files));
    });

    app.get('/drawer/threads/:id', {
      config: { policy: 'drawer.consultant' },
      schema: { tags: ['drawer'], summary: 'One of my requests, with the messages (no internal notes)', params: s.idParams, response: { 200: s.threadView, ...problemResponses(400, 401, 403, 404) } },
    }, async (req) => getThreadForConsultant(deps, staff(req), req.params.id));

    app.post('/drawer/threads/:id/messages', {
      config: { policy: 'drawer.consultant' },
      schema: {
        tags: ['drawer'], summary: `Reply on one of my requests (field body).${MULTIPART_NOTE}`, params: s.idParams,
        consumes: ['multipart/form-data', 'application/json'],
        response: { 201: s.created, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503) },
      },
    }, async (req, reply) => {
      const m = await readMessage(deps, req, s.consultantMessageFields, ['body']);
      return reply.code(201).send(await postConsultantMessage(deps, staff(req), req.params.id, m.fields.body, m.files));
    });

    app.get('/drawer/attachments/:id', {
      config: { policy: 'drawer.consultant' },
      schema: { tags: ['drawer'], summary: 'Download a document of one of my requests (Content-Disposition: attachment)', params: s.idParams, response: problemResponses(400, 401, 403, 404) },
    }, async (req, reply) => sendDocument(reply, await getAttachment(deps, staff(req), req.params.id, 'consultant')));

    // ——— the office's side ———
    app.get('/staff/drawer/threads', {
      config: { policy: 'staff.drawer.read' },
      schema: { tags: ['drawer'], summary: 'The office queue (nearest deadline first) and the search', querystring: s.threadQuery, response: { 200: s.threadList, ...problemResponses(400, 401, 403) } },
    }, async (req) => searchThreads(deps, staff(req), 'staff', req.query));

    app.get('/staff/drawer/threads/:id', {
      config: { policy: 'staff.drawer.read', audit: 'personal-data' },
      schema: { tags: ['drawer'], summary: 'A request with every message and the internal notes', params: s.idParams, response: { 200: s.threadView, ...problemResponses(400, 401, 403, 404) } },
    }, async (req) => {
      const t = await getThreadForStaff(deps, staff(req), req.params.id);
      req.auditPlace = { officeId: t.office.id };
      return t;
    });

    app.post('/staff/drawer/threads/:id/messages', {
      config: { policy: 'staff.drawer.write' },
      schema: {
        tags: ['drawer'], summary: `Answer the consultant, or add an internal note (fields body, internal).${MULTIPART_NOTE}`, params: s.idParams,
        consumes: ['multipart/form-data', 'application/json'],
        response: { 201: s.created, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503) },
      },
    }, async (req, reply) => {
      const m = await readMessage(deps, req, s.staffMessageFields, ['body', 'internal']);
      return reply.code(201).send(await postStaffMessage(deps, staff(req), req.params.id, m.fields, m.files));
    });

    app.post('/staff/drawer/threads/:id/assign', {
      config: { policy: 'staff.drawer.write' },
      schema: { tags: ['drawer'], summary: 'Take in charge (yourself) or assign to a colleague; an open request becomes "in carico"', params: s.idParams, body: s.assignBody, response: { 200: s.assigned, ...problemResponses(400, 401, 403, 404, 409, 422) } },
    }, async (req) => assignThread(deps, staff(req), req.params.id, req.body.assigneeId));

    app.get('/staff/drawer/threads/:id/assignees', {
      config: { policy: 'staff.drawer.write' },
      schema: { tags: ['drawer'], summary: 'Who the request can be assigned to: the colleagues whose grants cover it (you first)', params: s.idParams, response: { 200: s.assigneeList, ...problemResponses(400, 401, 403, 404) } },
    }, async (req) => listAssignees(deps, staff(req), req.params.id));

    app.post('/staff/drawer/threads/:id/close', {
      config: { policy: 'staff.drawer.write' },
      schema: { tags: ['drawer'], summary: 'Close with an outcome (and a note for the consultant)', params: s.idParams, body: s.closeBody, response: { 204: z.null(), ...problemResponses(400, 401, 403, 404, 409) } },
    }, async (req, reply) => {
      await closeThread(deps, staff(req), req.params.id, req.body);
      return reply.code(204).send(null);
    });

    app.get('/staff/drawer/attachments/:id', {
      config: { policy: 'staff.drawer.read', audit: 'personal-data' },
      schema: { tags: ['drawer'], summary: 'Download a document (Content-Disposition: attachment)', params: s.idParams, response: problemResponses(400, 401, 403, 404) },
    }, async (req, reply) => sendDocument(reply, await getAttachment(deps, staff(req), req.params.id, 'staff')));

    app.get('/staff/drawer/sla', {
      config: { policy: 'staff.drawer.report' },
      schema: { tags: ['drawer'], summary: 'SLA figures per office: open, overdue, closed, median hours to first answer and to close', querystring: s.slaQuery, response: { 200: s.slaView, ...problemResponses(400, 401, 403) } },
    }, async (req) => slaReport(deps, staff(req), req.query));

    app.get('/staff/drawer/export', {
      config: { policy: 'staff.drawer.report' },
      schema: {
        tags: ['drawer'], summary: 'The search exported for the URP (CSV, `;` and decimal comma for Excel): dates, state, outcome, SLA hours; no contents',
        querystring: s.exportQuery, response: { 200: z.any().describe('the CSV file (text/csv)'), ...problemResponses(400, 401, 403, 422) },
      },
    }, async (req, reply) => {
      const r = await exportThreads(deps, staff(req), req.query);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="cassetto-richieste.csv"').header('x-rows', String(r.rows)).send(r.csv);
    });

    app.get('/staff/drawer/subjects', {
      config: { policy: 'staff.drawer.subjects' },
      schema: { tags: ['drawer'], summary: "My region's subject tree for its administration: areas and subjects, SLA days, desk, how many requests name each", response: { 200: s.subjectAdminList, ...problemResponses(401, 403) } },
    }, async (req) => listRegionSubjects(deps.db, staff(req)));

    app.post('/staff/drawer/subjects', {
      config: { policy: 'staff.drawer.subjects' },
      schema: { tags: ['drawer'], summary: 'A new area (no parentId) or a new subject of an area (with its SLA in working days)', body: s.subjectBody, response: { 201: s.subjectView, ...problemResponses(400, 401, 403, 404, 409, 422) } },
    }, async (req, reply) => reply.code(201).send(await createSubject(deps.db, staff(req), req.body)));

    app.patch('/staff/drawer/subjects/:id', {
      config: { policy: 'staff.drawer.subjects' },
      schema: { tags: ['drawer'], summary: 'Rename an area or a subject, change its SLA (new requests), desk or position', params: s.idParams, body: s.subjectChange, response: { 200: s.subjectView, ...problemResponses(400, 401, 403, 404, 422) } },
    }, async (req) => changeSubject(deps.db, staff(req), req.params.id, req.body));

    app.delete('/staff/drawer/subjects/:id', {
      config: { policy: 'staff.drawer.subjects' },
      schema: { tags: ['drawer'], summary: 'Delete an area (with its subjects) or a subject that no request names (409 otherwise)', params: s.idParams, response: { 204: z.null(), ...problemResponses(400, 401, 403, 404, 409) } },
    }, async (req, reply) => {
      await deleteSubject(deps.db, staff(req), req.params.id);
      return reply.code(204).send(null);
    });

    app.get('/staff/drawer/delegations', {
      config: { policy: 'staff.drawer.delegations' },
      schema: { tags: ['drawer'], summary: "Consultants' delegations for the companies of my offices", querystring: s.delegationQuery, response: { 200: s.delegationList, ...problemResponses(400, 401, 403) } },
    }, async (req) => ({ items: await listDelegations(deps.db, staff(req), req.query) }));

    app.get('/staff/drawer/companies', {
      config: { policy: 'staff.drawer.delegations' },
      schema: { tags: ['drawer'], summary: 'The companies (matricola) of my offices, with their active delegations', response: { 200: s.officeCompanyList, ...problemResponses(401, 403) } },
    }, async (req) => ({ items: await listOfficeCompanies(deps.db, staff(req)) }));

    app.get('/staff/drawer/consultants', {
      config: { policy: 'staff.drawer.delegations' },
      schema: { tags: ['drawer'], summary: 'The labour consultants whose grant reaches one of my offices (to delegate a company to)', response: { 200: s.consultantList, ...problemResponses(401, 403) } },
    }, async (req) => ({ items: await listConsultants(deps.db, staff(req)) }));

    app.post('/staff/drawer/companies', {
      config: { policy: 'staff.drawer.delegations' },
      schema: { tags: ['drawer'], summary: 'Record a company (matricola) and its competent office', body: s.companyBody, response: { 201: s.created, ...problemResponses(400, 401, 403, 404, 409) } },
    }, async (req, reply) => reply.code(201).send(await createCompany(deps.db, req.actor, req.body)));

    app.post('/staff/drawer/delegations', {
      config: { policy: 'staff.drawer.delegations' },
      schema: { tags: ['drawer'], summary: 'Delegate a company to a labour consultant', body: s.delegationBody, response: { 201: s.created, ...problemResponses(400, 401, 403, 404, 409, 422) } },
    }, async (req, reply) => reply.code(201).send(await grantDelegation(deps.db, staff(req), req.body, deps.now())));

    app.post('/staff/drawer/delegations/:id/revoke', {
      config: { policy: 'staff.drawer.delegations' },
      schema: { tags: ['drawer'], summary: 'Revoke a delegation: the consultant no longer sees the company', params: s.idParams, response: { 204: z.null(), ...problemResponses(400, 401, 403, 404, 409) } },
    }, async (req, reply) => {
      await revokeDelegation(deps.db, staff(req), req.params.id, deps.now());
      return reply.code(204).send(null);
    });
  };
}

/**
 * The citizen's documents after a call over HTTP. Public (the link's id in the address, its
 * token in the body — never in an address, so never in a log): what the office asked for, and
 * the upload (multipart/form-data: `token` and up to 5 documents in `files`). Staff: what
 * arrived on a booking, and each document (audited).
 */
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../domain/errors.js';
import { MAX_FILES_PER_MESSAGE } from '../domain/documents/attachment.js';
import { inspectFiles, multipartLimits, readUpload } from '../documents/index.js';
import { problemResponses } from '../platform/openapi.js';
import { zodProblems } from '../platform/zod-problems.js';
import type { Actor } from '../policy/index.js';
import { getBookingDocument, listBookingDocuments } from './booking-documents.js';
import type { UploadsDeps } from './deps.js';
import { openUploadLink } from './open-upload-link.js';
import { receiveDocuments } from './receive-documents.js';
import * as s from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;
const staff = (req: FastifyRequest) => req.actor as Staff;

function sendDocument(reply: FastifyReply, d: { name: string; mediaType: string; size: number; sha256: string; content: Buffer }): FastifyReply {
  const ascii = d.name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .type(d.mediaType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(d.name)}`)
    .header('content-length', String(d.size))
    .header('x-content-sha256', d.sha256)
    .send(d.content);
}

export function uploadRoutes(deps: UploadsDeps): FastifyPluginAsyncZod {
  return async (app) => {
    // preservePath: a name with a path reaches the check (and is refused) instead of being cut silently.
    await app.register(multipart, { limits: multipartLimits(deps.documents.maxBytes), throwFileSizeLimit: true, preservePath: true });

    app.post('/uploads/:id/status', {
      config: { policy: 'public' },
      schema: {
        tags: ['uploads'], summary: 'An upload link after a "documents needed" call: what the office asked for, until when, whether it can still be used',
        params: s.linkParams, body: s.tokenBody, response: { 200: s.linkView, ...problemResponses(400, 404) },
      },
    }, async (req) => ({ ...(await openUploadLink(deps, req.params.id, req.body.token)), maxFiles: MAX_FILES_PER_MESSAGE, maxBytes: deps.documents.maxBytes }));

    app.post('/uploads/:id', {
      config: { policy: 'public' },
      schema: {
        tags: ['uploads'],
        summary: 'Send the documents through the link, once (multipart/form-data: field `token`, up to 5 files in `files`: PDF, JPEG, PNG or P7M, type read from the content). Used or expired: 410, nothing stored.',
        params: s.linkParams, consumes: ['multipart/form-data'],
        response: { 201: s.received, ...problemResponses(400, 404, 410, 413, 415, 422, 503) },
      },
    }, async (req, reply) => {
      if (!req.isMultipart()) {
        throw new AppError(415, 'multipart_required', { it: 'I documenti si inviano come multipart/form-data.', en: 'Documents are sent as multipart/form-data.' });
      }
      const u = await readUpload(req, ['token'], deps.documents.maxBytes);
      const parsed = s.uploadFields.safeParse(u.fields);
      if (!parsed.success) {
        throw new AppError(400, 'invalid_input', { it: 'Il collegamento non è valido: copialo per intero.', en: 'The link is not valid: copy all of it.' }, zodProblems(parsed.error, ['body']));
      }
      const files = await inspectFiles(u.files, deps.documents);
      return reply.code(201).send(await receiveDocuments(deps, req.params.id, parsed.data.token, files));
    });

    app.get('/staff/agenda/bookings/:id/documents', {
      config: { policy: 'staff.agenda.read', audit: 'personal-data' },
      schema: {
        tags: ['uploads'], summary: "What the citizen sent through the booking's upload link (and the link: sent, until when, used)",
        params: s.idParams, response: { 200: s.bookingDocuments, ...problemResponses(400, 401, 403, 404) },
      },
    }, async (req) => {
      const { place, ...view } = await listBookingDocuments(deps, staff(req), req.params.id);
      req.auditPlace = { officeId: place.officeId ?? null };
      return view;
    });

    app.get('/staff/booking-documents/:id', {
      config: { policy: 'staff.agenda.read', audit: 'personal-data' },
      schema: { tags: ['uploads'], summary: 'Download a document a citizen sent (Content-Disposition: attachment)', params: s.idParams, response: problemResponses(400, 401, 403, 404, 503) },
    }, async (req, reply) => {
      const d = await getBookingDocument(deps, staff(req), req.params.id);
      req.auditPlace = { officeId: d.place.officeId ?? null };
      return sendDocument(reply, d);
    });
  };
}

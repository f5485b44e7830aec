import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type Bilingual, type FieldProblem } from '../domain/errors.js';
import { issueProblem } from './zod-problems.js';
import { isDatabaseUnavailable, pgConstraint, pgErrorCode } from '../storage/db.js';

/** RFC 9457 problem details, with our stable code and both languages. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  messages: Bilingual;
  fields?: FieldProblem[];
  /** The request's id (X-Request-Id), as in the server's log lines; set by sendProblem. */
  requestId?: string;
}

export const PROBLEM_TYPE_BASE = 'https://sportello.example/problems/';

export function problemOf(status: number, code: string, messages: Bilingual, fields?: FieldProblem[], extra: Record<string, unknown> = {}): Problem {
  return {
    ...extra,
    type: PROBLEM_TYPE_BASE + code,
    title: messages.en,
    status,
    detail: messages.it,
    code,
    messages,
    ...(fields && fields.length ? { fields } : {}),
  };
}

/** Sends a problem; its body and its X-Request-Id header carry the request's id (also when no route ran). */
/** The code of the problem each reply carries (for /metrics, without reading the body again). */
const sentCodes = new WeakMap<FastifyReply, string>();
export const sentProblemCode = (reply: FastifyReply): string | undefined => sentCodes.get(reply);

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  const requestId = reply.request.id;
  sentCodes.set(reply, p.code);
  return reply.code(p.status).header('x-request-id', requestId).type('application/problem+json; charset=utf-8').send(JSON.stringify({ ...p, requestId }));
}

const FRAMEWORK_ERRORS: Record<string, { code: string; messages: Bilingual }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    messages: { it: 'Formato della richiesta non supportato: usa JSON.', en: 'Unsupported request format: use JSON.' },
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'payload_too_large',
    messages: { it: 'La richiesta è troppo grande.', en: 'The request is too large.' },
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'invalid_json',
    messages: { it: 'Il corpo JSON della richiesta è vuoto.', en: 'The JSON body of the request is empty.' },
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'invalid_json',
    messages: { it: 'Il corpo della richiesta non è JSON valido.', en: 'The request body is not valid JSON.' },
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'invalid_content_length',
    messages: { it: 'La lunghezza dichiarata della richiesta non corrisponde al suo contenuto.', en: 'The declared length of the request does not match its content.' },
  },
  FST_ERR_BAD_URL: {
    code: 'bad_url',
    messages: { it: "L'indirizzo della richiesta non è valido.", en: 'The request URL is not valid.' },
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    code: 'bad_url',
    messages: { it: "Una parte dell'indirizzo della richiesta è troppo lunga.", en: 'A part of the request URL is too long.' },
  },
  FST_ERR_ASYNC_CONSTRAINT: {
    code: 'bad_request',
    messages: { it: 'Richiesta non valida.', en: 'Bad request.' },
  },
};

/** Errors of Fastify's router (bad URL, over-long parameter), before any route runs. */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  void errorHandler(err, req, reply);
}

/**
 * Errors of Node's HTTP parser (431 header fields too large, which includes an over-long
 * URL, 408, malformed requests): no request exists yet, so the answer is written on the
 * socket, as problem+json like every other error, and the connection closed.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, p] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, problemOf(431, 'headers_too_large', { it: "L'indirizzo o le intestazioni della richiesta sono troppo grandi.", en: 'The request URL or headers are too large.' })]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, problemOf(408, 'request_timeout', { it: 'La richiesta è arrivata troppo lentamente.', en: 'The request arrived too slowly.' })]
        : [400, problemOf(400, 'bad_request', { it: 'Richiesta HTTP non valida.', en: 'Malformed HTTP request.' })];
  const body = JSON.stringify(p);
  // As Node does: no second answer on a socket whose request is already being answered.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Retry-After of a 503 database_unavailable: a PostgreSQL restart takes a few seconds. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
/** The database's refusals of a booking at a municipal station (migration 0034), wherever they come from (a move, a claim). */
const STATION_REFUSALS: Record<string, Problem> = {
  booking_station_hours: problemOf(409, 'outside_station_hours', {
    it: 'La postazione è chiusa a quell’ora: scegli un orario in cui è aperta.', en: 'The station is closed at that time: choose a time when it is open.',
  }),
  booking_station_desk: problemOf(409, 'station_not_on_desk', {
    it: 'La postazione non è collegata a questo sportello.', en: 'The station is not attached to this desk.',
  }),
  booking_station_video: problemOf(422, 'station_needs_video', {
    it: 'Una prenotazione presso la postazione comunale è una videochiamata.', en: 'A booking at a municipal station is a video call.',
  }),
};

/** Turns every error into problem+json; only unexpected ones are 5xx (and logged as errors). */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof AppError) {
    // A refusal that says when to come back (429): the header too (RFC 9110 §10.2.3).
    const retryAfter = err.extra.retryAfter;
    if (typeof retryAfter === 'number' && Number.isFinite(retryAfter)) reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
    return sendProblem(reply, problemOf(err.status, err.code, err.messages, err.fields, err.extra));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'request';
    const fields = err.validation.map((v) => {
      // The provider spreads the zod issue into params, without its path, code and message.
      const path = v.instancePath.split('/').filter(Boolean);
      const issue = { ...v.params, code: v.keyword, message: v.message, path } as unknown as Parameters<typeof issueProblem>[0];
      return issueProblem(issue, [where]);
    });
    return sendProblem(
      reply,
      problemOf(400, 'invalid_input', { it: 'Alcuni dati non sono validi: correggi i campi indicati.', en: 'Some data is not valid: correct the fields listed.' }, fields),
    );
  }
  if (pgErrorCode(err) === '23514' && STATION_REFUSALS[pgConstraint(err) ?? '']) {
    // A booking at a municipal station moved or made outside its hours or desk (migration 0034).
    return sendProblem(reply, STATION_REFUSALS[pgConstraint(err)!]!);
  }
  if (pgErrorCode(err) === '23503') {
    // A reference the use case checked was removed meanwhile (or one it did not check): the
    // database refused it, nothing was written. Use cases check their references; this is
    // the last line, logged so that the missing check is found.
    req.log.warn({ err }, 'foreign key violation answered as 422');
    return sendProblem(reply, problemOf(422, 'unknown_reference', { it: 'Un dato collegato non esiste (più): ricarica la pagina e riprova.', en: 'A linked item does not exist (any more): reload the page and try again.' }));
  }
  if (isDatabaseUnavailable(err)) {
    // The database is restarting or out of reach: nothing was decided (a confirmation retried
    // with its Idempotency-Key gets the first answer if it had been written). Come back shortly.
    req.log.warn({ err }, 'database unavailable: answered 503');
    reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    return sendProblem(reply, problemOf(503, 'database_unavailable', {
      it: 'Il servizio è momentaneamente non disponibile: riprova tra qualche secondo.',
      en: 'The service is unavailable for a moment: try again in a few seconds.',
    }));
  }
  const known = err.code ? FRAMEWORK_ERRORS[err.code] : undefined;
  if (known) return sendProblem(reply, problemOf(err.statusCode ?? 400, known.code, known.messages));
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    if (err.statusCode === 429) {
      return sendProblem(reply, problemOf(429, 'too_many_requests', { it: 'Troppe richieste: riprova tra poco.', en: 'Too many requests: try again shortly.' }));
    }
    if (err.statusCode === 413) return sendProblem(reply, problemOf(413, 'payload_too_large', FRAMEWORK_ERRORS.FST_ERR_CTP_BODY_TOO_LARGE!.messages));
    if (err.statusCode === 415) return sendProblem(reply, problemOf(415, 'unsupported_media_type', FRAMEWORK_ERRORS.FST_ERR_CTP_INVALID_MEDIA_TYPE!.messages));
    return sendProblem(reply, problemOf(err.statusCode, 'bad_request', { it: 'Richiesta non valida.', en: 'Bad request.' }));
  }
  req.log.error({ err }, 'unexpected error');
  return sendProblem(
    reply,
    problemOf(500, 'internal_error', {
      it: 'Si è verificato un errore imprevisto. Riprova tra qualche minuto.',
      en: 'An unexpected error occurred. Please try again in a few minutes.',
    }),
  );
}

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type Bilingual, type FieldProblem } from '../domain/errors.js';
import { issueProblem } from '../platform/zod-problems.js';

/** RFC 9457 problem details, with our stable code and both languages. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  messages: Bilingual;
  fields?: FieldProblem[];
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

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(p));
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
  const known = err.code ? FRAMEWORK_ERRORS[err.code] : undefined;
  if (known) return sendProblem(reply, problemOf(err.statusCode ?? 400, known.code, known.messages));
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    if (err.statusCode === 429) {
      return sendProblem(reply, problemOf(429, 'too_many_requests', { it: 'Troppe richieste: riprova tra poco.', en: 'Too many requests: try again shortly.' }));
    }
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

/**
 * The edge guard: every string that reaches a route — in a JSON body, the query string or
 * the path — is checked and normalised here, once, before the route's own schema runs.
 *
 * - U+0000, a lone surrogate (half of a UTF-16 pair) or another control character than
 *   tab, line feed and carriage return → 400 `invalid_characters`, naming the field.
 *   PostgreSQL cannot store U+0000 nor a lone surrogate in text (the whole statement, or
 *   batch, would fail); the other controls have no business in a name, a note or a code.
 * - Everything else is normalised to NFC, so that "è" typed as one character or as "e" and
 *   a combining accent is the same text in searches, uniqueness checks and exports.
 * - Object keys are checked like values; structures deeper than MAX_DEPTH → 400 `too_deep`.
 *
 * Raw bodies (a Buffer, e.g. a signed webhook) are left alone: their route checks them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from '../domain/errors.js';

/** Deepest nesting of arrays and objects accepted in an input (our schemas need 5). */
export const MAX_DEPTH = 32;

// Controls other than \t \n \r, and lone surrogates (a high one not followed by a low one,
// a low one not preceded by a high one).
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `s` holds a character the guard refuses. */
export function hasForbiddenCharacters(s: string): boolean {
  return FORBIDDEN.test(s);
}

const invalidCharacters = (path: string): FieldProblem => ({
  path,
  code: 'invalid_characters',
  it: 'Contiene caratteri non ammessi (caratteri di controllo o non validi).',
  en: 'Contains characters that are not allowed (control or invalid characters).',
});

/**
 * Checks and normalises one input. Returns the value with every string in NFC, or throws
 * an AppError (400) listing the fields with forbidden characters.
 */
export function guardInput(value: unknown, where: string): unknown {
  const problems: FieldProblem[] = [];
  const out = walk(value, where, 0, problems);
  if (problems.length) {
    throw new AppError(
      400,
      'invalid_characters',
      {
        it: 'Alcuni campi contengono caratteri non ammessi: correggi i campi indicati.',
        en: 'Some fields contain characters that are not allowed: correct the fields listed.',
      },
      problems.slice(0, 20),
    );
  }
  return out;
}

function walk(value: unknown, path: string, depth: number, problems: FieldProblem[]): unknown {
  if (typeof value === 'string') {
    if (FORBIDDEN.test(value)) {
      problems.push(invalidCharacters(path));
      return value;
    }
    return value.normalize('NFC');
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  if (depth >= MAX_DEPTH) {
    throw new AppError(400, 'too_deep', {
      it: `I dati della richiesta sono annidati troppo in profondità (al massimo ${MAX_DEPTH} livelli).`,
      en: `The request data is nested too deeply (at most ${MAX_DEPTH} levels).`,
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`, depth + 1, problems));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const keyPath = `${path}.${key}`;
    if (FORBIDDEN.test(key)) {
      problems.push(invalidCharacters(`${path}.${JSON.stringify(key).slice(1, -1).slice(0, 40)}`));
      continue;
    }
    const k = key.normalize('NFC');
    // A key named like one of Object.prototype's own would not poison anything (out is a
    // fresh object and JSON bodies are parsed with Fastify's prototype-poisoning check),
    // but "__proto__" must stay a plain member, as JSON.parse made it.
    Object.defineProperty(out, k, { value: walk(v, keyPath, depth + 1, problems), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Registers the guard on every route of `app` (call before the routes are registered). */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req: FastifyRequest) => {
    req.params = guardInput(req.params, 'params');
    req.query = guardInput(req.query, 'querystring');
    if (req.body !== undefined) req.body = guardInput(req.body, 'body');
  });
}

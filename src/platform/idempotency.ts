import { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';
import { randomBytes } from './random.js';
import { AppError } from '../domain/errors.js';
import type { Db, Queryable } from '../storage/db.js';

export interface StoredResponse<T = unknown> {
  status: number;
  body: T;
}

export const IDEMPOTENCY_TTL_HOURS = 24;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** JSON with sorted keys, so that the same request always hashes the same. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function cipherKey(secret: Buffer, key: string): Buffer {
  return createHmac('sha256', secret).update(`idempotency:${key}`).digest();
}

function seal(secret: Buffer, key: string, body: unknown): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', cipherKey(secret, key), iv);
  const data = Buffer.concat([c.update(JSON.stringify(body), 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), data]);
}

function open(secret: Buffer, key: string, sealed: Buffer | Uint8Array): unknown {
  const buf = Buffer.from(sealed);
  const d = createDecipheriv('aes-256-gcm', cipherKey(secret, key), buf.subarray(0, 12));
  d.setAuthTag(buf.subarray(12, 28));
  return JSON.parse(Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8'));
}

export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{8,200}$/.test(key)) {
    throw new AppError(400, 'invalid_idempotency_key', {
      it: "L'intestazione Idempotency-Key deve avere da 8 a 200 caratteri stampabili, senza spazi.",
      en: 'The Idempotency-Key header must have 8 to 200 printable characters, without spaces.',
    });
  }
  return key;
}

/** What the database keeps of a request's key: hashes only (see `idempotent`). */
export interface IdempotencyClaim {
  scope: string;
  keyHash: string;
  requestHash: string;
}

export function idempotencyClaim(scope: string, key: string, request: unknown): IdempotencyClaim {
  return { scope, keyHash: sha256(`${scope}\n${key}`), requestHash: sha256(stable(request)) };
}

/** The response as `idempotent` stores it (encrypted with a key derived from the raw key), in hex. */
export function sealedResponseHex(secret: Buffer, key: string, body: unknown): string {
  return seal(secret, key, body).toString('hex');
}

/**
 * Runs `run` in one transaction and, when an Idempotency-Key is given, keeps its response so
 * that a retry with the same key gets the same answer without doing the work again — also
 * when the retry arrives while the first request is still running (it waits on the key's row).
 * A failed request keeps nothing, so its retry runs again. The key is stored only as a hash
 * and the response encrypted with a key derived from it (a new booking's PIN is in there).
 */
export async function idempotent<T>(
  db: Db,
  secret: Buffer,
  scope: string,
  key: string | undefined,
  request: unknown,
  run: (tx: Queryable) => Promise<StoredResponse<T>>,
): Promise<StoredResponse<T> & { replayed: boolean }> {
  checkIdempotencyKey(key);
  // Without a key there is nothing to keep: `run` gets a transaction.
  if (key === undefined) return { ...(await db.transaction(run)), replayed: false };
  const { keyHash, requestHash } = idempotencyClaim(scope, key, request);
  return db.transaction(async (tx) => {
    const fresh = await tx.query(
      `INSERT INTO idempotency_record (scope, key_hash, request_hash, status, response)
       VALUES ($1, $2, $3, 0, '\\x') ON CONFLICT (scope, key_hash) DO NOTHING RETURNING 1`,
      [scope, keyHash, requestHash],
    );
    if (fresh.rows.length === 1) {
      const result = await run(tx);
      await tx.query('UPDATE idempotency_record SET status = $3, response = $4 WHERE scope = $1 AND key_hash = $2', [
        scope, keyHash, result.status, seal(secret, key, result.body),
      ]);
      return { ...result, replayed: false };
    }
    const prior = await tx.query<{ requestHash: string; status: number; response: Uint8Array }>(
      'SELECT request_hash AS "requestHash", status, response FROM idempotency_record WHERE scope = $1 AND key_hash = $2',
      [scope, keyHash],
    );
    const row = prior.rows[0]!;
    if (row.requestHash !== requestHash) {
      throw new AppError(422, 'idempotency_key_reused', {
        it: 'Questa Idempotency-Key è già stata usata per una richiesta diversa.',
        en: 'This Idempotency-Key was already used for a different request.',
      });
    }
    return { status: row.status, body: open(secret, key, row.response) as T, replayed: true };
  });
}

/** Forgets responses older than the retention of keys. */
export async function purgeIdempotency(db: Queryable, nowMs: number): Promise<number> {
  const r = await db.query('DELETE FROM idempotency_record WHERE created_at < $1', [new Date(nowMs - IDEMPOTENCY_TTL_HOURS * 3_600_000)]);
  return r.rowCount;
}

import type { Problem } from './types';

/**
 * Why a request failed, in the terms the UI explains to people: no answer (network),
 * nothing at that address (not_found), the server failed (server), or the server
 * refused the request for a reason it states in `problem` (rejected: 4xx of a POST).
 */
export type ApiErrorKind = 'network' | 'not_found' | 'server' | 'rejected';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number | null,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `API error (${kind}${status ? ` ${status}` : ''})`);
    this.name = 'ApiError';
  }
}

async function readProblem(response: Response): Promise<Problem | null> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return null;
  try {
    const body: unknown = await response.json();
    return body && typeof body === 'object' ? (body as Problem) : null;
  } catch {
    return null;
  }
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, signal: signal ?? null });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('network', null, null);
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    // The public pages only send what their address holds (ids, a province code):
    // a malformed one (400) means the address is wrong, like an unknown one (404).
    const kind = response.status === 404 || response.status === 400 ? 'not_found' : 'server';
    throw new ApiError(kind, response.status, problem);
  }
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError('server', response.status, null);
  }
}

/** The stable code of a refused request (`slot_full`, `invalid_tax_code`…), if any. */
export function problemCode(error: unknown): string | null {
  return error instanceof ApiError && error.kind === 'rejected' ? (error.problem?.code ?? null) : null;
}

/** Writes must not hang for ever on a dead connection: after this, a network error. */
const WRITE_TIMEOUT_MS = 20_000;

export interface SendOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface Sent<T> {
  data: T;
  /** Server clock minus this device's clock, in ms (from the Date header; 0 if absent). */
  skewMs: number;
}

/**
 * A write (POST/DELETE) to the API. 4xx answers become `rejected` errors carrying the
 * problem (its code, messages and fields); 5xx `server`; no answer `network`.
 */
export async function send<T>(method: 'POST' | 'DELETE', path: string, options: SendOptions = {}): Promise<Sent<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const timeout = AbortSignal.timeout(WRITE_TIMEOUT_MS);
  const signal = options.signal && typeof AbortSignal.any === 'function' ? AbortSignal.any([options.signal, timeout]) : (options.signal ?? timeout);
  let response: Response;
  const sentAt = Date.now();
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError('network', null, null);
  }
  const date = Date.parse(response.headers.get('date') ?? '');
  // The Date header has a one-second resolution: ignore differences below two seconds.
  const raw = Number.isNaN(date) ? 0 : date - (sentAt + Date.now()) / 2;
  const skewMs = Math.abs(raw) < 2000 ? 0 : raw;
  if (!response.ok) {
    const problem = await readProblem(response);
    const kind = response.status >= 500 ? 'server' : response.status === 404 && !problem?.code ? 'not_found' : 'rejected';
    throw new ApiError(kind, response.status, problem);
  }
  if (response.status === 204) return { data: undefined as T, skewMs };
  const type = response.headers.get('content-type') ?? '';
  try {
    const data = type.includes('json') ? ((await response.json()) as T) : ((await response.text()) as T);
    return { data, skewMs };
  } catch {
    throw new ApiError('server', response.status, null);
  }
}

/** A fresh Idempotency-Key (random UUID v4, also outside secure contexts). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

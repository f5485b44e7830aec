/**
 * The one client of the API: openapi-fetch over the types generated from the server's
 * /api/openapi.json (schema.d.ts, written by `npm run api:types`), and the one error every
 * failed request becomes (AdminApiError: status, kind, the problem+json with its code,
 * Italian and English messages, fields and request id).
 */
import createClient, { type Client, type ClientPathsWithMethod, type MethodResponse } from 'openapi-fetch';
import type { paths } from './schema';

export type { paths } from './schema';

export interface Bilingual {
  it: string;
  en: string;
}

export interface FieldProblem extends Partial<Bilingual> {
  path: string;
  code: string;
  line?: number;
}

/** application/problem+json, as the server sends it (src/platform/openapi.ts problemSchema). */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code: string;
  messages: Bilingual;
  fields?: FieldProblem[];
  /** The request's id (X-Request-Id), as in the server's logs. */
  requestId?: string;
  /** Extra members of some problems (opensAt, existingCode, currentVersion…). */
  [extra: string]: unknown;
}

/**
 * Why a request failed, in the terms the UI explains to people: no answer (network),
 * nothing at that address (not_found), the server failed (server), or the server
 * refused the request for a reason it states in `problem` (rejected).
 */
export type ApiErrorKind = 'network' | 'not_found' | 'server' | 'rejected';

/** A write's or a staff request's failure: 5xx the server's, a 404 without a code an unknown address, other answers a refusal. */
function kindOf(status: number, problem: Problem | null): ApiErrorKind {
  if (status === 0) return 'network';
  if (status >= 500) return 'server';
  return status === 404 && !problem?.code ? 'not_found' : 'rejected';
}

/** A failed request. `status` 0: no answer (or an answer that could not be read). */
export class AdminApiError extends Error {
  readonly kind: ApiErrorKind;

  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    kind?: ApiErrorKind,
  ) {
    super(problem?.detail ?? problem?.title ?? problem?.messages?.en ?? (status ? `HTTP ${status}` : `API error (${kind ?? 'network'})`));
    this.name = 'AdminApiError';
    this.kind = kind ?? kindOf(status, problem);
  }

  /** The stable code of the problem (`slot_full`, `invalid_tax_code`…), if any. */
  get code(): string | null {
    return this.problem?.code ?? null;
  }

  get messages(): Bilingual | null {
    return this.problem?.messages ?? null;
  }

  get fields(): FieldProblem[] {
    return this.problem?.fields ?? [];
  }

  get requestId(): string | null {
    return this.problem?.requestId ?? null;
  }
}

/** The stable code of a refused request (`slot_full`, `invalid_tax_code`…), if any. */
export function problemCode(error: unknown): string | null {
  return error instanceof AdminApiError && error.kind === 'rejected' ? error.code : null;
}

/** A client of the API on this origin, with the session cookie; JSON both ways unless a request says otherwise. */
export function createApiClient(): Client<paths> {
  return createClient<paths>({
    baseUrl: '',
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    // Looked up at each request, not once: tests and the service worker may wrap fetch later.
    fetch: (request) => globalThis.fetch(request),
  });
}

/** The citizen and public pages' client (the staff screens have theirs, with the CSRF token: staff/api.ts). */
export const api = createApiClient();

/** What an openapi-fetch request resolves to. */
export interface Fetched<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Options of a request made through `settle`: the abort signal goes to fetch. */
export interface RequestInit {
  signal?: AbortSignal;
}

function problemOf(error: unknown): Problem | null {
  return error && typeof error === 'object' ? (error as Problem) : null;
}

/**
 * Runs a request and gives its answer, or throws AdminApiError: no answer `network` (status 0),
 * an unreadable 2xx `server`, a failed answer the kind `failure` says. An abort by the caller's
 * own `signal` is thrown as it is.
 */
export async function settle<T>(
  request: Promise<Fetched<T>>,
  signal: AbortSignal | undefined,
  failure: (status: number, problem: Problem | null) => ApiErrorKind = kindOf,
): Promise<{ data: T; response: Response }> {
  let result: Fetched<T>;
  try {
    result = await request;
  } catch (error) {
    if (signal?.aborted) throw error;
    // openapi-fetch throws a SyntaxError for a 2xx whose JSON does not parse.
    throw new AdminApiError(0, null, error instanceof SyntaxError ? 'server' : 'network');
  }
  const { response } = result;
  if (!response.ok) {
    const problem = problemOf(result.error);
    throw new AdminApiError(response.status, problem, failure(response.status, problem));
  }
  return { data: result.data as T, response };
}

/**
 * A public read (GET). The public pages only send what their address holds (ids, a province
 * code): a malformed one (400) means the address is wrong, like an unknown one (404);
 * any other failure is the server's.
 */
export async function read<T>(request: (init: RequestInit) => Promise<Fetched<T>>, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = signal ? { signal } : {};
  return (await settle(request(init), signal, (status) => (status === 404 || status === 400 ? 'not_found' : 'server'))).data;
}

/** Writes must not hang for ever on a dead connection: after this, a network error. */
const WRITE_TIMEOUT_MS = 20_000;

export interface Sent<T> {
  data: T;
  /** Server clock minus this device's clock, in ms (from the Date header; 0 if absent). */
  skewMs: number;
}

/**
 * A citizen write (POST/DELETE): 4xx answers become `rejected` errors carrying the problem
 * (its code, messages and fields; a 404 without a code `not_found`), 5xx `server`, no answer
 * or none within WRITE_TIMEOUT_MS `network`. Gives the data and the server's clock skew.
 */
export async function write<T>(request: (init: RequestInit) => Promise<Fetched<T>>, signal?: AbortSignal): Promise<Sent<T>> {
  const timeout = AbortSignal.timeout(WRITE_TIMEOUT_MS);
  const combined = signal && typeof AbortSignal.any === 'function' ? AbortSignal.any([signal, timeout]) : (signal ?? timeout);
  const sentAt = Date.now();
  const { data, response } = await settle(request({ signal: combined }), signal);
  const date = Date.parse(response.headers.get('date') ?? '');
  // The Date header has a one-second resolution: ignore differences below two seconds.
  const raw = Number.isNaN(date) ? 0 : date - (sentAt + Date.now()) / 2;
  return { data, skewMs: Math.abs(raw) < 2000 ? 0 : raw };
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

/**
 * The JSON a route answers with on success, as the server documents it and as openapi-fetch gives it
 * (e.g. `ApiData<'/api/offices/{id}'>`). openapi-fetch reads a tuple of the schema (`[min, max]`) as an array.
 */
export type ApiData<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'patch' | 'delete' = 'get'> =
  P extends ClientPathsWithMethod<Client<paths>, M> ? MethodResponse<Client<paths>, M, P> : never;

/** The JSON body a route takes, as the server documents it. */
export type ApiBody<P extends keyof paths, M extends 'post' | 'put' | 'patch' | 'delete' = 'post'> =
  paths[P][M] extends { requestBody?: { content: { 'application/json': infer J } } } ? J : never;

/** One entry of a route's `items` list. */
export type ApiItem<P extends keyof paths, M extends 'get' | 'post' = 'get'> = ApiData<P, M> extends { items: (infer I)[] } ? I : never;

import type { Problem } from './types';

/** Why a request failed, in the terms the UI explains to people. */
export type ApiErrorKind = 'network' | 'not_found' | 'server';

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

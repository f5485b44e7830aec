/**
 * The staff API (admin screens, reception console): session cookie + CSRF token on every
 * write, errors as application/problem+json. Shared by web/src/pages/admin and /reception.
 */
import { useCallback, useEffect, useState } from 'react';

export interface Bilingual {
  it: string;
  en: string;
}

export interface Problem {
  code: string;
  status: number;
  messages: Bilingual;
  fields?: { path: string; code: string; it: string; en: string }[];
  /** Extra members of some problems (existingCode, currentVersion…). */
  [extra: string]: unknown;
}

export interface GrantView {
  id: string;
  role: string;
  source: 'local' | 'oidc';
  scope: {
    kind: 'region' | 'province' | 'office' | 'desk';
    regionCode: string;
    provinceCode: string | null;
    officeId: string | null;
    officeCode: string | null;
    officeName: string | null;
    deskId: string | null;
    deskName: string | null;
  };
}

export interface SessionInfo {
  authenticated: boolean;
  kind: 'anonymous' | 'staff' | 'citizen';
  csrfToken: string | null;
  user: { id: string; username: string; displayName: string; roles: string[]; grants: GrantView[]; totpEnabled: boolean; method: string } | null;
  sso: { staff: boolean; citizen: boolean };
}

export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.messages.en ?? `HTTP ${status}`);
  }
}

let csrfToken: string | null = null;
/** The CSRF token of the session, for requests `call` does not make (multipart uploads). */
export function currentCsrf(): string | null {
  return csrfToken;
}
export function setCsrf(token: string | null): void {
  csrfToken = token;
}

/** A request to the API; `headers` adds e.g. an Idempotency-Key. Non-2xx answers throw AdminApiError (status 0: no answer). */
export async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const h: Record<string, string> = { Accept: 'application/json', ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) h['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers: h, body: body === undefined ? null : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new AdminApiError(0, null);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    if (res.ok) throw new AdminApiError(res.status, null);
  }
  if (!res.ok) throw new AdminApiError(res.status, (json as Problem | null) ?? null);
  if (json && typeof json === 'object' && 'csrfToken' in json && typeof (json as { csrfToken: unknown }).csrfToken === 'string') {
    csrfToken = (json as { csrfToken: string }).csrfToken;
  }
  return json as T;
}

/** Loads a path; `reload` fetches again (after a change). */
export function useAdminData<T>(path: string | null): { data: T | null; error: AdminApiError | null; loading: boolean; reload: () => void } {
  const [n, setN] = useState(0);
  const [state, setState] = useState<{ data: T | null; error: AdminApiError | null; loading: boolean }>({ data: null, error: null, loading: true });
  useEffect(() => {
    if (!path) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    call<T>('GET', path).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState({ data: null, error: error instanceof AdminApiError ? error : new AdminApiError(0, null), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { ...state, reload };
}

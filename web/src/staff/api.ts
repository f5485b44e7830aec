/**
 * The staff API (admin screens, reception console): session cookie + CSRF token on every
 * write, errors as application/problem+json. Shared by web/src/pages/admin and /reception.
 */
import { useCallback, useEffect, useState } from 'react';
import { AdminApiError, createApiClient, settle, type ApiData, type Fetched } from '../api/client';

export { AdminApiError, type Bilingual, type Problem } from '../api/client';

/** The session (GET /api/auth/session) and a staff user's grants, as the server documents them. */
export type SessionInfo = ApiData<'/api/auth/session'>;
export type GrantView = NonNullable<SessionInfo['user']>['grants'][number];

let csrfToken: string | null = null;
export function setCsrf(token: string | null): void {
  csrfToken = token;
}

/**
 * The staff screens' client: every write carries the session's CSRF token, and an answer
 * carrying a new token (sign-in, the session) replaces it.
 */
export const staffApi = createApiClient();
staffApi.use({
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
});

/** A staff request through `staffApi` (typed by the generated paths): its data, or AdminApiError (status 0: no answer). */
export async function staff<T>(request: Promise<Fetched<T>>): Promise<T> {
  const { data } = await settle(request, undefined);
  if (data && typeof data === 'object' && 'csrfToken' in data && typeof (data as { csrfToken: unknown }).csrfToken === 'string') {
    csrfToken = (data as { csrfToken: string }).csrfToken;
  }
  return (data ?? null) as T;
}

export interface Loaded<T> {
  data: T | null;
  error: AdminApiError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads what `load` asks `staffApi` for (typed by the generated paths) while `key` is not null,
 * again when `key` changes (say the address and its parameters there) or on `reload` (after a change).
 */
export function useStaffData<T>(key: string | null, load: () => Promise<Fetched<T>>): Loaded<T> {
  const [n, setN] = useState(0);
  const [state, setState] = useState<{ data: T | null; error: AdminApiError | null; loading: boolean }>({ data: null, error: null, loading: true });
  useEffect(() => {
    if (!key) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    staff<T>(load()).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState({ data: null, error: error instanceof AdminApiError ? error : new AdminApiError(0, null), loading: false }),
    );
    return () => {
      live = false;
    };
    // Runs on purpose only when the key changes: `load` is a new function on every render, the key says what it asks.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { ...state, reload };
}

import { useCallback, useEffect, useState } from 'react';
import { AdminApiError, getJson } from './client';

export type ApiState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: AdminApiError }
  | { status: 'ready'; data: T };

/**
 * Loads JSON from the API for as long as the component shows `path`
 * (null: nothing to load). `retry` loads again after an error.
 */
export function useApi<T>(path: string | null): ApiState<T> & { retry: () => void } {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<{ path: string | null; value: ApiState<T> }>({
    path,
    value: { status: 'loading' },
  });

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState({ path, value: { status: 'loading' } });
    getJson<T>(path, controller.signal).then(
      (data) => setState({ path, value: { status: 'ready', data } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({
          path,
          value: { status: 'error', error: error instanceof AdminApiError ? error : new AdminApiError(0, null, 'server') },
        });
      },
    );
    return () => controller.abort();
  }, [path, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  // A new path shows "loading" at once, not the previous page's data.
  const value: ApiState<T> = state.path === path ? state.value : { status: 'loading' };
  return { ...value, retry };
}

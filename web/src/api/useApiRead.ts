import { useCallback, useEffect, useState } from 'react';
import type { Client, ClientPathsWithMethod } from 'openapi-fetch';
import { AdminApiError, api, read, type ApiData, type Fetched, type paths } from './client';

export type ApiState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: AdminApiError }
  | { status: 'ready'; data: T };

/** A path the API answers GET on, as the server documents it. */
export type ReadPath = ClientPathsWithMethod<Client<paths>, 'get'>;

/** What a GET on `P` takes: its path parameters and its query, as the server documents them. */
export type ReadParams<P extends ReadPath> = paths[P]['get'] extends { parameters: infer Q }
  ? { [K in keyof Q as K extends 'path' | 'query' ? K : never]: Q[K] }
  : never;

/** The parameters argument: required when the path has required parameters (`{id}`), optional otherwise. */
type ParamsArg<P extends ReadPath> = object extends ReadParams<P> ? [params?: ReadParams<P>] : [params: ReadParams<P>];

/** `api` seen without its overloads (checking the call against every path is too much for tsc; the hook's signature checks it). */
interface UntypedGet {
  GET(path: string, init: object): Promise<Fetched<unknown>>;
}

/**
 * Loads a public GET of the API (`read`'s errors) for as long as the component shows `path`
 * with `params` (path null: nothing to load), typed by the generated schema. The query is sent
 * in the order of `params.query`'s keys, without those undefined. `retry` loads again after an error.
 */
export function useApiRead<P extends ReadPath>(path: P | null, ...[params]: ParamsArg<P>): ApiState<ApiData<P>> & { retry: () => void } {
  const key = path === null ? null : JSON.stringify([path, params ?? {}]);
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<{ key: string | null; value: ApiState<unknown> }>({ key, value: { status: 'loading' } });

  useEffect(() => {
    if (path === null || key === null) return;
    const controller = new AbortController();
    setState({ key, value: { status: 'loading' } });
    read((init) => (api as unknown as UntypedGet).GET(path, { params, ...init }), controller.signal).then(
      (data) => setState({ key, value: { status: 'ready', data } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ key, value: { status: 'error', error: error instanceof AdminApiError ? error : new AdminApiError(0, null, 'server') } });
      },
    );
    return () => controller.abort();
    // The key says the path and its parameters: `params` is a new object on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  // A new path (or new parameters) shows "loading" at once, not the previous page's data.
  // The data is what the server documents for `path` (ApiData<P>): tsc cannot follow it through the untyped call.
  const value = (state.key === key ? state.value : { status: 'loading' }) as ApiState<ApiData<P>>;
  return { ...value, retry };
}

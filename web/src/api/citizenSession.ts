/**
 * The citizen signed in with SPID/CIE (citizen OIDC session), if any: their tax code comes from
 * the identity provider, and the server lets them confirm without the one-time code. Writes of
 * the citizen portal carry the session's CSRF token once one is known (without it the server
 * treats the request as anonymous). Asked once per page load.
 */
import { useEffect, useState } from 'react';
import { api, read, type ApiData } from './client';

export type CitizenSession = NonNullable<ApiData<'/api/auth/session'>['citizen']>;

let csrfToken: string | null = null;
let pending: Promise<CitizenSession | null> | null = null;
let known: CitizenSession | null | undefined;

/** Headers a citizen portal write adds: the CSRF token of a citizen session. */
export function citizenCsrfHeaders(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

export function loadCitizenSession(): Promise<CitizenSession | null> {
  pending ??= read((init) => api.GET('/api/auth/session', { ...init })).then(
    (s) => {
      known = s.kind === 'citizen' && s.citizen ? s.citizen : null;
      csrfToken = known ? s.csrfToken : null;
      return known;
    },
    () => {
      pending = null; // asked again next time
      known = null;
      return null;
    },
  );
  return pending;
}

/** undefined while asking; then the signed-in citizen or null. */
export function useCitizenSession(): CitizenSession | null | undefined {
  const [citizen, setCitizen] = useState<CitizenSession | null | undefined>(known);
  useEffect(() => {
    let live = true;
    void loadCitizenSession().then((c) => live && setCitizen(c));
    return () => {
      live = false;
    };
  }, []);
  return citizen;
}

/** The signed-in staff member, shared by the admin screens and the reception console. */
import { createContext, useCallback, useContext, useState } from 'react';
import { setCsrf, staff, staffApi, type SessionInfo } from './api';

export interface SessionContext {
  session: SessionInfo | null;
  refresh: () => Promise<void>;
}

export const SessionCtx = createContext<SessionContext>({ session: null, refresh: async () => undefined });
export const useSession = () => useContext(SessionCtx);

/** Session state for a provider: `refresh` reads /api/auth/session and keeps its CSRF token. */
export function useSessionState(): SessionContext {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const refresh = useCallback(async () => {
    const s = await staff(staffApi.GET('/api/auth/session'));
    setCsrf(s.csrfToken);
    setSession(s);
  }, []);
  return { session, refresh };
}

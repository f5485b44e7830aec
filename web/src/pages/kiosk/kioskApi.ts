/** The kiosk's calls: its device token (localStorage) as a bearer token, never a cookie. Shapes: the server's own, generated. */
import type { ApiData } from '../../api/client';

const TOKEN_KEY = 'sportello.station.token';

export function storedToken(): string | null {
  try {
    return window.localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}
export function storeToken(token: string | null): void {
  try {
    if (token) window.localStorage.setItem(TOKEN_KEY, token);
    else window.localStorage.removeItem(TOKEN_KEY);
  } catch {
    // no storage: the device must be enrolled again after a reload
  }
}

export class KioskError extends Error {
  constructor(readonly status: number, readonly code: string | null) {
    super(code ?? `HTTP ${status}`);
  }
}

export async function kioskCall<T>(method: 'GET' | 'POST', path: string, body?: unknown, token = storedToken()): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
  } catch {
    throw new KioskError(0, 'network');
  }
  if (!res.ok) {
    const p = (await res.json().catch(() => null)) as { code?: string } | null;
    throw new KioskError(res.status, p?.code ?? null);
  }
  return (await res.json()) as T;
}

export type Appointments = ApiData<'/api/station/appointments'>;
export type StationInfo = Appointments['station'];
export type Hours = StationInfo['hours'][number];
export type CheckIn = ApiData<'/api/station/check-in', 'post'>;
export type Enrolled = ApiData<'/api/station/enrol', 'post'>;

/** "09:00" of an ISO time, Europe/Rome. */
export const timeOf = (iso: string): string =>
  new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

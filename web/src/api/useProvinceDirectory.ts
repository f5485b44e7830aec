import { useEffect, useState } from 'react';
import { AdminApiError, getJson } from './client';
import type { DeskDetail, ListResponse, Office, OfficeSummary, Province } from './types';

export interface DirectoryOffice extends Office {
  /** The office's active desks with their weekly hours, by desk number. */
  deskDetails: DeskDetail[];
}

export interface ProvinceDirectory {
  province: Province;
  offices: DirectoryOffice[];
}

export type DirectoryState =
  | { status: 'loading' }
  | { status: 'error'; error: AdminApiError }
  | { status: 'ready'; data: ProvinceDirectory | null };

/**
 * A province with its offices, their desks and the desks' hours: what the province
 * page and its poster print. `data` null: no such province.
 */
export function useProvinceDirectory(code: string): DirectoryState & { retry: () => void } {
  const [state, setState] = useState<DirectoryState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    const get = <T,>(path: string) => getJson<T>(path, controller.signal);
    setState({ status: 'loading' });
    (async () => {
      const [provinces, list] = await Promise.all([
        get<ListResponse<Province>>('/api/provinces'),
        get<ListResponse<OfficeSummary>>(`/api/offices?province=${encodeURIComponent(code)}`),
      ]);
      const province = provinces.items.find((p) => p.code === code);
      if (!province) return null;
      const offices = await Promise.all(
        list.items.map(async (o) => {
          const office = await get<Office>(`/api/offices/${encodeURIComponent(o.id)}`);
          const active = office.desks.filter((d) => d.active).sort((a, b) => a.number - b.number);
          const deskDetails = await Promise.all(active.map((d) => get<DeskDetail>(`/api/desks/${encodeURIComponent(d.id)}`)));
          return { ...office, deskDetails };
        }),
      );
      return { province, offices };
    })().then(
      (data) => setState({ status: 'ready', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'error', error: error instanceof AdminApiError ? error : new AdminApiError(0, null, 'server') });
      },
    );
    return () => controller.abort();
  }, [code, attempt]);
  return { ...state, retry: () => setAttempt((n) => n + 1) };
}

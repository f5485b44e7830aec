import { useEffect, useState } from 'react';
import { AdminApiError, api, read } from './client';
import type { DeskDetail, Office, Province } from './types';

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
    const { signal } = controller;
    setState({ status: 'loading' });
    (async () => {
      const [provinces, list] = await Promise.all([
        read((init) => api.GET('/api/provinces', { ...init }), signal),
        read((init) => api.GET('/api/offices', { params: { query: { province: code } }, ...init }), signal),
      ]);
      const province = provinces.items.find((p) => p.code === code);
      if (!province) return null;
      const offices = await Promise.all(
        list.items.map(async (o) => {
          const office = await read((init) => api.GET('/api/offices/{id}', { params: { path: { id: o.id } }, ...init }), signal);
          const active = office.desks.filter((d) => d.active).sort((a, b) => a.number - b.number);
          const deskDetails = await Promise.all(active.map((d) => read((init) => api.GET('/api/desks/{id}', { params: { path: { id: d.id } }, ...init }), signal)));
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

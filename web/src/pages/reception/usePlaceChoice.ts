import { useCallback, useEffect, useMemo, useState } from 'react';
import { staffApi, useStaffData } from '../../staff/api';
import { defaultOffice, openSlots, type Slot } from './api';
import { openStationSlots } from './StationChoice';

/**
 * Where the caller is booked: the province, the caller's town (which proposes its office), the
 * office and its desk — or a municipal station of the province (a video appointment at the
 * station's desk, in its hours) — and how the free slots of that choice are read.
 */
export function usePlaceChoice(provinces: readonly string[], officeIds: readonly string[] | null) {
  const [town, setTown] = useState('');
  const [province, setProvince] = useState(provinces[0] ?? '');
  const [officeId, setOfficeId] = useState<string | null>(null);
  const [deskId, setDeskId] = useState<string | null>(null);
  const [stationId, setStationId] = useState<string | null>(null);
  // Offices of the province, the default one from the caller's town, its desks ──
  const officeList = useStaffData(province ? `/api/offices?province=${province}` : null, () => staffApi.GET('/api/offices', { params: { query: { province } } }));
  const offices = useMemo(
    () => (officeList.data?.items ?? []).filter((o) => !officeIds || officeIds.includes(o.id)),
    [officeList.data, officeIds],
  );
  const towns = useMemo(() => [...new Set(offices.map((o) => o.town))].sort((a, b) => a.localeCompare(b, 'it')), [offices]);
  useEffect(() => {
    setOfficeId(defaultOffice(offices, town)?.id ?? null);
  }, [offices, town]);
  const office = useStaffData(officeId ? `/api/offices/${officeId}` : null, () => staffApi.GET('/api/offices/{id}', { params: { path: { id: officeId ?? '' } } }));
  const desks = useMemo(
    () => (office.data && office.data.id === officeId ? office.data.desks.filter((d) => d.active).sort((a, b) => a.number - b.number) : []),
    [office.data, officeId],
  );
  useEffect(() => {
    setDeskId((current) => (current && desks.some((d) => d.id === current) ? current : (desks[0]?.id ?? null)));
  }, [desks]);

  // ── the municipal stations of the province (booking "at the station of Comune X": video, its hours) ──
  const stationList = useStaffData(province ? `/api/stations?province=${province}` : null, () => staffApi.GET('/api/stations', { params: { query: { province } } }));
  const stations = useMemo(
    () => (stationList.data?.items ?? []).filter((st) => !officeIds || offices.some((o) => o.code === st.officeCode)),
    [stationList.data, officeIds, offices],
  );
  const station = stations.find((st) => st.id === stationId) ?? null;
  const loadSlots = useCallback((): Promise<Slot[]> | null => (station ? openStationSlots(station) : deskId ? openSlots(deskId) : null), [station, deskId]);
  return {
    town, setTown, province, setProvince, officeId, setOfficeId, deskId, setDeskId, stationId, setStationId,
    offices, towns, desks, stations, station, loadSlots,
  };
}

export type PlaceChoice = ReturnType<typeof usePlaceChoice>;

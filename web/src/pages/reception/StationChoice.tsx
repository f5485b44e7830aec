/**
 * Booking a caller "at the station of Comune X" (docs/stations.md): the municipal stations of the
 * agent's province, their slots (the desk's video slots inside the station's hours) and what to
 * read out (the station's address; the booking code is typed on its screen).
 */
import { useTranslation } from 'react-i18next';
import type { ApiItem } from '../../api/client';
import { staff, staffApi } from '../../staff/api';
import { CALL_MARGIN_MINUTES, type Slot } from './api';

/** A municipal station of the province, as GET /api/stations lists it. */
export type ReceptionStation = ApiItem<'/api/stations'>;

/** The open slots of a station, soonest first (the desk's notice plus the call's margin left out). */
export async function openStationSlots(station: Pick<ReceptionStation, 'id' | 'deskId'>): Promise<Slot[]> {
  const desk = await staff(staffApi.GET('/api/desks/{id}', { params: { path: { id: station.deskId } } }));
  const earliest = Date.now() + (desk.minNoticeMinutes + CALL_MARGIN_MINUTES) * 60_000;
  const r = await staff(staffApi.GET('/api/stations/{id}/slots', { params: { path: { id: station.id } } }));
  return r.days.flatMap((d) => d.slots).filter((s) => s.state === 'open' && s.remaining > 0 && Date.parse(s.start) >= earliest);
}

/** "Where": a phone call (the desk chosen above) or one of the province's municipal stations. */
export function StationSelect({ stations, value, onChange }: { stations: readonly ReceptionStation[]; value: string | null; onChange: (id: string | null) => void }) {
  const { t } = useTranslation();
  if (stations.length === 0) return null;
  return (
    <div className="col-12 col-md-6">
      <label htmlFor="rc-station" className="rc-label">
        {t('reception.station.label')}
      </label>
      <select id="rc-station" className="form-select" value={value ?? ''} aria-describedby="rc-station-help" onChange={(e) => onChange(e.target.value || null)}>
        <option value="">{t('reception.station.none')}</option>
        {stations.map((s) => (
          <option key={s.id} value={s.id}>
            {s.comune} — {s.name}
          </option>
        ))}
      </select>
      <div id="rc-station-help" className="form-text">
        {t('reception.station.help')}
      </div>
    </div>
  );
}

/** After booking at a station: where the caller goes, and what they do there. */
export function StationReadOut({ station }: { station: Pick<ReceptionStation, 'name' | 'address'> }) {
  const { t } = useTranslation();
  return (
    <p className="mb-2" data-testid="booking-station">
      <strong>{t('reception.station.where', { name: station.name, address: station.address })}</strong> {t('reception.station.readOut')}
    </p>
  );
}

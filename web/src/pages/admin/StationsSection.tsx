import '../kiosk/i18n';
import './stations-i18n';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiItem } from '../../api/client';
import { AdminApiError, staff, staffApi, useStaffData } from '../../staff/api';
import type { AdminOffice } from './officeApi';
import { ProblemMessage } from './ProblemMessage';

type Hours = ApiItem<'/api/staff/stations'>['hours'][number];

/** "1 09:00-12:00" per line (1 = Monday … 7 = Sunday) ↔ the API's intervals. */
export function parseHours(text: string): Hours[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const m = /^([1-7])\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(l);
    const pad = (s: string) => s.padStart(5, '0');
    return m ? { weekday: Number(m[1]), from: pad(m[2]!), to: pad(m[3]!) } : { weekday: 0, from: l, to: '' };
  });
}

/** The office's municipal stations: register one, enrol a device (one-time code), revoke devices, deactivate. */
export function StationsSection({ office }: { office: AdminOffice }) {
  const { t, i18n } = useTranslation();
  const list = useStaffData(`/api/staff/stations?officeId=${office.id}`, () => staffApi.GET('/api/staff/stations', { params: { query: { officeId: office.id } } }));
  const [codes, setCodes] = useState<Record<string, { code: string; expiresAt: string }>>({});
  const [error, setError] = useState<AdminApiError | null>(null);
  const act = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
      list.reload();
    } catch (err) {
      setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
    }
  };
  const videoDesks = office.desks.filter((d) => d.channels.includes('video'));
  const time = (iso: string) => new Date(iso).toLocaleTimeString(i18n.language === 'en' ? 'en-GB' : 'it-IT', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit' });
  return (
    <section aria-labelledby="stations-title" className="mb-5 admin-section">
      <h2 id="stations-title" className="h4">{t('station.admin.title')}</h2>
      <p>{t('station.admin.lead')}</p>
      {error && <ProblemMessage error={error} />}
      {list.data && list.data.items.length === 0 && <p>{t('station.admin.none')}</p>}
      <ul className="list-group mb-3" data-testid="station-list">
        {list.data?.items.map((s) => (
          <li key={s.id} className="list-group-item">
            <div className="d-flex flex-wrap justify-content-between gap-2">
              <span>
                <strong>{s.name}</strong> — {s.comune}
                <span className={`badge ms-2 ${s.connection === 'online' ? 'bg-success' : s.connection === 'offline' ? 'bg-danger' : 'bg-secondary'}`} data-testid="station-connection">
                  {t(`station.admin.connection.${s.connection}`)}
                </span>
                {!s.active && <span className="badge bg-secondary ms-2">{t('station.admin.inactive')}</span>}
                <br />
                <small>{s.address} · {t('station.admin.hoursLine', { hours: s.hours.map((h) => `${t(`station.admin.day${h.weekday}`)} ${h.from}–${h.to}`).join(', ') })}</small>
                <br />
                <small>{t('station.admin.upcoming', { count: s.upcomingBookings })}{s.lastSeenAt ? ` · ${t('station.admin.lastSeen', { time: time(s.lastSeenAt) })}` : ''}</small>
              </span>
              <span className="d-flex flex-wrap gap-2 align-items-start">
                <button type="button" className="btn btn-primary btn-sm" disabled={!s.active}
                  onClick={() => void act(async () => {
                    const c = await staff(staffApi.POST('/api/staff/stations/{id}/enrolment-codes', { params: { path: { id: s.id } } }));
                    setCodes((x) => ({ ...x, [s.id]: c }));
                  })}>{t('station.admin.enrol')}</button>
                <button type="button" className="btn btn-outline-primary btn-sm"
                  onClick={() => void act(async () => { await staff(staffApi.PATCH('/api/staff/stations/{id}', { params: { path: { id: s.id } }, body: { active: !s.active } })); })}>
                  {s.active ? t('station.admin.deactivate') : t('station.admin.activate')}
                </button>
              </span>
            </div>
            {codes[s.id] && (
              <p className="alert alert-info mt-2 mb-0" role="status">
                {t('station.admin.code', { time: time(codes[s.id]!.expiresAt) })} <strong data-testid="enrolment-code" className="fs-4">{codes[s.id]!.code}</strong>
              </p>
            )}
            {s.devices.filter((d) => !d.revokedAt).length > 0 && (
              <ul className="mt-2 mb-0">
                {s.devices.filter((d) => !d.revokedAt).map((d) => (
                  <li key={d.id}>
                    {t('station.admin.device', { time: new Date(d.enrolledAt).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'it-IT', { timeZone: 'Europe/Rome' }) })}{' '}
                    <button type="button" className="btn btn-link btn-sm p-0" onClick={() => void act(async () => { await staff(staffApi.POST('/api/staff/stations/{id}/devices/{deviceId}/revoke', { params: { path: { id: s.id, deviceId: d.id } } })); })}>
                      {t('station.admin.revoke')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {videoDesks.length === 0 ? <p>{t('station.admin.noVideoDesk')}</p> : <NewStation office={office} desks={videoDesks} onSaved={list.reload} />}
    </section>
  );
}

function NewStation({ office, desks, onSaved }: { office: AdminOffice; desks: AdminOffice['desks']; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const empty = { deskId: desks[0]!.id, comune: '', name: '', address: '', accessibility: '', hours: '1 09:00-12:00' };
  const [f, setF] = useState(empty);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await staff(staffApi.POST('/api/staff/offices/{id}/stations', { params: { path: { id: office.id } }, body: { ...f, hours: parseHours(f.hours), accessibility: f.accessibility || undefined } }));
      setF(empty);
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
    }
  };
  const field = (key: 'comune' | 'name' | 'address' | 'accessibility', required = true) => (
    <div className="form-group col-12 col-md-6">
      <label htmlFor={`st-${key}`} className="active">{t(`station.admin.${key}`)}</label>
      <input id={`st-${key}`} className="form-control" required={required} value={f[key]} onChange={(e) => setF({ ...f, [key]: e.target.value })} />
    </div>
  );
  return (
    <form onSubmit={submit} aria-labelledby="new-station-title">
      <h3 id="new-station-title" className="h5">{t('station.admin.new')}</h3>
      <div className="row">
        <div className="form-group col-12 col-md-6">
          <label htmlFor="st-desk" className="active">{t('station.admin.desk')}</label>
          <select id="st-desk" className="form-select" value={f.deskId} onChange={(e) => setF({ ...f, deskId: e.target.value })}>
            {desks.map((d) => <option key={d.id} value={d.id}>{i18n.language === 'en' ? d.nameEn : d.nameIt}</option>)}
          </select>
        </div>
        {field('comune')}
        {field('name')}
        {field('address')}
        {field('accessibility', false)}
        <div className="form-group col-12 col-md-6">
          <label htmlFor="st-hours" className="active">{t('station.admin.hours')}</label>
          <textarea id="st-hours" className="form-control" rows={4} value={f.hours} aria-describedby="st-hours-help" onChange={(e) => setF({ ...f, hours: e.target.value })} />
          <small id="st-hours-help" className="form-text">{t('station.admin.hoursHelp')}</small>
        </div>
      </div>
      {error && <ProblemMessage error={error} />}
      {saved && <p className="alert alert-success" role="status">{t('station.admin.saved')}</p>}
      <button type="submit" className="btn btn-primary">{t('station.admin.register')}</button>
    </form>
  );
}

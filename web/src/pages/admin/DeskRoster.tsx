import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiBody } from '../../api/client';
import { staffApi } from './adminApi';
import { ChangeFeedback, type Change } from './ChangeFlow';
import { type AdminDesk, type AdminOffice, type Shift } from './officeApi';

/** Monday (1) to Sunday (7), as the calendars number them. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

export function Roster({ desk, office, change }: { desk: AdminDesk; office: AdminOffice; change: Change }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Shift[]>(desk.roster);
  const set = (i: number, patch: Partial<Shift>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const send = (b: ApiBody<'/api/staff/admin/desks/{id}/roster', 'put'>) => staffApi.PUT('/api/staff/admin/desks/{id}/roster', { params: { path: { id: desk.id } }, body: b });
  const body = () => ({ shifts: rows.map((r) => (r.date ? { operatorId: r.operatorId, date: r.date, from: r.from, to: r.to } : { operatorId: r.operatorId, weekday: Number(r.weekday ?? 1), from: r.from, to: r.to })) });
  return (
    <section aria-labelledby="roster-title" className="mb-5 admin-section">
      <h2 id="roster-title" className="h4">{t('admin.desk.roster')}</h2>
      <p>{desk.placesFollowRoster ? t('admin.desk.rosterFollows') : t('admin.desk.rosterLead')}</p>
      {office.operators.length === 0 ? <p>{t('admin.office.noOperators')}</p> : (
        <form className="admin-rows" onSubmit={(e) => {
          e.preventDefault();
          void change.save(send, body());
        }}>
          {rows.length === 0 && <p>{t('admin.desk.noShifts')}</p>}
          {rows.map((r, i) => (
            <fieldset key={i} className="row align-items-end">
              <legend className="visually-hidden">{t('admin.desk.shiftN', { n: i + 1 })}</legend>
              <div className="form-group col-12 col-md-6 col-lg-3">
                <label htmlFor={`r-op-${i}`} className="active">{t('admin.office.operator')}</label>
                <select id={`r-op-${i}`} className="form-select" value={r.operatorId} onChange={(e) => set(i, { operatorId: e.target.value })}>
                  {office.operators.map((o) => <option key={o.id} value={o.id}>{o.displayName}</option>)}
                </select>
              </div>
              <div className="form-group col-6 col-md-6 col-lg-2">
                <label htmlFor={`r-day-${i}`} className="active">{t('admin.desk.shiftDay')}</label>
                <select id={`r-day-${i}`} className="form-select" value={r.date !== undefined ? 'date' : String(r.weekday ?? 1)}
                  onChange={(e) => set(i, e.target.value === 'date' ? { date: '', weekday: undefined } : { weekday: Number(e.target.value), date: undefined })}>
                  {WEEKDAYS.map((d) => <option key={d} value={d}>{t('admin.desk.every', { day: t(`weekday.${d}`) })}</option>)}
                  <option value="date">{t('admin.desk.onDate')}</option>
                </select>
              </div>
              {r.date !== undefined && (
                <div className="form-group col-6 col-md-4 col-lg-2">
                  <label htmlFor={`r-date-${i}`} className="active">{t('admin.desk.date')}</label>
                  <input id={`r-date-${i}`} type="date" className="form-control" value={r.date} onChange={(e) => set(i, { date: e.target.value })} required />
                </div>
              )}
              <div className="form-group col-6 col-md-4 col-lg-2">
                <label htmlFor={`r-from-${i}`} className="active">{t('admin.desk.from')}</label>
                <input id={`r-from-${i}`} type="time" className="form-control" value={r.from} onChange={(e) => set(i, { from: e.target.value })} required />
              </div>
              <div className="form-group col-6 col-md-4 col-lg-1">
                <label htmlFor={`r-to-${i}`} className="active">{t('admin.desk.to')}</label>
                <input id={`r-to-${i}`} type="time" className="form-control" value={r.to} onChange={(e) => set(i, { to: e.target.value })} required />
              </div>
              <div className="form-group col-12 col-lg-2">
                <button type="button" className="btn btn-outline-danger btn-sm" onClick={() => setRows(rows.filter((_, j) => j !== i))}>{t('admin.desk.removeShift', { n: i + 1 })}</button>
              </div>
            </fieldset>
          ))}
          <div className="d-flex flex-wrap gap-2 mt-2">
            <button type="button" className="btn btn-outline-primary"
              onClick={() => setRows([...rows, { operatorId: office.operators[0]!.id, weekday: desk.weekly[0]?.weekday ?? 1, from: desk.weekly[0]?.from ?? '09:00', to: desk.weekly[0]?.to ?? '12:00' }])}>
              {t('admin.desk.addShift')}
            </button>
            {desk.placesFollowRoster && <button type="button" className="btn btn-outline-primary" disabled={change.busy} onClick={() => void change.previewChange(send, body())}>{t('admin.change.preview')}</button>}
            <button type="submit" className="btn btn-primary" disabled={change.busy}>{t('admin.desk.saveRoster')}</button>
          </div>
        </form>
      )}
      <ChangeFeedback change={change} />
    </section>
  );
}

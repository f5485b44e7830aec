import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiBody } from '../../api/client';
import { staffApi } from './adminApi';
import { ChangeFeedback, useChange } from './ChangeFlow';
import { longDate, type AdminDesk, type DayException } from './officeApi';

export function Exceptions({ desk, reload }: { desk: AdminDesk; reload: () => void }) {
  const { t, i18n } = useTranslation();
  const [f, setF] = useState({ date: '', kind: 'closed' as DayException['kind'], from: '', to: '', places: '1', reason: '' });
  // Once saved, the form is emptied (the exception shows in the list above).
  const change = useChange(useCallback(() => {
    reload();
    setF({ date: '', kind: 'closed', from: '', to: '', places: '1', reason: '' });
  }, [reload]));
  const send = (b: ApiBody<'/api/staff/admin/desks/{id}/calendar'>) => staffApi.POST('/api/staff/admin/desks/{id}/calendar', { params: { path: { id: desk.id } }, body: b });
  const exception = (): DayException => ({
    date: f.date, kind: f.kind,
    ...(f.from || f.kind === 'extra' ? { from: f.from, to: f.to } : {}),
    ...(f.kind !== 'closed' ? { places: Number(f.places) } : {}),
    ...(f.reason.trim() ? { reason: f.reason.trim() } : {}),
  });
  const describe = (e: DayException) =>
    `${longDate(e.date, i18n.language)} — ${t(`admin.desk.kind.${e.kind}`)}${e.from ? ` ${e.from}–${e.to}` : ''}${e.places !== undefined ? `, ${t('admin.change.places', { count: e.places })}` : ''}${e.reason ? ` (${e.reason})` : ''}`;
  return (
    <section aria-labelledby="exc-title" className="mb-5 admin-section">
      <h2 id="exc-title" className="h4">{t('admin.desk.exceptions')}</h2>
      <p>{t('admin.desk.exceptionsLead')}</p>
      {desk.exceptions.length === 0 ? <p>{t('admin.desk.noExceptions')}</p> : (
        <ul className="list-group mb-3">
          {desk.exceptions.map((e) => (
            <li key={`${e.date}-${e.kind}-${e.from ?? ''}`} className="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2">
              <span>{describe(e)}</span>
              <button type="button" className="btn btn-outline-danger btn-sm" disabled={change.busy}
                onClick={() => void change.save(send, { removeExceptions: [{ date: e.date, kind: e.kind }] })}
                aria-label={t('admin.desk.removeException', { what: describe(e) })}>
                {t('admin.office.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="row align-items-end" onSubmit={(e) => {
        e.preventDefault();
        void change.save(send, { addExceptions: [exception()] });
      }}>
        <div className="form-group col-6 col-lg-3">
          <label htmlFor="exc-date" className="active">{t('admin.desk.date')}</label>
          <input id="exc-date" type="date" className="form-control" value={f.date} onChange={(e) => setF({ ...f, date: e.target.value })} required />
        </div>
        <div className="form-group col-6 col-lg-3">
          <label htmlFor="exc-kind" className="active">{t('admin.desk.exceptionKind')}</label>
          <select id="exc-kind" className="form-select" value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as DayException['kind'] })}>
            {(['closed', 'extra', 'reduced'] as const).map((k) => <option key={k} value={k}>{t(`admin.desk.kind.${k}`)}</option>)}
          </select>
        </div>
        <div className="form-group col-4 col-lg-2">
          <label htmlFor="exc-from" className="active">{t('admin.desk.from')}</label>
          <input id="exc-from" type="time" className="form-control" value={f.from} onChange={(e) => setF({ ...f, from: e.target.value })} aria-describedby="exc-time-help" />
        </div>
        <div className="form-group col-4 col-lg-2">
          <label htmlFor="exc-to" className="active">{t('admin.desk.to')}</label>
          <input id="exc-to" type="time" className="form-control" value={f.to} onChange={(e) => setF({ ...f, to: e.target.value })} aria-describedby="exc-time-help" />
        </div>
        {f.kind !== 'closed' && (
          <div className="form-group col-4 col-lg-2">
            <label htmlFor="exc-places" className="active">{t('admin.desk.places')}</label>
            <input id="exc-places" type="number" min={0} max={200} className="form-control" value={f.places} onChange={(e) => setF({ ...f, places: e.target.value })} />
          </div>
        )}
        <small id="exc-time-help" className="form-text col-12 mb-2">{t('admin.desk.exceptionTimeHelp')}</small>
        <div className="form-group col-12 col-lg-6">
          <label htmlFor="exc-reason" className="active">{t('admin.desk.reason')}</label>
          <input id="exc-reason" type="text" className="form-control" value={f.reason} maxLength={300} onChange={(e) => setF({ ...f, reason: e.target.value })} />
        </div>
        <div className="form-group col-12 col-lg-6 d-flex flex-wrap gap-2">
          <button type="button" className="btn btn-outline-primary" disabled={change.busy} onClick={() => void change.previewChange(send, { addExceptions: [exception()] })}>{t('admin.change.preview')}</button>
          <button type="submit" className="btn btn-primary" disabled={change.busy}>{t('admin.desk.addException')}</button>
        </div>
      </form>
      <ChangeFeedback change={change} />
    </section>
  );
}

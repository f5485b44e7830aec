import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiBody } from '../../api/client';
import { staffApi } from './adminApi';
import { ChangeFeedback, useChange } from './ChangeFlow';
import { longDate, type AdminOffice } from './officeApi';

const ABSENCE_KINDS = ['sick_leave', 'training', 'leave', 'other'] as const;
type AbsenceKind = (typeof ABSENCE_KINDS)[number];

export function Absences({ office, reload }: { office: AdminOffice; reload: () => void }) {
  const { t, i18n } = useTranslation();
  const [f, setF] = useState({ operatorId: office.operators[0]?.id ?? '', from: '', to: '', kind: 'sick_leave' as AbsenceKind, note: '' });
  const change = useChange(useCallback(() => {
    reload();
    setF((x) => ({ ...x, from: '', to: '', note: '' }));
  }, [reload]));
  const send = (b: ApiBody<'/api/staff/admin/offices/{id}/absences'>) => staffApi.POST('/api/staff/admin/offices/{id}/absences', { params: { path: { id: office.id } }, body: b });
  const remove = (absenceId: string) => () => staffApi.DELETE('/api/staff/admin/offices/{id}/absences/{absenceId}', { params: { path: { id: office.id, absenceId } } });
  const nameOf = (id: string) => office.operators.find((o) => o.id === id)?.displayName ?? id;
  const body = () => ({ operatorId: f.operatorId, from: f.from, to: f.to || f.from, kind: f.kind, ...(f.note.trim() ? { note: f.note.trim() } : {}) });
  return (
    <section aria-labelledby="absences-title" className="mb-5 admin-section">
      <h2 id="absences-title" className="h4">{t('admin.office.absences')}</h2>
      <p>{t('admin.office.absencesLead')}</p>
      {office.absences.length === 0 ? <p>{t('admin.office.noAbsences')}</p> : (
        <ul className="list-group mb-3">
          {office.absences.map((a) => (
            <li key={a.id} className="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2">
              <span>
                <strong>{nameOf(a.operatorId)}</strong> — {t(`admin.office.absenceKind.${a.kind}`)}:{' '}
                {a.from === a.to ? longDate(a.from, i18n.language) : t('admin.office.fromTo', { from: longDate(a.from, i18n.language), to: longDate(a.to, i18n.language) })}
                {a.note ? ` (${a.note})` : ''}
              </span>
              <button type="button" className="btn btn-outline-danger btn-sm" disabled={change.busy} onClick={() => void change.save(remove(a.id), {})}
                aria-label={t('admin.office.removeAbsenceNamed', { name: nameOf(a.operatorId) })}>
                {t('admin.office.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {office.operators.length === 0 ? <p>{t('admin.office.noOperators')}</p> : (
        <form className="row align-items-end" onSubmit={(e) => {
          e.preventDefault();
          void change.save(send, body());
        }}>
          <div className="form-group col-12 col-md-6 col-lg-4">
            <label htmlFor="abs-op" className="active">{t('admin.office.operator')}</label>
            <select id="abs-op" className="form-select" value={f.operatorId} onChange={(e) => setF({ ...f, operatorId: e.target.value })}>
              {office.operators.map((o) => <option key={o.id} value={o.id}>{o.displayName} ({o.username})</option>)}
            </select>
          </div>
          <div className="form-group col-6 col-lg-2">
            <label htmlFor="abs-from" className="active">{t('admin.office.from')}</label>
            <input id="abs-from" type="date" className="form-control" value={f.from} onChange={(e) => setF({ ...f, from: e.target.value })} required />
          </div>
          <div className="form-group col-6 col-lg-2">
            <label htmlFor="abs-to" className="active">{t('admin.office.to')}</label>
            <input id="abs-to" type="date" className="form-control" value={f.to} onChange={(e) => setF({ ...f, to: e.target.value })} />
          </div>
          <div className="form-group col-12 col-md-6 col-lg-4">
            <label htmlFor="abs-kind" className="active">{t('admin.office.kind')}</label>
            <select id="abs-kind" className="form-select" value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as AbsenceKind })}>
              {ABSENCE_KINDS.map((k) => <option key={k} value={k}>{t(`admin.office.absenceKind.${k}`)}</option>)}
            </select>
          </div>
          <div className="form-group col-12 col-md-8">
            <label htmlFor="abs-note" className="active">{t('admin.office.note')}</label>
            <input id="abs-note" type="text" className="form-control" value={f.note} maxLength={300} onChange={(e) => setF({ ...f, note: e.target.value })} />
          </div>
          <div className="form-group col-12 col-md-4 d-flex gap-2">
            <button type="button" className="btn btn-outline-primary" disabled={change.busy} onClick={() => void change.previewChange(send, body())}>{t('admin.change.preview')}</button>
            <button type="submit" className="btn btn-primary" disabled={change.busy}>{t('admin.office.addAbsence')}</button>
          </div>
        </form>
      )}
      <ChangeFeedback change={change} />
    </section>
  );
}

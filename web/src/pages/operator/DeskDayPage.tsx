import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { formatTime } from '../../lib/time';
import { AdminApiError, staff, staffApi, useStaffData } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';

/** A supervisor's view of one desk's day: operators and loads, move a booking, mark someone absent. */
export default function DeskDayPage() {
  const { t } = useTranslation();
  useTitle(t('operator.desk.title'));
  const lang = currentLang();
  // Every desk whose day this supervisor may open, grouped by office (a region-wide admin sees them all).
  const desks = useStaffData('/api/staff/agenda/desks', () => staffApi.GET('/api/staff/agenda/desks'));
  const offices = [...new Map((desks.data?.items ?? []).map((d) => [d.officeId, d.officeCode + ' ' + d.officeName])).entries()];
  const [deskId, setDeskId] = useState('');
  const [typed, setTyped] = useState('');
  const { data, error, reload } = useStaffData(deskId ? `/api/staff/agenda/desks/${deskId}` : null, () => staffApi.GET('/api/staff/agenda/desks/{id}', { params: { path: { id: deskId } } }));
  const [actionError, setActionError] = useState<AdminApiError | null>(null);
  const act = async (request: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await request();
      reload();
    } catch (e) {
      setActionError(e as AdminApiError);
    }
  };
  const onDuty = data?.operators.filter((o) => o.status === 'on') ?? [];
  return (
    <>
      <h1 className="h2">{t('operator.desk.title')}</h1>
      <form className="d-flex flex-wrap gap-2 align-items-end mb-3" onSubmit={(e) => { e.preventDefault(); setDeskId(typed.trim()); }}>
        <div>
          <label htmlFor="desk-id" className="form-label">{t('operator.desk.deskId')}</label>
          <select id="desk-id" className="form-select" value={typed} onChange={(e) => setTyped(e.target.value)} disabled={!desks.data?.items.length}>
            <option value="">{t(desks.data && !desks.data.items.length ? 'operator.desk.noDesks' : 'operator.desk.choose')}</option>
            {offices.map(([id, label]) => (
              <optgroup key={id} label={label}>
                {desks.data!.items.filter((d) => d.officeId === id).map((d) => <option key={d.id} value={d.id}>{`${d.number} – ${lang === 'en' ? d.nameEn : d.name}`}</option>)}
              </optgroup>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary">{t('operator.desk.show')}</button>
      </form>
      {error && <ProblemMessage error={error} />}
      {actionError && <ProblemMessage error={actionError} />}
      {data && (
        <>
          <h2 className="h4">{data.desk.officeName} – {lang === 'en' ? data.desk.nameEn : data.desk.name}</h2>
          <h3 className="h5">{t('operator.desk.operators')}</h3>
          <ul>
            {data.operators.map((o) => (
              <li key={o.id}>
                {o.displayName} ({o.username}) — {t(`operator.desk.status.${o.status}`)} · {t('operator.desk.load', { count: o.openBookings })}
                {o.status === 'on' && (
                  <button type="button" className="btn btn-outline-danger btn-sm ms-2" onClick={() => void act(() => staff(staffApi.POST('/api/staff/agenda/desks/{id}/absent', { params: { path: { id: data.desk.id } }, body: { userId: o.id } })))}>
                    {t('operator.desk.markAbsent')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <div className="table-responsive">
            <table className="table table-sm">
              <caption>{t('operator.desk.caption', { count: data.items.length, unassigned: data.unassigned })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('operator.agenda.time')}</th>
                  <th scope="col">{t('operator.agenda.code')}</th>
                  <th scope="col">{t('operator.agenda.state')}</th>
                  <th scope="col">{t('operator.desk.operator')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((i) => (
                  <tr key={i.bookingId}>
                    <td>{formatTime(i.start, lang)}</td>
                    <td><code>{i.code}</code>{i.citizen.channel === 'video' && <span className="badge bg-primary ms-1">{t('operator.agenda.video')}</span>}{i.citizen.phoneInstead && <span className="badge bg-warning text-dark ms-1">{t('operator.agenda.phoneInstead')}</span>}</td>
                    <td>{t(`operator.state.${i.state}`)}{i.outcome && ` · ${t(`operator.outcome.${i.outcome}`)}`}</td>
                    <td>
                      <label className="visually-hidden" htmlFor={`op-${i.bookingId}`}>{t('operator.desk.moveTo', { code: i.code })}</label>
                      <select id={`op-${i.bookingId}`} className="form-select form-select-sm" value={i.operatorId ?? ''} disabled={i.state !== 'waiting' && i.state !== 'retry'}
                        onChange={(e) => void act(() => staff(staffApi.POST('/api/staff/agenda/desks/{id}/assign', { params: { path: { id: data.desk.id } }, body: { bookingId: i.bookingId, operatorId: e.target.value } })))}>
                        <option value="" disabled>{t('operator.desk.nobody')}</option>
                        {onDuty.map((o) => <option key={o.id} value={o.id}>{o.displayName}</option>)}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

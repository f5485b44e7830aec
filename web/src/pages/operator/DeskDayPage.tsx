import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { formatTime } from '../../lib/time';
import { AdminApiError, call, useAdminData } from '../../staff/api';
import { useSession } from '../../staff/session';
import { ProblemMessage } from '../admin/ProblemMessage';
import type { DeskAgenda } from './operatorApi';

/** A supervisor's view of one desk's day: operators and loads, move a booking, mark someone absent. */
export default function DeskDayPage() {
  const { t } = useTranslation();
  useTitle(t('operator.desk.title'));
  const lang = currentLang();
  const { session } = useSession();
  const officeId = (session?.user?.grants ?? []).find((g) => g.scope.officeId)?.scope.officeId ?? null;
  const office = useAdminData<{ name: string; desks: { id: string; number: number; name: { it: string; en: string } | string }[] }>(officeId ? `/api/offices/${officeId}` : null);
  const deskName = (d: { name: { it: string; en: string } | string }) => (typeof d.name === 'string' ? d.name : d.name[lang]);
  const [deskId, setDeskId] = useState('');
  const [typed, setTyped] = useState('');
  const { data, error, reload } = useAdminData<DeskAgenda>(deskId ? `/api/staff/agenda/desks/${deskId}` : null);
  const [actionError, setActionError] = useState<AdminApiError | null>(null);
  const act = async (path: string, body: unknown) => {
    setActionError(null);
    try {
      await call('POST', path, body);
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
          {office.data ? (
            <select id="desk-id" className="form-select" value={typed} onChange={(e) => setTyped(e.target.value)}>
              <option value="">{t('operator.desk.choose')}</option>
              {office.data.desks.map((d) => <option key={d.id} value={d.id}>{`${office.data!.name} – ${d.number} ${deskName(d)}`}</option>)}
            </select>
          ) : (
            <input id="desk-id" className="form-control" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          )}
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
                  <button type="button" className="btn btn-outline-danger btn-sm ms-2" onClick={() => void act(`/api/staff/agenda/desks/${data.desk.id}/absent`, { userId: o.id })}>
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
                    <td><code>{i.code}</code></td>
                    <td>{t(`operator.state.${i.state}`)}{i.outcome && ` · ${t(`operator.outcome.${i.outcome}`)}`}</td>
                    <td>
                      <label className="visually-hidden" htmlFor={`op-${i.bookingId}`}>{t('operator.desk.moveTo', { code: i.code })}</label>
                      <select id={`op-${i.bookingId}`} className="form-select form-select-sm" value={i.operatorId ?? ''} disabled={i.state !== 'waiting' && i.state !== 'retry'}
                        onChange={(e) => void act(`/api/staff/agenda/desks/${data.desk.id}/assign`, { bookingId: i.bookingId, operatorId: e.target.value })}>
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

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import '../../telephony/i18n';
import { AdminApiError, staff, staffApi } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';
import type { Agenda, RosteredDesk } from './operatorApi';

/** One sign-on for every desk of the operator's roster today, with one extension. */
function DaySignOnForm({ reload }: { reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [desks, setDesks] = useState<RosteredDesk[] | null>(null);
  const [ext, setExt] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const load = useCallback(async () => {
    try {
      setDesks((await staff(staffApi.GET('/api/staff/operator/duty/day'))).desks);
    } catch {
      setDesks([]);
    }
  }, []);
  useEffect(() => void load(), [load]);
  if (!desks || desks.length < 2) return null;
  const name = (d: RosteredDesk) => `${d.officeName} – ${lang === 'en' ? d.nameEn : d.name}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    try {
      const extension = ext.trim();
      const r = await staff(staffApi.POST('/api/staff/operator/duty/day', { body: extension ? { extension } : {} }));
      const checks = r.desks.map((d) => d.extensionCheck);
      const note = checks.includes('unchecked') ? t('telephony.duty.unchecked') : checks.includes('known') ? t('telephony.duty.verified') : '';
      const skipped = r.skipped.length ? ` ${t('telephony.duty.skipped', { desks: r.skipped.map((s) => name(desks.find((d) => d.deskId === s.deskId)!)).join(', ') })}` : '';
      setDone(`${t('telephony.duty.done', { count: r.desks.length })} ${note}${skipped}`.trim());
      await Promise.all([load(), reload()]);
    } catch (err) {
      setError(err as AdminApiError);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="mb-3" aria-labelledby="op-day-title">
      <h3 id="op-day-title" className="h6">{t('telephony.duty.dayTitle')}</h3>
      <p className="mb-2">{t('telephony.duty.dayLead', { count: desks.length })}</p>
      <div className="d-flex flex-wrap align-items-end gap-2">
        <div>
          <label htmlFor="op-day-ext" className="form-label">{t('telephony.duty.extension')}</label>
          <input id="op-day-ext" className="form-control form-control-sm" style={{ width: '9rem' }} value={ext} autoComplete="off" onChange={(e) => setExt(e.target.value)} />
        </div>
        <button type="submit" className="btn btn-primary btn-sm">{t('telephony.duty.signOnAll')}</button>
      </div>
      <div aria-live="polite">{done && <p className="mt-2 mb-0 text-success" data-testid="day-sign-on">{done}</p>}</div>
      {error && <ProblemMessage error={error} />}
    </form>
  );
}

/** The operator's duty: one sign-on for the day's rostered desks, and desk by desk. */
export function DutyPanel({ agenda, reload }: { agenda: Agenda; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [ext, setExt] = useState<Record<string, string>>({});
  const [error, setError] = useState<AdminApiError | null>(null);
  const signOn = async (e: FormEvent, deskId: string) => {
    e.preventDefault();
    setError(null);
    try {
      const extension = (ext[deskId] ?? '').trim();
      await staff(staffApi.POST('/api/staff/operator/duty', { body: extension ? { deskId, extension } : { deskId } }));
      await reload();
    } catch (err) {
      setError(err as AdminApiError);
    }
  };
  const signOff = async (deskId: string) => {
    setError(null);
    try {
      await staff(staffApi.DELETE('/api/staff/operator/duty/{id}', { params: { path: { id: deskId } } }));
      await reload();
    } catch (err) {
      setError(err as AdminApiError);
    }
  };
  const on = agenda.desks.filter((d) => d.onDuty);
  return (
    <section aria-labelledby="op-duty" className="mb-4">
      <h2 id="op-duty" className="h5">{t('operator.duty.title')}</h2>
      <DaySignOnForm reload={reload} />
      {error && <ProblemMessage error={error} />}
      {on.length === 0 && <p>{t('operator.duty.none')}</p>}
      <ul className="list-unstyled">
        {agenda.desks.map((d) => {
          const name = `${d.officeName} – ${lang === 'en' ? d.nameEn : d.name} (${d.officeCode}-${d.number})`;
          const id = `ext-${d.deskId}`;
          return (
            <li key={d.deskId} className="d-flex flex-wrap align-items-end gap-2 mb-2">
              {d.onDuty ? (
                <>
                  <span>
                    <strong>{name}</strong> — {t('operator.duty.on', { extension: d.extension ?? '—', adapter: t(`operator.adapter.${d.adapter ?? 'manual'}`) })}
                  </span>
                  <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => void signOff(d.deskId)}>
                    {t('operator.duty.signOff')}
                  </button>
                </>
              ) : (
                <form className="d-flex flex-wrap align-items-end gap-2" onSubmit={(e) => void signOn(e, d.deskId)}>
                  <span>{name}</span>
                  <label htmlFor={id} className="visually-hidden">{t('operator.duty.extension', { desk: name })}</label>
                  <input id={id} className="form-control form-control-sm" style={{ width: '9rem' }} placeholder={t('operator.duty.extensionPlaceholder')}
                    value={ext[d.deskId] ?? ''} onChange={(e) => setExt({ ...ext, [d.deskId]: e.target.value })} autoComplete="off" />
                  <button type="submit" className="btn btn-primary btn-sm">{t('operator.duty.signOn')}</button>
                </form>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

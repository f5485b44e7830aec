import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/StateViews';
import type { ApiBody, ApiData } from '../../api/client';
import { AdminApiError, staff, staffApi, useStaffData } from './adminApi';
import type { AdminOffice } from './officeApi';
import { ProblemMessage } from './ProblemMessage';
import { TelephonyTest } from './TelephonyTest';
import '../../telephony/i18n';

/** An office's telephony and call policy, as GET/PUT /api/staff/telephony/offices/{id} answer it. */
type Telephony = ApiData<'/api/staff/telephony/offices/{id}'>;
type TelephonyBody = ApiBody<'/api/staff/telephony/offices/{id}', 'put'>;

function useSave() {
  const [error, setError] = useState<AdminApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>, done: string) => {
    setError(null);
    setNotice(null);
    try {
      await work();
      setNotice(done);
    } catch (err) {
      setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
    }
  };
  return { error, notice, run, fail: setError };
}

/** The office's telephony and call policy (the calls capability's route: GET/PUT /api/staff/telephony/offices/{id}). */
export function TelephonySettings({ office }: { office: AdminOffice }) {
  const { t, i18n } = useTranslation();
  const current = useStaffData(`/api/staff/telephony/offices/${office.id}`, () => staffApi.GET('/api/staff/telephony/offices/{id}', { params: { path: { id: office.id } } }));
  return (
    <section aria-labelledby="tel-title" className="mb-5 admin-section">
      <h2 id="tel-title" className="h4">{t('admin.contact.telephony')}</h2>
      <p>{t('admin.contact.telephonyLead')}</p>
      <ProblemMessage error={current.error} />
      {!current.data ? (current.error ? null : <Loading inline />) : (
        <>
          <TelephonyForm key={JSON.stringify(current.data)} initial={current.data} office={office} lang={i18n.language} />
          <TelephonyTest officeId={office.id} />
        </>
      )}
    </section>
  );
}

function TelephonyForm({ initial, office, lang }: { initial: Telephony; office: AdminOffice; lang: string }) {
  const { t } = useTranslation();
  const save = useSave();
  const [f, setF] = useState({
    adapter: initial.adapter, settings: JSON.stringify(initial.settings, null, 2), maxAttempts: String(initial.maxAttempts),
    retryDelayMinutes: String(initial.retryDelayMinutes), retryWindowMinutes: String(initial.retryWindowMinutes),
    identityFlagFailures: String(initial.identityFlagFailures), earlyCallMinutes: String(initial.earlyCallMinutes), secondLevelDeskId: initial.secondLevelDeskId ?? '',
    manualDialPrefix: initial.manualDialPrefix ?? '', manualCallerLine: initial.manualCallerLine ?? '',
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    let settings: TelephonyBody['settings'];
    try {
      settings = JSON.parse(f.settings || '{}') as TelephonyBody['settings'];
    } catch {
      save.fail(new AdminApiError(422, { code: 'invalid_input', status: 422, messages: { it: t('admin.contact.badJson'), en: t('admin.contact.badJson') } }));
      return;
    }
    const body: TelephonyBody = {
      adapter: f.adapter, settings, maxAttempts: Number(f.maxAttempts), retryDelayMinutes: Number(f.retryDelayMinutes),
      retryWindowMinutes: Number(f.retryWindowMinutes), identityFlagFailures: Number(f.identityFlagFailures),
      earlyCallMinutes: Number(f.earlyCallMinutes), secondLevelDeskId: f.secondLevelDeskId || null,
      manualDialPrefix: f.manualDialPrefix.trim() || null, manualCallerLine: f.manualCallerLine.replace(/\s+/g, '') || null,
    };
    void save.run(() => staff(staffApi.PUT('/api/staff/telephony/offices/{id}', { params: { path: { id: office.id } }, body })), t('admin.contact.saved'));
  };
  const num = (name: 'maxAttempts' | 'retryDelayMinutes' | 'retryWindowMinutes' | 'identityFlagFailures' | 'earlyCallMinutes') => (
    <div className="form-group col-12 col-md-6 col-lg-3">
      <label htmlFor={`tel-${name}`} className="active">{t(`admin.contact.${name}`)}</label>
      <input id={`tel-${name}`} type="number" className="form-control" value={f[name]} onChange={(e) => setF({ ...f, [name]: e.target.value })} />
    </div>
  );
  return (
    <form onSubmit={submit}>
      <div className="row">
        <div className="form-group col-12 col-md-6">
          <label htmlFor="tel-adapter" className="active">{t('admin.contact.adapter')}</label>
          <select id="tel-adapter" className="form-select" value={f.adapter} onChange={(e) => setF({ ...f, adapter: e.target.value as Telephony['adapter'] })}>
            {(['wildix', 'asterisk', 'manual', 'simulated'] as const).map((a) => <option key={a} value={a}>{t(`admin.contact.adapters.${a}`)}</option>)}
          </select>
        </div>
        <div className="form-group col-12 col-md-6">
          <label htmlFor="tel-second" className="active">{t('admin.contact.secondLevel')}</label>
          <select id="tel-second" className="form-select" value={f.secondLevelDeskId} onChange={(e) => setF({ ...f, secondLevelDeskId: e.target.value })}>
            <option value="">{t('admin.contact.none')}</option>
            {office.desks.map((d) => <option key={d.id} value={d.id}>{d.number}. {lang === 'en' ? d.nameEn : d.nameIt}</option>)}
          </select>
        </div>
        {num('maxAttempts')}
        {num('retryDelayMinutes')}
        {num('retryWindowMinutes')}
        {num('identityFlagFailures')}
        {num('earlyCallMinutes')}
        <div className="form-group col-12">
          <label htmlFor="tel-settings" className="active">{t('admin.contact.settings')}</label>
          <textarea id="tel-settings" className="form-control font-monospace" rows={4} value={f.settings} onChange={(e) => setF({ ...f, settings: e.target.value })} aria-describedby="tel-settings-help" />
          <small id="tel-settings-help" className="form-text">{t(`telephony.settingsHelp.${f.adapter}`)} {t('telephony.settingsHelp.secrets')}</small>
        </div>
      </div>
      <fieldset className="row">
        <legend className="h6">{t('telephony.manual.title')}</legend>
        <div className="form-group col-12 col-md-6">
          <label htmlFor="tel-prefix" className="active">{t('telephony.manual.prefix')}</label>
          <input id="tel-prefix" type="text" className="form-control" value={f.manualDialPrefix} onChange={(e) => setF({ ...f, manualDialPrefix: e.target.value })} aria-describedby="tel-prefix-help" autoComplete="off" />
          <small id="tel-prefix-help" className="form-text">{t('telephony.manual.prefixHelp')}</small>
        </div>
        <div className="form-group col-12 col-md-6">
          <label htmlFor="tel-line" className="active">{t('telephony.manual.line')}</label>
          <input id="tel-line" type="tel" className="form-control" value={f.manualCallerLine} onChange={(e) => setF({ ...f, manualCallerLine: e.target.value })} aria-describedby="tel-line-help" autoComplete="off" />
          <small id="tel-line-help" className="form-text">{t('telephony.manual.lineHelp')}</small>
        </div>
      </fieldset>
      <ProblemMessage error={save.error} />
      <div aria-live="polite">{save.notice && <div className="alert alert-success" role="status">{save.notice}</div>}</div>
      <button type="submit" className="btn btn-primary">{t('admin.contact.saveTelephony')}</button>
    </form>
  );
}

/** A desk's reminders and the number it calls from (the notifications capability's route: GET/PUT /api/staff/desks/{id}/notifications). */
export function ReminderSettings({ deskId }: { deskId: string }) {
  const { t } = useTranslation();
  const current = useStaffData(`/api/staff/desks/${deskId}/notifications`, () => staffApi.GET('/api/staff/desks/{id}/notifications', { params: { path: { id: deskId } } }));
  return (
    <section aria-labelledby="rem-title" className="mb-5 admin-section">
      <h2 id="rem-title" className="h4">{t('admin.contact.reminders')}</h2>
      <ProblemMessage error={current.error} />
      {!current.data ? (current.error ? null : <Loading inline />) : (
        <ReminderForm key={JSON.stringify(current.data)} initial={current.data} deskId={deskId} />
      )}
    </section>
  );
}

function ReminderForm({ initial, deskId }: { initial: ApiData<'/api/staff/desks/{id}/notifications'>; deskId: string }) {
  const { t } = useTranslation();
  const save = useSave();
  const [minutes, setMinutes] = useState(initial.reminderMinutes.join(', '));
  const [phone, setPhone] = useState(initial.callerPhone ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const reminderMinutes = minutes.split(/[,\s]+/).filter(Boolean).map(Number);
    void save.run(() => staff(staffApi.PUT('/api/staff/desks/{id}/notifications', { params: { path: { id: deskId } }, body: { reminderMinutes, callerPhone: phone.replace(/\s+/g, '') || null } })), t('admin.contact.saved'));
  };
  return (
    <form onSubmit={submit}>
      <div className="row">
        <div className="form-group col-12 col-md-6">
          <label htmlFor="rem-minutes" className="active">{t('admin.contact.reminderMinutes')}</label>
          <input id="rem-minutes" type="text" className="form-control" value={minutes} onChange={(e) => setMinutes(e.target.value)} aria-describedby="rem-minutes-help" />
          <small id="rem-minutes-help" className="form-text">{t('admin.contact.reminderHelp')}</small>
        </div>
        <div className="form-group col-12 col-md-6">
          <label htmlFor="rem-phone" className="active">{t('admin.contact.callerPhone')}</label>
          <input id="rem-phone" type="tel" className="form-control" value={phone} onChange={(e) => setPhone(e.target.value)} aria-describedby="rem-phone-help" />
          <small id="rem-phone-help" className="form-text">{t('admin.contact.callerPhoneHelp')}</small>
        </div>
      </div>
      <ProblemMessage error={save.error} />
      <div aria-live="polite">{save.notice && <div className="alert alert-success" role="status">{save.notice}</div>}</div>
      <button type="submit" className="btn btn-primary">{t('admin.contact.saveReminders')}</button>
    </form>
  );
}

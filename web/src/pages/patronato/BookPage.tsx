import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { addDays, formatDateTime, todayInRome } from '../../lib/time';
import { AdminApiError, staffApi, useStaffData } from '../../staff/api';
import { useSession } from '../../staff/session';
import { ProblemMessage } from '../admin/ProblemMessage';
import { patronatoApi, type Caller, type SlotView } from './api';
import { PatronatoHeader } from './Header';

const asError = (err: unknown) => (err instanceof AdminApiError ? err : new AdminApiError(0, null));

/**
 * A booking for a patronato's client, under a mandate, from the patronato share of the desk's
 * places. A patronato's operator books for its own organisation; the reception line answering
 * the patronati's number first recognises the calling patronato by its number.
 */
export default function BookPage() {
  const { t } = useTranslation();
  useTitle(t('patronato.book.title'));
  const lang = currentLang();
  const { session } = useSession();
  const isOperator = (session?.user?.roles ?? []).includes('patronato_operator');
  const me = useStaffData(isOperator ? '/api/staff/patronato/me' : null, () => staffApi.GET('/api/staff/patronato/me'));
  const desks = useStaffData('/api/staff/patronato/desks', () => staffApi.GET('/api/staff/patronato/desks'));
  const [caller, setCaller] = useState<Caller | null>(null);
  // From the reception console's incoming call (?chiamante=<number>): recognised at once.
  const [searchParams] = useSearchParams();
  const [callerPhone, setCallerPhone] = useState(() => searchParams.get('chiamante')?.slice(0, 30) ?? '');
  const [deskId, setDeskId] = useState('');
  const [slots, setSlots] = useState<SlotView[] | null>(null);
  const [form, setForm] = useState({
    start: '', taxCode: '', fullName: '', phone: '', email: '', language: 'it' as 'it' | 'en', channel: 'phone' as 'phone' | 'video',
    mandateDate: todayInRome(), mandateSubject: '', officeId: '', consent: false,
  });
  const [error, setError] = useState<AdminApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ code: string; start: string; pin: string } | null>(null);
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((f) => ({ ...f, [key]: value }));

  useEffect(() => {
    setSlots(null);
    set('start', '');
    if (!deskId) return;
    let live = true;
    const today = todayInRome();
    patronatoApi.slots(deskId, today, addDays(today, 13)).then((s) => live && setSlots(s), (err: unknown) => live && setError(asError(err)));
    return () => {
      live = false;
    };
    // Runs on purpose only when these change: a new desk reads its slots; `set` is the form's setter, recreated on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [deskId]);

  const identify = useCallback(async (phone: string) => {
    setError(null);
    try {
      setCaller(await patronatoApi.caller(phone));
    } catch (err) {
      setCaller(null);
      setError(asError(err));
    }
  }, []);
  const given = searchParams.get('chiamante');
  useEffect(() => {
    if (given && !isOperator) void identify(given.slice(0, 30));
  }, [given, isOperator, identify]);

  if (me.error?.problem?.code === 'no_patronato') return <p className="alert alert-warning">{t('patronato.noOrganisation')}</p>;
  const offices = isOperator ? (me.data?.patronato.offices ?? []) : [];
  const ready = isOperator || caller !== null;

  if (done) {
    return (
      <>
        <h1 className="h2">{t('patronato.book.title')}</h1>
        <div className="alert alert-success" role="status">
          <p className="mb-1">{t('patronato.book.done', { code: done.code, when: formatDateTime(done.start, lang) })}</p>
          <p className="mb-0 fw-bold">{t('patronato.book.pin', { pin: done.pin })}</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => { setDone(null); setForm((f) => ({ ...f, start: '', taxCode: '', fullName: '', phone: '', email: '', mandateSubject: '', consent: false })); setDeskId(''); }}>
          {t('patronato.book.another')}
        </button>
      </>
    );
  }

  return (
    <>
      <h1 className="h2">{t('patronato.book.title')}</h1>
      {me.data && <PatronatoHeader me={me.data} />}
      {!isOperator && (
        <form
          className="d-flex flex-wrap align-items-end gap-2 mb-3"
          onSubmit={(e) => {
            e.preventDefault();
            void identify(callerPhone);
          }}
        >
          <div>
            <label htmlFor="pt-caller" className="form-label">{t('patronato.book.caller')}</label>
            <input id="pt-caller" type="tel" className="form-control" required value={callerPhone} aria-describedby="pt-caller-help" onChange={(e) => setCallerPhone(e.target.value)} />
            <div id="pt-caller-help" className="form-text">{t('patronato.book.callerHelp')}</div>
          </div>
          <button type="submit" className="btn btn-outline-primary mb-4">{t('patronato.book.identify')}</button>
        </form>
      )}
      {caller && <p className="alert alert-info" role="status">{t('patronato.book.callerFound', { name: caller.patronato.name, office: caller.office.name })}</p>}
      <ProblemMessage error={error ?? desks.error} />
      {ready && (
        <form
          noValidate={false}
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError(null);
            try {
              const officeId = caller ? caller.office.id : form.officeId;
              const made = await patronatoApi.book({
                deskId, start: form.start, taxCode: form.taxCode, fullName: form.fullName, phone: form.phone,
                ...(form.email ? { email: form.email } : {}), channel: form.channel, language: form.language, consent: form.consent,
                mandate: { date: form.mandateDate, subject: form.mandateSubject },
                ...(officeId ? { patronatoOfficeId: officeId } : {}),
                ...(caller ? { patronatoId: caller.patronato.id } : {}),
              });
              setDone({ code: made.booking.code, start: made.booking.start, pin: made.pin });
            } catch (err) {
              setError(asError(err));
            } finally {
              setBusy(false);
            }
          }}
        >
          <fieldset className="mb-3">
            <legend className="h5">{t('patronato.book.desk')}</legend>
            <div className="row g-3">
              <div className="col-md-6">
                <label htmlFor="pt-desk" className="form-label">{t('patronato.book.desk')}</label>
                <select id="pt-desk" className="form-select" required value={deskId} onChange={(e) => setDeskId(e.target.value)}>
                  <option value="">{t('patronato.book.chooseDesk')}</option>
                  {desks.data?.items.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.office.name} – {d.name[lang]}{d.patronatoPercent > 0 ? ` (${t('patronato.book.share', { percent: d.patronatoPercent })})` : ''}
                    </option>
                  ))}
                </select>
              </div>
              <div className="col-md-6">
                <label htmlFor="pt-slot" className="form-label">{t('patronato.book.slot')}</label>
                <select id="pt-slot" className="form-select" required value={form.start} disabled={!slots} onChange={(e) => set('start', e.target.value)} aria-describedby="pt-slot-help">
                  <option value="">{deskId && !slots ? t('patronato.book.slotsLoading') : t('patronato.book.chooseSlot')}</option>
                  {slots?.map((s) => (
                    <option key={s.start} value={s.start}>{formatDateTime(s.start, lang)}</option>
                  ))}
                </select>
                {slots && slots.length === 0 && <div id="pt-slot-help" className="form-text">{t('patronato.list.noSlots')}</div>}
              </div>
            </div>
          </fieldset>
          <fieldset className="mb-3">
            <legend className="h5">{t('patronato.book.client')}</legend>
            <div className="row g-3">
              <div className="col-md-6">
                <label htmlFor="pt-tax" className="form-label">{t('patronato.book.taxCode')}</label>
                <input id="pt-tax" className="form-control text-uppercase" required maxLength={16} autoComplete="off" value={form.taxCode} onChange={(e) => set('taxCode', e.target.value)} />
              </div>
              <div className="col-md-6">
                <label htmlFor="pt-name" className="form-label">{t('patronato.book.fullName')}</label>
                <input id="pt-name" className="form-control" required maxLength={120} autoComplete="off" value={form.fullName} onChange={(e) => set('fullName', e.target.value)} />
              </div>
              <div className="col-md-6">
                <label htmlFor="pt-phone" className="form-label">{t('patronato.book.phone')}</label>
                <input id="pt-phone" type="tel" className="form-control" required autoComplete="off" value={form.phone} onChange={(e) => set('phone', e.target.value)} />
              </div>
              <div className="col-md-6">
                <label htmlFor="pt-email" className="form-label">{t('patronato.book.email')}</label>
                <input id="pt-email" type="email" className="form-control" autoComplete="off" value={form.email} onChange={(e) => set('email', e.target.value)} />
              </div>
              <div className="col-md-6">
                <label htmlFor="pt-lang" className="form-label">{t('patronato.book.language')}</label>
                <select id="pt-lang" className="form-select" value={form.language} onChange={(e) => set('language', e.target.value as 'it' | 'en')}>
                  <option value="it">Italiano</option>
                  <option value="en">English</option>
                </select>
              </div>
              <div className="col-md-6">
                <label htmlFor="pt-channel" className="form-label">{t('patronato.book.channel')}</label>
                <select id="pt-channel" className="form-select" value={form.channel} onChange={(e) => set('channel', e.target.value as 'phone' | 'video')}>
                  <option value="phone">{t('patronato.book.phoneCall')}</option>
                  <option value="video">{t('patronato.book.video')}</option>
                </select>
              </div>
            </div>
          </fieldset>
          <fieldset className="mb-3">
            <legend className="h5">{t('patronato.book.mandate')}</legend>
            <div className="row g-3">
              <div className="col-md-4">
                <label htmlFor="pt-mdate" className="form-label">{t('patronato.book.mandateDate')}</label>
                <input id="pt-mdate" type="date" className="form-control" required max={todayInRome()} value={form.mandateDate} onChange={(e) => set('mandateDate', e.target.value)} />
              </div>
              <div className="col-md-8">
                <label htmlFor="pt-msubject" className="form-label">{t('patronato.book.mandateSubject')}</label>
                <input id="pt-msubject" className="form-control" required minLength={3} maxLength={200} value={form.mandateSubject} onChange={(e) => set('mandateSubject', e.target.value)} />
              </div>
              {offices.length > 0 && (
                <div className="col-md-6">
                  <label htmlFor="pt-office" className="form-label">{t('patronato.book.office')}</label>
                  <select id="pt-office" className="form-select" value={form.officeId} onChange={(e) => set('officeId', e.target.value)}>
                    <option value="">—</option>
                    {offices.map((o) => (
                      <option key={o.id} value={o.id}>{o.name}</option>
                    ))}
                  </select>
                </div>
              )}
            </div>
          </fieldset>
          <div className="form-check mb-3">
            <input id="pt-consent" type="checkbox" className="form-check-input" required checked={form.consent} onChange={(e) => set('consent', e.target.checked)} />
            <label htmlFor="pt-consent" className="form-check-label">{t('patronato.book.consent')}</label>
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? t('patronato.book.submitting') : t('patronato.book.submit')}</button>
        </form>
      )}
    </>
  );
}

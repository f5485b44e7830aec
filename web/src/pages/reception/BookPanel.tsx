import { forwardRef, useImperativeHandle, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { normalisePhone } from '../../booking/validation';
import { currentLang } from '../../i18n';
import { formatDateTime } from '../../lib/time';
import { AdminApiError, staffApi } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';
import { Attempts, postWithKey } from './api';
import { enterSubmits, useConsole } from './ConsoleContext';
import { Kbd } from './Kbd';
import { phoneProblem } from './phone';
import { SlotChoice, type SlotChoiceHandle } from './SlotChoice';
import { BookingDone, type MadeBooking } from './BookingDone';
import { ExistingBookings } from './ExistingBookings';
import { PlaceFields } from './PlaceFields';
import { usePlaceChoice } from './usePlaceChoice';
import { SlotPages, useFreeSlots } from './useFreeSlots';
import { useCallerChecks } from './useCallerChecks';

export type BookField = 'taxCode' | 'town' | 'office' | 'desk' | 'slots';

export interface BookPanelHandle {
  focus(field: BookField): void;
  toggleConsent(): void;
  pickSlot(n: number): boolean;
}

interface Props {
  /** Provinces where the agent books (first: default). */
  provinces: readonly string[];
  /** Offices the agent is limited to (office-scoped grants), or null. */
  officeIds: readonly string[] | null;
}

const PAGE = 9;

/** Booking for a caller: tax code → their bookings; office and desk; a slot by number; name, phone; Enter. */
export const BookPanel = forwardRef<BookPanelHandle, Props>(function BookPanel({ provinces, officeIds }, ref) {
  const { t } = useTranslation();
  const lang = currentLang();
  const consoleApi = useConsole();

  const [taxCode, setTaxCode] = useState('');
  const [taxBlurred, setTaxBlurred] = useState(false);
  const [fullName, setFullName] = useState('');
  const [phone, setPhone] = useState('');
  const [phoneBlurred, setPhoneBlurred] = useState(false);
  const [language, setLanguage] = useState<'it' | 'en'>('it');
  const [consent, setConsent] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<MadeBooking | null>(null);
  const [consentNote, setConsentNote] = useState('');
  const [focusSlotsN, setFocusSlotsN] = useState(0);

  const attempts = useRef(new Attempts());
  const taxRef = useRef<HTMLInputElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const phoneRef = useRef<HTMLInputElement>(null);
  const townRef = useRef<HTMLInputElement>(null);
  const officeRef = useRef<HTMLSelectElement>(null);
  const deskRef = useRef<HTMLSelectElement>(null);
  const consentRef = useRef<HTMLInputElement>(null);
  const choice = useRef<SlotChoiceHandle>(null);

  // ── where: province, the caller's town, office and desk, or a municipal station ──
  const place = usePlaceChoice(provinces, officeIds);
  const { deskId, station, loadSlots } = place;

  // ── the first free slots of the choice, a page at a time ──
  const { slots, setSlots, slotsError, page, setPage, selected, setSelected, shown } = useFreeSlots(loadSlots, PAGE);

  // ── checks as typed ──
  const { taxValue, taxProblem, taxMessage, nameProblem, nameMessage, phoneMessage } = useCallerChecks({ taxCode, taxBlurred, fullName, phone, phoneBlurred, submitted });

  // After the slots are read again (a slot taken meanwhile): the proposed one focused as soon as it is on screen.
  useLayoutEffect(() => {
    if (focusSlotsN > 0) choice.current?.focus();
  }, [focusSlotsN]);

  const pickSlot = (n: number) => choice.current?.pick(n) ?? false;
  useImperativeHandle(ref, () => ({
    focus: (field) => {
      if (field === 'slots') choice.current?.focus();
      else ({ taxCode: taxRef, town: townRef, office: officeRef, desk: deskRef })[field].current?.focus();
    },
    toggleConsent: () => {
      if (result) return;
      const next = !consentRef.current?.checked;
      setConsent(next);
      setConsentNote(t(next ? 'reception.book.consentOn' : 'reception.book.consentOff'));
    },
    pickSlot,
  }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || result) return;
    setSubmitted(true);
    setNotice(null);
    if (taxProblem) return taxRef.current?.focus();
    if (nameProblem) return nameRef.current?.focus();
    if (phoneProblem(phone, false)) return phoneRef.current?.focus();
    if (!deskId && !station) return officeRef.current?.focus();
    if (!selected) {
      setNotice(t('reception.book.chooseSlot'));
      return choice.current?.focus();
    }
    if (!consent) {
      setNotice(t('reception.book.consentNeeded'));
      return consentRef.current?.focus();
    }
    setBusy(true);
    setError(null);
    const person = {
      start: selected,
      taxCode: taxValue,
      fullName: fullName.trim().replace(/\s+/g, ' '),
      phone: normalisePhone(phone) ?? phone.trim(),
      language,
      consent: true,
    };
    try {
      // At a station: a video appointment of the station's desk, inside the station's hours.
      const made = station
        ? await postWithKey(attempts.current, { ...person, channel: 'video' as const }, (headers) =>
            staffApi.POST('/api/staff/stations/{id}/bookings', { params: { path: { id: station.id } }, body: { ...person, channel: 'video' }, headers }))
        : // No station: a desk (checked above).
          await postWithKey(attempts.current, { deskId: deskId!, ...person, channel: 'phone' as const }, (headers) =>
            staffApi.POST('/api/staff/bookings', { body: { deskId: deskId!, ...person, channel: 'phone' }, headers }));
      setResult({ ...made, station });
      consoleApi.outcome('booked', made.booking.code, true);
    } catch (err) {
      const code = err instanceof AdminApiError ? err.problem?.code : null;
      if (code === 'slot_full' || code === 'slot_too_soon' || code === 'slot_past' || code === 'slot_closed' || code === 'outside_station_hours') {
        // Taken meanwhile: the slots again, and the next free one proposed.
        const taken = selected;
        try {
          const list = (await loadSlots()) ?? [];
          const next = list.find((s) => s.start > taken) ?? list[0] ?? null;
          setSlots(list);
          const index = next ? list.indexOf(next) : 0;
          setPage(Math.floor(index / PAGE));
          setSelected(next?.start ?? null);
          setNotice(next
            ? t('reception.book.slotTaken', { time: formatDateTime(next.start, lang) })
            : t('reception.slots.none'));
          setFocusSlotsN((n) => n + 1);
        } catch {
          setError(err as AdminApiError);
        }
      } else {
        setError(err as AdminApiError);
        const field = (err as AdminApiError).problem?.fields?.[0]?.path;
        if (field === 'taxCode') taxRef.current?.focus();
        else if (field === 'phone') phoneRef.current?.focus();
        else if (field === 'fullName') nameRef.current?.focus();
      }
    } finally {
      setBusy(false);
    }
  };

  if (result) return <BookingDone result={result} />;

  const problemText = (id: string, text: string | null) => (
    <div id={id} className="rc-field-msg" aria-live="polite">
      {text}
    </div>
  );

  return (
    <form onSubmit={(e) => void submit(e)} onKeyDown={enterSubmits} noValidate aria-labelledby="rc-book-title">
      <h2 id="rc-book-title" className="h4 visually-hidden">
        {t('reception.tools.book')}
      </h2>
      <ProblemMessage error={error} />
      <div className="row g-3">
        <div className="col-12 col-md-6">
          <label htmlFor="rc-tax" className="rc-label">
            {t('reception.book.taxCode')}
          </label>
          <input
            ref={taxRef}
            id="rc-tax"
            className={`form-control rc-mono rc-input-lg${taxMessage ? ' is-invalid' : !taxProblem ? ' is-valid' : ''}`}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="characters"
            maxLength={20}
            value={taxCode}
            aria-invalid={taxMessage ? true : undefined}
            aria-describedby="rc-tax-msg rc-tax-help"
            onChange={(e) => {
              consoleApi.activity();
              setTaxCode(e.target.value.toUpperCase());
            }}
            onBlur={() => setTaxBlurred(true)}
          />
          <div id="rc-tax-help" className="form-text">
            {t('reception.book.taxCodeHelp', { count: taxValue.length })}
          </div>
          {problemText('rc-tax-msg', taxMessage)}
        </div>
        <div className="col-12 col-md-6">
          <label htmlFor="rc-name" className="rc-label">
            {t('reception.book.fullName')}
          </label>
          <input
            ref={nameRef}
            id="rc-name"
            className={`form-control${nameMessage ? ' is-invalid' : ''}`}
            autoComplete="off"
            maxLength={120}
            value={fullName}
            aria-invalid={nameMessage ? true : undefined}
            aria-describedby="rc-name-msg"
            onChange={(e) => {
              consoleApi.activity();
              setFullName(e.target.value);
            }}
          />
          {problemText('rc-name-msg', nameMessage)}
        </div>
        <div className="col-12 col-md-6">
          <label htmlFor="rc-phone" className="rc-label">
            {t('reception.book.phone')}
          </label>
          <input
            ref={phoneRef}
            id="rc-phone"
            type="tel"
            className={`form-control${phoneMessage ? ' is-invalid' : ''}`}
            autoComplete="off"
            inputMode="tel"
            maxLength={30}
            value={phone}
            aria-invalid={phoneMessage ? true : undefined}
            aria-describedby="rc-phone-msg"
            onChange={(e) => {
              consoleApi.activity();
              setPhone(e.target.value);
            }}
            onBlur={() => setPhoneBlurred(true)}
          />
          {problemText('rc-phone-msg', phoneMessage)}
        </div>
        <div className="col-12 col-md-6">
          <label htmlFor="rc-lang" className="rc-label">
            {t('reception.book.language')}
          </label>
          <select id="rc-lang" className="form-select" value={language} onChange={(e) => setLanguage(e.target.value === 'en' ? 'en' : 'it')}>
            <option value="it">{t('reception.book.languageIt')}</option>
            <option value="en">{t('reception.book.languageEn')}</option>
          </select>
        </div>
      </div>

      <ExistingBookings taxValue={taxValue} taxProblem={taxProblem} />

      <PlaceFields place={place} provinces={provinces} refs={{ town: townRef, office: officeRef, desk: deskRef }} onActivity={consoleApi.activity} />

      <div className="mt-3">
        <p id="rc-book-notice" className="rc-notice mb-2" aria-live="polite">
          {notice}
        </p>
        <SlotChoice
          ref={choice}
          id="rc-slot"
          legend={t('reception.slots.legend')}
          slots={shown}
          selected={selected}
          onSelect={setSelected}
          loading={slots === null && !slotsError}
          error={slotsError}
          describedBy="rc-book-notice"
        />
        <SlotPages count={slots?.length ?? 0} page={page} size={PAGE} onPage={setPage} />
      </div>

      <div className="rc-confirm mt-3">
        <div className="form-check mb-0">
          <input ref={consentRef} id="rc-consent" type="checkbox" aria-keyshortcuts="Alt+I" className="form-check-input" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
          <label htmlFor="rc-consent" className="form-check-label">
            {t('reception.book.consent')} <Kbd keys="Alt+I" />
          </label>
          <span className="visually-hidden" aria-live="polite">
            {consentNote}
          </span>
        </div>
        <button type="submit" className="btn btn-primary" aria-disabled={busy ? true : undefined}>
          {busy ? t('reception.book.booking') : t('reception.book.submit')} <Kbd keys="Enter" />
        </button>
      </div>
    </form>
  );
});

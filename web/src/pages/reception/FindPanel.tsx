import { forwardRef, useImperativeHandle, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminApiError } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';
import { detectSearch, findBookings, type SearchBy, type StaffBooking } from './api';
import { BookingList } from './BookingList';
import { useConsole } from './ConsoleContext';
import { Kbd } from './Kbd';

export interface FindPanelHandle {
  focus(): void;
  /** Puts a value (e.g. an incoming caller's number) in the search box and searches. */
  searchFor(value: string): void;
}

/** Find a caller's bookings by tax code, phone or booking code; cancel or move them. */
export const FindPanel = forwardRef<FindPanelHandle, object>(function FindPanel(_props, ref) {
  const { t } = useTranslation();
  const consoleApi = useConsole();
  const [q, setQ] = useState('');
  const [tried, setTried] = useState(false);
  const [found, setFound] = useState<{ by: SearchBy; value: string; items: StaffBooking[] } | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useImperativeHandle(ref, () => ({
    focus: () => {
      input.current?.focus();
      input.current?.select();
    },
    searchFor: (value: string) => {
      setQ(value);
      setTried(true);
      const d = detectSearch(value);
      if (d && d.value !== null) void run(d.by, d.value);
    },
  }));

  const detected = detectSearch(q);
  const invalid = detected && detected.value === null && (tried || (detected.by === 'taxCode' && q.replace(/\s/g, '').length >= 16));
  const hint = detected ? t(`reception.find.by.${detected.by}`) : t('reception.find.byNone');

  const run = async (by: SearchBy, value: string) => {
    setBusy(true);
    setError(null);
    try {
      setFound({ by, value, items: await findBookings(by, value) });
    } catch (err) {
      setError(err as AdminApiError);
      setFound(null);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!detected || detected.value === null) return input.current?.focus();
    void run(detected.by, detected.value);
  };

  return (
    <div>
      <h2 className="h4 visually-hidden">{t('reception.tools.find')}</h2>
      <form onSubmit={submit} noValidate role="search" aria-label={t('reception.tools.find')}>
        <label htmlFor="rc-find" className="rc-label">
          {t('reception.find.label')} <Kbd keys="Alt+R" />
        </label>
        <div className="d-flex gap-2">
          <input
            ref={input}
            id="rc-find"
            aria-keyshortcuts="Alt+R"
            className={`form-control rc-mono${invalid ? ' is-invalid' : ''}`}
            autoComplete="off"
            spellCheck={false}
            maxLength={30}
            value={q}
            aria-invalid={invalid ? true : undefined}
            aria-describedby="rc-find-hint"
            onChange={(e) => {
              consoleApi.activity();
              setQ(e.target.value);
              setTried(false);
            }}
          />
          <button type="submit" className="btn btn-primary text-nowrap" aria-disabled={busy ? true : undefined}>
            {t('reception.find.submit')} <Kbd keys="Enter" />
          </button>
        </div>
        <div id="rc-find-hint" className={`rc-field-msg${invalid ? '' : ' text-body'}`} aria-live="polite">
          {invalid ? t(`reception.find.invalid.${detected.by}`) : hint}
        </div>
      </form>
      <ProblemMessage error={error} />
      {found && (
        <section className="mt-3" aria-labelledby="rc-found-title">
          <h3 id="rc-found-title" className="h6" aria-live="polite">
            {t('reception.find.results', { count: found.items.length })}
          </h3>
          {found.items.length > 0 && <BookingList items={found.items} onChanged={() => void run(found.by, found.value)} labelledBy="rc-found-title" />}
        </section>
      )}
    </div>
  );
});

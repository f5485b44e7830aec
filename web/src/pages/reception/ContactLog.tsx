import { forwardRef, useImperativeHandle, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminApiError } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';
import { CONTACT_REASONS, type ContactReason, type ShortAnswer } from './api';
import { enterSubmits } from './ConsoleContext';
import { Kbd } from './Kbd';
import { digitOf, isEditable } from './keys';

export interface ContactLogHandle {
  focus(): void;
}

interface Props {
  /** The reason proposed by what was done in the call (and the booking it concerns). */
  suggestion: { reason: ContactReason; bookingCode?: string; n: number; focus: boolean } | null;
  /** The short answer last opened in this call (reason 4). */
  answer: ShortAnswer | null;
  /** Sends the log; resolves when it is recorded. */
  onLog: (entry: { reason: ContactReason; bookingCode?: string; shortAnswerId?: string; note?: string }) => Promise<void>;
}

/** The end of a call in two keystrokes: its reason by number (1–6), then Enter. */
export const ContactLog = forwardRef<ContactLogHandle, Props>(function ContactLog({ suggestion, answer, onLog }, ref) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<ContactReason | null>(null);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const radios = useRef<(HTMLInputElement | null)[]>([]);

  const focusReason = (r: ContactReason | null) => {
    const i = r ? CONTACT_REASONS.indexOf(r) : 0;
    radios.current[Math.max(0, i)]?.focus();
  };
  useImperativeHandle(ref, () => ({ focus: () => focusReason(reason) }));

  // A new suggestion (after a booking, a move, a cancellation): its reason selected and focused at once.
  useLayoutEffect(() => {
    if (!suggestion) return;
    setReason(suggestion.reason);
    setMessage(null);
    if (suggestion.focus) focusReason(suggestion.reason);
    // Runs on purpose only when these change: runs once per new suggestion (its counter), not when the same one is rendered again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [suggestion?.n]);

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    const n = isEditable(e.target) ? null : digitOf(e, CONTACT_REASONS.length);
    if (n !== null) {
      e.preventDefault();
      const r = CONTACT_REASONS[n - 1]!;
      setReason(r);
      focusReason(r);
      return;
    }
    enterSubmits(e);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    if (!reason) {
      setMessage(t('reception.log.chooseReason'));
      return focusReason(null);
    }
    if (reason === 'short_answer' && !answer) {
      setMessage(t('reception.log.noAnswer'));
      return focusReason(reason);
    }
    setBusy(true);
    try {
      const codeReasons: ContactReason[] = ['booked', 'moved', 'cancelled'];
      await onLog({
        reason,
        ...(codeReasons.includes(reason) && suggestion?.bookingCode ? { bookingCode: suggestion.bookingCode } : {}),
        ...(reason === 'short_answer' && answer ? { shortAnswerId: answer.id } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setReason(null);
      setNote('');
      setMessage(null);
    } catch (err) {
      setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="rc-log" aria-labelledby="rc-log-title">
      <h2 id="rc-log-title" className="h5">
        {t('reception.log.title')} <Kbd keys="Alt+L" />
      </h2>
      <form onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate>
        <ProblemMessage error={error} />
        <fieldset aria-describedby="rc-log-msg">
          <legend className="visually-hidden">{t('reception.log.reason')}</legend>
          <div className="rc-reasons">
            {CONTACT_REASONS.map((r, i) => (
              <div key={r} className={`rc-reason${reason === r ? ' is-selected' : ''}`}>
                <input
                  ref={(el) => {
                    radios.current[i] = el;
                  }}
                  type="radio"
                  className="rc-slot-input"
                  id={`rc-reason-${r}`}
                  name="rc-reason"
                  value={r}
                  checked={reason === r}
                  onChange={() => setReason(r)}
                />
                <label htmlFor={`rc-reason-${r}`}>
                  <kbd className="rc-slot-key">{i + 1}</kbd> {t(`reception.reason.${r}`)}
                  {r === 'short_answer' && answer && <span className="rc-reason-extra">«{answer.title}»</span>}
                  {suggestion?.bookingCode && suggestion.reason === r && <span className="rc-reason-extra rc-mono">{suggestion.bookingCode}</span>}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <p id="rc-log-msg" className="rc-notice mb-2" aria-live="polite">
          {message}
        </p>
        <div className="d-flex flex-wrap gap-2 align-items-end">
          <div className="flex-grow-1">
            <label htmlFor="rc-log-note" className="rc-label">
              {t('reception.log.note')}
            </label>
            <input id="rc-log-note" className="form-control" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-primary" aria-disabled={busy ? true : undefined}>
            {t('reception.log.submit')} <Kbd keys="Enter" />
          </button>
        </div>
      </form>
    </section>
  );
});

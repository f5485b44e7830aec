import './office-admin.css';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { ApiBody, Fetched } from '../../api/client';
import { AdminApiError, staff, staffApi, useStaffData } from './adminApi';
import { byDay, longDate, timeOf, when, type AffectedBooking, type ChangeResult, type SlotDelta } from './officeApi';
import { ProblemMessage } from './ProblemMessage';

/** "Every citizen is notified" only when a channel really carries messages to citizens. */
function NotifiedNote() {
  const { t } = useTranslation();
  const channels = useStaffData('/api/notifications/channels', () => staffApi.GET('/api/notifications/channels'));
  if (!channels.data) return null;
  const { live, demoOutbox } = channels.data;
  return <p className="mb-0 mt-1 small">{t(live ? 'admin.change.notified' : demoOutbox ? 'admin.change.notifiedDemo' : 'admin.change.notNotified')}</p>;
}

/** What the flow adds to a change's body: `preview` (nothing saved), or the admin's choice for the bookings it strands (the same on every change route). */
export type ChangeExtra = Pick<ApiBody<'/api/staff/admin/desks/{id}/calendar'>, 'preview' | 'resolution'>;
type Resolution = NonNullable<ChangeExtra['resolution']>;

/** A change's request through `staffApi`, given its body (the caller's fields and the flow's `ChangeExtra`). */
export type SendChange<B> = (body: B & ChangeExtra) => Promise<Fetched<ChangeResult>>;

/** A change ready to go: sends its body with `extra` added. */
type Request = (extra: ChangeExtra) => Promise<Fetched<ChangeResult>>;

/**
 * Every change that may touch bookings goes through here: preview (nothing saved), save;
 * a 409 `bookings_affected` opens the dialog where the admin chooses move or cancel; then
 * the result summary. `onSaved` runs after a change is applied (reload the data).
 * A change is a typed request (`send`) and its body: e.g.
 * `change.save((b) => staffApi.POST('/api/staff/admin/offices/{id}/holidays', { params, body: b }), holiday)`.
 */
export function useChange(onSaved: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [preview, setPreview] = useState<ChangeResult | null>(null);
  const [result, setResult] = useState<ChangeResult | null>(null);
  const [pending, setPending] = useState<{ request: Request; affected: AffectedBooking[] } | null>(null);

  const send = useCallback(async (request: Request, mode: 'preview' | 'save', extra: ChangeExtra = {}) => {
    setBusy(true);
    setError(null);
    if (mode === 'save') setPreview(null);
    setResult(null);
    try {
      const r = await staff(request(mode === 'preview' ? { preview: true } : extra));
      if (mode === 'preview') setPreview(r);
      else {
        setResult(r);
        setPending(null);
        onSaved();
      }
    } catch (e) {
      const err = e instanceof AdminApiError ? e : new AdminApiError(0, null);
      if (err.status === 409 && err.problem?.code === 'bookings_affected' && mode === 'save') {
        setPending({ request, affected: (err.problem.affected as AffectedBooking[]) ?? [] });
      } else setError(err);
    } finally {
      setBusy(false);
    }
  }, [onSaved]);

  const request = <B extends object>(sendChange: SendChange<B>, body: B): Request => (extra) => sendChange({ ...body, ...extra });
  return {
    busy, error, preview, result, pending,
    previewChange: <B extends object>(sendChange: SendChange<B>, body: B) => send(request(sendChange, body), 'preview'),
    save: <B extends object>(sendChange: SendChange<B>, body: B) => send(request(sendChange, body), 'save'),
    resolve: (action: Resolution['action'], reason: string) => pending && send(pending.request, 'save', { resolution: { action, reason } }),
    dismiss: () => setPending(null),
    clear: () => {
      setPreview(null);
      setResult(null);
      setError(null);
    },
  };
}

export type Change = ReturnType<typeof useChange>;

/** What a change did or would do: error, preview of the slots, result summary, and the dialog. */
export function ChangeFeedback({ change, previewTitle }: { change: Change; previewTitle?: string }) {
  return (
    <>
      <ProblemMessage error={change.error} />
      {change.preview && <SlotPreview result={change.preview} title={previewTitle} />}
      <div aria-live="polite">{change.result && <ResultSummary result={change.result} />}</div>
      {change.pending && <AffectedDialog change={change} />}
    </>
  );
}

function SlotList({ slots, lang, max = 6 }: { slots: SlotDelta[]; lang: string; max?: number }) {
  const { t } = useTranslation();
  const days = byDay(slots);
  return (
    <ul className="list-unstyled mb-2">
      {days.slice(0, max).map(([day, list]) => (
        <li key={day} className="mb-1">
          <strong>{longDate(day, lang)}</strong>: {list.map((s) => `${timeOf(s.start)}${s.places > 1 ? ` (${t('admin.change.places', { count: s.places })})` : ''}`).join(', ')}
        </li>
      ))}
      {days.length > max && <li>{t('admin.change.moreDays', { count: days.length - max })}</li>}
    </ul>
  );
}

/** The slots a change adds and removes (nothing saved yet). */
export function SlotPreview({ result, title }: { result: ChangeResult; title?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <section className="card card-bg p-3 my-3 border" aria-labelledby={id}>
      <h3 id={id} className="h5">{title ?? t('admin.change.previewTitle')}</h3>
      <p className="mb-2">{t('admin.change.previewCounts', { added: result.added.length, removed: result.removed.length })}</p>
      {result.added.length > 0 && (
        <>
          <h4 className="h6">{t('admin.change.newSlots')}</h4>
          <SlotList slots={result.added} lang={i18n.language} />
        </>
      )}
      {result.removed.length > 0 && (
        <>
          <h4 className="h6">{t('admin.change.removedSlots')}</h4>
          <SlotList slots={result.removed} lang={i18n.language} />
        </>
      )}
      {result.affected.length > 0 && <p className="mb-0 text-danger fw-semibold">{t('admin.change.previewAffected', { count: result.affected.length })}</p>}
      <p className="mb-0 small">{t('admin.change.previewNote')}</p>
    </section>
  );
}

function ResultSummary({ result }: { result: ChangeResult }) {
  const { t, i18n } = useTranslation();
  const moved = result.affected.filter((a) => a.outcome === 'moved');
  const cancelled = result.affected.filter((a) => a.outcome === 'cancelled');
  return (
    <div className="alert alert-success" role="status">
      <p className="mb-1 fw-semibold">{t('admin.change.saved')}</p>
      <p className="mb-1">{t('admin.change.previewCounts', { added: result.added.length, removed: result.removed.length })}</p>
      {result.affected.length > 0 && (
        <>
          <p className="mb-1">{t('admin.change.resultCounts', { moved: moved.length, cancelled: cancelled.length })}</p>
          <ul className="mb-0">
            {result.affected.map((a) => (
              <li key={a.code}>
                <span className="text-monospace">{a.code}</span>: {a.outcome === 'moved' && a.movedTo
                  ? t('admin.change.movedTo', { from: when(a.start, i18n.language), to: when(a.movedTo, i18n.language) })
                  : t('admin.change.cancelledAt', { from: when(a.start, i18n.language) })}
              </li>
            ))}
          </ul>
          <NotifiedNote />
        </>
      )}
    </div>
  );
}

/** The bookings a change would strand, and the admin's choice: move them or cancel them with a reason. */
function AffectedDialog({ change }: { change: Change }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const [action, setAction] = useState<Resolution['action']>('move');
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(document.activeElement);
  const affected = change.pending?.affected ?? [];
  useEffect(() => {
    heading.current?.focus();
    const back = opener.current;
    return () => {
      if (back instanceof HTMLElement) back.focus();
    };
  }, []);
  const reasonOk = reason.trim().length >= 3;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (reasonOk) void change.resolve(action, reason.trim());
  };
  // In a portal at the end of the body: above the whole page, whatever stacking the page makes.
  return createPortal(
    <div className="admin-dialog-backdrop" onKeyDown={(e) => {
      if (e.key === 'Escape') change.dismiss();
      if (e.key !== 'Tab') return;
      // Keep the keyboard inside the dialog while it is open.
      const focusable = [...(box.current?.querySelectorAll<HTMLElement>('input, button, [tabindex="0"]') ?? [])].filter((x) => !x.hasAttribute('disabled'));
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (e.shiftKey && (document.activeElement === first || document.activeElement === heading.current)) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    }}>
      <div ref={box} className="admin-dialog card shadow" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <form className="card-body admin-section" onSubmit={submit} noValidate>
          <h2 id={titleId} ref={heading} tabIndex={-1} className="h4">{t('admin.change.dialogTitle', { count: affected.length })}</h2>
          <p>{t('admin.change.dialogLead')}</p>
          <div className="table-responsive" tabIndex={0} role="region" aria-label={t('admin.change.affectedList')}>
            <table className="table table-sm">
              <caption>{t('admin.change.affectedCaption', { count: affected.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.change.code')}</th>
                  <th scope="col">{t('admin.change.when')}</th>
                  <th scope="col">{t('admin.change.person')}</th>
                </tr>
              </thead>
              <tbody>
                {affected.map((a) => (
                  <tr key={a.code}>
                    <th scope="row" className="text-monospace">{a.code}</th>
                    <td>{when(a.start, i18n.language)}</td>
                    <td>{a.fullName ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset className="mb-3">
            <legend className="h6">{t('admin.change.choice')}</legend>
            <div className="form-check">
              <input id={`${titleId}-move`} className="form-check-input" type="radio" name="action" checked={action === 'move'} onChange={() => setAction('move')} />
              <label htmlFor={`${titleId}-move`} className="form-check-label">{t('admin.change.move')}</label>
            </div>
            <div className="form-check">
              <input id={`${titleId}-cancel`} className="form-check-input" type="radio" name="action" checked={action === 'cancel'} onChange={() => setAction('cancel')} />
              <label htmlFor={`${titleId}-cancel`} className="form-check-label">{t('admin.change.cancel')}</label>
            </div>
          </fieldset>
          <div className="form-group">
            <label htmlFor={`${titleId}-reason`} className="active">{t('admin.change.reason')}</label>
            <input
              id={`${titleId}-reason`} type="text" className={`form-control${touched && !reasonOk ? ' is-invalid' : ''}`} value={reason} maxLength={300}
              onChange={(e) => setReason(e.target.value)} aria-describedby={`${titleId}-reason-help`} aria-invalid={touched && !reasonOk} required
            />
            <small id={`${titleId}-reason-help`} className="form-text">{touched && !reasonOk ? t('admin.change.reasonMissing') : t('admin.change.reasonHelp')}</small>
          </div>
          <ProblemMessage error={change.error} />
          <div className="d-flex flex-wrap gap-2 justify-content-end">
            <button type="button" className="btn btn-outline-primary" onClick={change.dismiss}>{t('admin.change.back')}</button>
            <button type="submit" className="btn btn-primary" disabled={change.busy}>
              {action === 'move' ? t('admin.change.applyMove') : t('admin.change.applyCancel')}
            </button>
          </div>
        </form>
      </div>
    </div>,
    document.body,
  );
}

import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import { formatDay, formatTime, romeDateOf } from '../../lib/time';
import type { Slot } from '../../api/types';
import { AdminApiError, staff, staffApi } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';
import { IDENTITY_WAIVERS, OUTCOMES, SERVED, type Agenda, type AgendaItem, type IdentityWaiver, type Outcome, type OutcomeBody } from './operatorApi';

function FollowUpSlots({ deskId, value, onChange }: { deskId: string; value: string; onChange: (start: string) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [failed, setFailed] = useState(false);
  const name = useId();
  useEffect(() => {
    let live = true;
    setSlots(null);
    setFailed(false);
    staff(staffApi.GET('/api/desks/{id}/slots', { params: { path: { id: deskId }, query: { channel: 'phone' } } })).then(
      (r) => live && setSlots(r.days.flatMap((d) => d.slots).filter((x) => (x.state ?? 'open') === 'open' && x.remaining > 0).slice(0, 9)),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [deskId]);
  return (
    <fieldset className="mt-2" aria-busy={slots === null && !failed ? true : undefined}>
      <legend className="form-label fs-6">{t('operator.outcome.followUpSlot')}</legend>
      {failed && <p className="text-danger mb-0">{t('operator.outcome.slotsFailed')}</p>}
      {slots === null && !failed && <p className="mb-0">{t('operator.outcome.slotsLoading')}</p>}
      {slots?.length === 0 && <p className="mb-0">{t('operator.outcome.slotsNone')}</p>}
      <div className="d-flex flex-wrap gap-2">
        {slots?.map((x, i) => (
          <div className="form-check" key={x.start}>
            <input className="form-check-input" type="radio" name={name} id={`${name}-${i}`} value={x.start} checked={value === x.start} onChange={() => onChange(x.start)} />
            <label className="form-check-label" htmlFor={`${name}-${i}`}>
              {formatDay(romeDateOf(x.start), lang)} {formatTime(x.start, lang)}–{formatTime(x.end, lang)}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function OutcomeForm({ item, agenda, onDone }: { item: AgendaItem; agenda: Agenda; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [notes, setNotes] = useState('');
  const [instructions, setInstructions] = useState('');
  const [documents, setDocuments] = useState<string[]>([]);
  const [waiver, setWaiver] = useState<IdentityWaiver | ''>('');
  const desk = agenda.desks.find((d) => d.deskId === item.deskId);
  const followUpDesks = useMemo(() => {
    const own = agenda.desks.filter((d) => d.onDuty);
    const second = desk?.secondLevelDeskId;
    return second && !own.some((d) => d.deskId === second) ? [{ deskId: second, label: t('operator.outcome.secondLevelDesk') }, ...own.map((d) => ({ deskId: d.deskId, label: `${d.officeName} – ${lang === 'en' ? d.nameEn : d.name}` }))]
      : own.map((d) => ({ deskId: d.deskId, label: `${d.officeName} – ${lang === 'en' ? d.nameEn : d.name}` }));
  }, [agenda.desks, desk, lang, t]);
  const [deskId, setDeskId] = useState(desk?.secondLevelDeskId ?? followUpDesks[0]?.deskId ?? '');
  const [start, setStart] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const id = useId();
  const c = item.lastCall;
  // What the last call allows: the form offers nothing the server would refuse.
  const over = !!c && (c.state === 'ended' || c.state === 'failed');
  const connected = over && !!c.answeredAt;
  const allowed = (o: Outcome) => over && (o === 'no_answer' ? !connected : o === 'wrong_number' ? true : connected);
  const needsWaiver = !!outcome && SERVED.includes(outcome) && !item.identityVerified;
  const ready = !!outcome && allowed(outcome) && (!needsWaiver || !!waiver)
    && (outcome !== 'needs_documents' || documents.length > 0) && (outcome !== 'second_level' || !!start);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!outcome || !ready) return;
    setError(null);
    try {
      const body: OutcomeBody = { outcome };
      if (notes.trim()) body.notes = notes;
      if (needsWaiver && waiver) body.identityWaiver = waiver;
      if (outcome === 'needs_documents') {
        body.documents = documents;
        if (instructions.trim()) body.instructions = instructions;
      }
      if (outcome === 'second_level') body.followUp = { deskId, start };
      const r = await staff(staffApi.POST('/api/staff/agenda/bookings/{id}/outcome', { params: { path: { id: item.bookingId } }, body }));
      setMessage(r.state === 'retry' ? t('operator.outcome.retryAt', { time: formatTime(r.nextAttemptAt!, lang) }) : r.followUp ? t('operator.outcome.followUp', { code: r.followUp.code }) : t('operator.outcome.saved'));
      setOutcome('');
      setNotes('');
      await onDone();
    } catch (err) {
      setError(err as AdminApiError);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="mb-3">
      <fieldset aria-describedby={`${id}-why`}>
        <legend className="h6">{t('operator.outcome.title')}</legend>
        <p id={`${id}-why`} className="small mb-1">
          {!c ? t('operator.outcome.afterCall') : !over ? t('operator.outcome.afterCall') : connected ? t('operator.outcome.connected') : t('operator.outcome.notConnected')}
        </p>
        <div className="d-flex flex-wrap gap-3">
          {OUTCOMES.map((o) => (
            <div className="form-check" key={o}>
              <input className="form-check-input" type="radio" name={`${id}-o`} id={`${id}-${o}`} value={o} checked={outcome === o} disabled={!allowed(o)} onChange={() => setOutcome(o)} />
              <label className="form-check-label" htmlFor={`${id}-${o}`}>{t(`operator.outcome.${o}`)}</label>
            </div>
          ))}
        </div>
      </fieldset>
      {needsWaiver && (
        <div className="alert alert-warning mt-2 mb-0" data-testid="identity-waiver">
          <p className="mb-2">{t('operator.outcome.identityFirst')}</p>
          <label htmlFor={`${id}-w`} className="form-label">{t('operator.outcome.waiver')}</label>
          <select id={`${id}-w`} className="form-select" value={waiver} onChange={(e) => setWaiver(e.target.value as IdentityWaiver | '')}>
            <option value="">{t('operator.outcome.waiverChoose')}</option>
            {IDENTITY_WAIVERS.map((w) => <option key={w} value={w}>{t(`operator.waiver.${w}`)}</option>)}
          </select>
        </div>
      )}
      {outcome === 'needs_documents' && (
        <fieldset className="mt-2">
          <legend className="form-label fs-6">{t('operator.outcome.documents')}</legend>
          {(desk?.documents ?? []).map((d) => (
            <div className="form-check" key={d.key}>
              <input className="form-check-input" type="checkbox" id={`${id}-doc-${d.key}`} checked={documents.includes(d.key)}
                onChange={(e) => setDocuments(e.target.checked ? [...documents, d.key] : documents.filter((k) => k !== d.key))} />
              <label className="form-check-label" htmlFor={`${id}-doc-${d.key}`}>{lang === 'en' ? d.en : d.it}</label>
            </div>
          ))}
          <label htmlFor={`${id}-i`} className="form-label mt-2">{t('operator.outcome.instructions')}</label>
          <textarea id={`${id}-i`} className="form-control" rows={2} maxLength={2000} value={instructions} onChange={(e) => setInstructions(e.target.value)} />
          <small className="form-text">{t('operator.outcome.documentsSent')}</small>
        </fieldset>
      )}
      {outcome === 'second_level' && (
        <div className="mt-2">
          <label htmlFor={`${id}-d`} className="form-label">{t('operator.outcome.followUpDesk')}</label>
          <select id={`${id}-d`} className="form-select" value={deskId} onChange={(e) => { setDeskId(e.target.value); setStart(''); }}>
            {followUpDesks.map((d) => <option key={d.deskId} value={d.deskId}>{d.label}</option>)}
          </select>
          {deskId && <FollowUpSlots deskId={deskId} value={start} onChange={setStart} />}
          <small className="form-text">{t('operator.outcome.followUpSent')}</small>
        </div>
      )}
      <div className="mt-2">
        <label htmlFor={`${id}-n`} className="form-label">{t('operator.outcome.notes')}</label>
        <textarea id={`${id}-n`} className="form-control" rows={2} maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} aria-describedby={`${id}-c`} />
        <small id={`${id}-c`} className="form-text">{t('operator.outcome.chars', { count: 2000 - notes.length })}</small>
      </div>
      <button type="submit" className="btn btn-primary mt-2" disabled={!ready}>{t('operator.outcome.save')}</button>
      <div aria-live="polite">{message && <p className="mt-2 text-success" data-testid="outcome-message">{message}</p>}</div>
      {error && <ProblemMessage error={error} />}
    </form>
  );
}

import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { createHold } from '../../api/booking';
import { AdminApiError, problemCode } from '../../api/client';
import { ChallengeStatus } from '../../booking/ChallengeStatus';
import { useHoldChallenge } from '../../booking/useHoldChallenge';
import { updateFlow, useFlow } from '../../booking/flow';
import { NearbyOffices } from '../../booking/NearbyOffices';
import { ProblemAlert } from '../../booking/ProblemAlert';
import { SlotPicker } from '../../booking/SlotPicker';
import { InlineError, Loading } from '../../components/StateViews';
import { currentLang } from '../../i18n';
import { formatDateTime } from '../../lib/time';
import { FlowFrame, STEP_PATH } from './FlowFrame';
import { dropHold, useDesk } from './holdShared';

/** Step 5: day and time. */
export function SlotStep({ deskId, channel }: { deskId: string; channel: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const navigate = useNavigate();
  const flow = useFlow();
  const desk = useDesk(deskId);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const errorRef = useRef<HTMLDivElement>(null);
  const hold = flow.hold && flow.hold.deskId === deskId && flow.hold.deadline > Date.now() ? flow.hold : null;
  const challenge = useHoldChallenge(deskId);

  const pick = async (slot: { start: string }) => {
    setError(null);
    if (hold && hold.start === slot.start) {
      navigate(STEP_PATH.person);
      return;
    }
    setBusy(slot.start);
    try {
      await dropHold();
      const body = { start: slot.start, channel, ...(flow.priority ? { priority: true } : {}) };
      // With the anti-abuse check solved meanwhile; refused as stale (expired, already used): once more with a new one.
      const { data, skewMs } = await createHold(deskId, body, await challenge.take()).catch(async (e: unknown) => {
        const code = problemCode(e);
        if (code === 'challenge_invalid' || code === 'challenge_required') return createHold(deskId, body, await challenge.take());
        throw e;
      });
      updateFlow({
        hold: {
          id: data.holdId,
          token: data.holdToken,
          deskId: data.deskId,
          start: data.start,
          end: data.end,
          expiresAt: data.expiresAt,
          deadline: Date.parse(data.expiresAt) - skewMs,
          holdMinutes: data.holdMinutes,
        },
        submit: null,
      });
      navigate(STEP_PATH.person);
    } catch (e) {
      setError(e);
      // The place was just taken (or the day changed state): show the slots as they are now.
      if (e instanceof AdminApiError && e.kind === 'rejected') setReloadKey((n) => n + 1);
      window.setTimeout(() => errorRef.current?.scrollIntoView({ block: 'center' }), 0);
    } finally {
      setBusy(null);
    }
  };

  return (
    <FlowFrame
      step="slot"
      title={t('book.slot.title')}
      lead={desk.status === 'ready' ? t('book.slot.lead', { desk: desk.data.name[lang], office: desk.data.office.name }) : null}
    >
      <p>
        <Link to={STEP_PATH.channel}>{t('book.changeChannel')}</Link>
      </p>
      {notice && !error && (
        <div className="alert alert-warning" role="alert">
          {t(notice)}
        </div>
      )}
      {hold && (
        <div className="alert alert-info current-hold">
          <p className="mb-2">{t('book.slot.holding', { when: formatDateTime(hold.start, lang) })}</p>
          <button type="button" className="btn btn-primary btn-sm" onClick={() => navigate(STEP_PATH.person)}>
            {t('book.slot.keepHold')}
          </button>
        </div>
      )}
      {!hold && <ChallengeStatus state={challenge.state} />}
      <div ref={errorRef}>
        {error !== null && (
          <ProblemAlert error={error}>
            {problemCode(error) === 'slot_full' && <p className="mb-0 mt-2">{t('book.slot.refreshed')}</p>}
          </ProblemAlert>
        )}
      </div>
      {desk.status === 'loading' ? (
        <Loading inline />
      ) : desk.status === 'error' ? (
        <InlineError error={desk.error} retry={desk.retry} />
      ) : (
        <SlotPicker
          deskId={deskId}
          horizonDays={desk.data.horizonDays}
          channel={channel}
          priority={flow.priority}
          onPick={(slot) => void pick(slot)}
          busy={busy}
          current={hold?.start ?? null}
          reloadKey={reloadKey}
          stationId={flow.station?.id ?? null}
          initialDay={flow.day}
          nothingFree={
            <>
              <div className="callout waitlist-offer" data-testid="waitlist-offer">
                <h2 className="h4">{t('book.waitlist.offerTitle')}</h2>
                <p>{t('book.waitlist.offerText')}</p>
                <Link className="btn btn-primary" to="/prenota/lista-attesa">
                  {t('book.waitlist.join')}
                </Link>
              </div>
              {!flow.station && <NearbyOffices deskId={deskId} channel={channel} priority={flow.priority} />}
            </>
          }
        />
      )}
    </FlowFrame>
  );
}

/** The hold ran out (or was lost): say so, keep what was typed, go back to the slots. */

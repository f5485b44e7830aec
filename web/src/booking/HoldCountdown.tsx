import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../i18n';
import { formatDateTime } from '../lib/time';
import { clock, crossedThreshold, secondsLeft, spokenTime } from './countdown';
import { extendHold } from '../api/booking';
import { updateFlow, type HeldPlace } from './flow';

/**
 * The place held while the form is filled in: a visible countdown (every second),
 * and a polite live region that speaks only at a few thresholds (5, 2, 1 minutes,
 * 30 seconds), when the page opens and when more time is given — always the same
 * minutes and seconds as the visible clock at that moment. At zero, `onExpire` runs once.
 */
export function HoldCountdown({ hold, onExpire }: { hold: HeldPlace; onExpire: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [now, setNow] = useState(() => Date.now());
  const [spoken, setSpoken] = useState('');
  const last = useRef<number | null>(null);
  const expired = useRef(false);
  const extendedBy = useRef<number | null>(null);
  const left = secondsLeft(hold.deadline, now);

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    const before = last.current;
    last.current = left;
    if (before === null) {
      // First reading: say once how long the place is held (what the clock shows now).
      setSpoken(t('countdown.left', { time: spokenTime(t, left) }));
      return;
    }
    if (extendedBy.current !== null && left > before) {
      // More time given: say how much, and the new time left as the clock now shows it.
      setSpoken(t('countdown.extended', { count: extendedBy.current, time: spokenTime(t, left) }));
      extendedBy.current = null;
      return;
    }
    // A tab in the background may skip seconds: the threshold crossed is said as the clock shows it.
    if (crossedThreshold(before, left) !== null) setSpoken(t('countdown.left', { time: spokenTime(t, left) }));
    if (left === 0 && !expired.current) {
      expired.current = true;
      onExpire();
    }
  }, [left, onExpire, t]);

  const urgent = left <= 60;
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const more = () => {
    setBusy(true);
    setFailed(false);
    extendHold(hold.id, hold.token).then(
      ({ expiresAt }) => {
        const added = Date.parse(expiresAt) - Date.parse(hold.expiresAt);
        extendedBy.current = Math.round(added / 60_000);
        updateFlow((f) => (f.hold && f.hold.id === hold.id ? { hold: { ...f.hold, expiresAt, deadline: f.hold.deadline + added, extended: true } } : {}));
        setBusy(false);
      },
      () => {
        setFailed(true);
        setBusy(false);
      },
    );
  };
  return (
    // Not role="alert": the clock changes every second; only the polite region below speaks.
    <div className={`alert alert-${urgent ? 'warning' : 'info'} hold-countdown`} data-testid="hold-countdown">
      <p className="mb-1">
        {t('countdown.held', { when: formatDateTime(hold.start, lang) })}
      </p>
      <p className="mb-0">
        {t('countdown.timeLeft')}{' '}
        <strong role="timer" aria-live="off" className="hold-clock">
          {clock(left)}
        </strong>
      </p>
      {!hold.extended && left > 0 && (
        <p className="mb-0 mt-2">
          <button type="button" className="btn btn-sm btn-outline-primary bg-white" onClick={more} disabled={busy}>
            {t('countdown.more', { count: hold.holdMinutes })}
          </button>
        </p>
      )}
      {failed && <p className="mb-0 mt-1">{t('countdown.moreFailed')}</p>}
      <p className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="hold-announcer">
        {spoken}
      </p>
    </div>
  );
}

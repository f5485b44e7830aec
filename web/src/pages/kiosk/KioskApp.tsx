import './i18n';
import './kiosk.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useTitle } from '../../components/useTitle';
import { KioskCall, KioskWaiting } from './KioskCall';
import { KioskEnrol } from './KioskEnrol';
import { KioskIdle } from './KioskIdle';
import { KioskError, kioskCall, storeToken, storedToken, type Appointments, type CheckIn } from './kioskApi';

type Screen =
  | { kind: 'enrol' }
  | { kind: 'idle' }
  | { kind: 'waiting'; checkIn: CheckIn }
  | { kind: 'call'; checkIn: CheckIn }
  | { kind: 'notice'; message: string; tone: 'info' | 'warning' };

/** Seconds without a touch or a key before the kiosk clears itself (`?inattivita=N`, 5–600; default 60). */
function inactivitySeconds(): number {
  const n = Number(new URLSearchParams(window.location.search).get('inattivita'));
  return Number.isFinite(n) && n >= 5 && n <= 600 ? n : 60;
}
const NOTICE_SECONDS = 20;
const REFRESH_MS = 30_000;

/**
 * The municipal station's kiosk (/postazione): full screen, large type, high contrast. Idle, it
 * shows today's next appointments (first names and times) and asks for a booking code; checked
 * in, it waits for the room to open and joins it without typing; after the call, a notice or a
 * pause it goes back to the start and nothing personal stays on screen.
 */
export default function KioskApp() {
  const { t } = useTranslation();
  useTitle(t('station.kiosk.title'));
  const [screen, setScreen] = useState<Screen>(storedToken() ? { kind: 'idle' } : { kind: 'enrol' });
  const [info, setInfo] = useState<Appointments | null>(null);
  const [offline, setOffline] = useState(false);
  const [skewMs, setSkewMs] = useState(0);
  const [resets, setResets] = useState(0);
  const lastActivity = useRef(Date.now());

  const reset = useCallback(() => {
    setScreen((s) => (s.kind === 'enrol' ? s : { kind: 'idle' }));
    setResets((n) => n + 1); // a new idle screen: the typed code is gone
  }, []);

  const onTokenRefused = useCallback(() => {
    storeToken(null);
    setInfo(null);
    setScreen({ kind: 'notice', message: t('station.kiosk.revoked'), tone: 'warning' });
    window.setTimeout(() => setScreen({ kind: 'enrol' }), NOTICE_SECONDS * 1000);
  }, [t]);

  const refresh = useCallback(async () => {
    if (!storedToken()) return;
    try {
      const a = await kioskCall<Appointments>('GET', '/api/station/appointments');
      setInfo(a);
      setSkewMs(Date.parse(a.now) - Date.now());
      setOffline(false);
    } catch (err) {
      if (err instanceof KioskError && err.status === 401) onTokenRefused();
      else setOffline(true);
    }
  }, [onTokenRefused]);

  const enrolling = screen.kind === 'enrol';
  // Appointments every 30 s, heartbeat every minute (the URP is alerted when it stops in opening hours).
  useEffect(() => {
    if (enrolling) return;
    void refresh();
    const beat = () => void kioskCall('POST', '/api/station/heartbeat').then(() => setOffline(false), (err: unknown) => {
      if (err instanceof KioskError && err.status === 401) onTokenRefused();
      else setOffline(true);
    });
    beat();
    const a = window.setInterval(() => void refresh(), REFRESH_MS);
    const b = window.setInterval(beat, 60_000);
    return () => {
      window.clearInterval(a);
      window.clearInterval(b);
    };
  }, [enrolling, refresh, onTokenRefused]);

  // Inactivity: no touch, click or key for a while clears the screen (never during a call or while waiting for it).
  useEffect(() => {
    const mark = () => {
      lastActivity.current = Date.now();
    };
    const events = ['pointerdown', 'keydown', 'touchstart', 'input'] as const;
    for (const e of events) window.addEventListener(e, mark, { passive: true });
    const limit = inactivitySeconds() * 1000;
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity.current < limit) return;
      lastActivity.current = Date.now();
      setScreen((s) => (s.kind === 'idle' || s.kind === 'notice' ? { kind: 'idle' } : s));
      setResets((n) => n + 1);
    }, 1000);
    return () => {
      for (const e of events) window.removeEventListener(e, mark);
      window.clearInterval(timer);
    };
  }, []);

  // A notice stays NOTICE_SECONDS, then the start screen.
  useEffect(() => {
    if (screen.kind !== 'notice' || !storedToken()) return;
    const id = window.setTimeout(reset, NOTICE_SECONDS * 1000);
    return () => window.clearTimeout(id);
  }, [screen, reset]);

  const checkIn = async (code: string): Promise<string | null> => {
    try {
      const c = await kioskCall<CheckIn>('POST', '/api/station/check-in', { code });
      setScreen(Date.now() + skewMs >= Date.parse(c.room.opensAt) ? { kind: 'call', checkIn: c } : { kind: 'waiting', checkIn: c });
      return null;
    } catch (err) {
      const code = err instanceof KioskError ? err.code : null;
      if (err instanceof KioskError && err.status === 401) {
        onTokenRefused();
        return null;
      }
      if (code === 'video_unavailable' || code === 'phone_instead') {
        setScreen({ kind: 'notice', message: t(code === 'video_unavailable' ? 'station.kiosk.videoUnavailable' : 'station.kiosk.phoneInsteadFull'), tone: 'warning' });
        void refresh();
        return null;
      }
      return t(code === 'booking_not_at_station' || code === 'invalid_input' ? 'station.kiosk.notFound' : code === 'check_in_too_early' ? 'station.kiosk.tooEarly' : 'station.kiosk.error');
    }
  };

  return (
    <div className="kiosk" data-screen={screen.kind}>
      <header className="kiosk-header">
        <p className="kiosk-brand">{info ? `${t('station.kiosk.title')} · ${info.station.name}` : t('station.kiosk.title')}</p>
        <LanguageSwitch />
      </header>
      <main id="main" className="kiosk-main" aria-live="polite">
        {offline && <p className="kiosk-offline" role="status">{t('station.kiosk.offline')}</p>}
        {screen.kind === 'enrol' && <KioskEnrol onEnrolled={() => setScreen({ kind: 'idle' })} />}
        {screen.kind === 'idle' && <KioskIdle key={resets} info={info} onCheckIn={checkIn} />}
        {screen.kind === 'waiting' && (
          <KioskWaiting checkIn={screen.checkIn} skewMs={skewMs} onOpen={() => setScreen({ kind: 'call', checkIn: screen.checkIn })} onCancel={reset} />
        )}
        {screen.kind === 'call' && <KioskCall checkIn={screen.checkIn} skewMs={skewMs} onEnd={reset} />}
        {screen.kind === 'notice' && (
          <div className={`kiosk-notice kiosk-notice-${screen.tone}`} role="alert">
            <p>{screen.message}</p>
            <button type="button" className="btn btn-primary btn-lg kiosk-button" onClick={reset}>{t('station.kiosk.cancel')}</button>
          </div>
        )}
      </main>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { timeOf, type CheckIn } from './kioskApi';

/** Checked in before the room opens: the time, a countdown, and the room opens by itself. */
export function KioskWaiting({ checkIn, skewMs, onOpen, onCancel }: { checkIn: CheckIn; skewMs: number; onOpen: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const opens = Date.parse(checkIn.room.opensAt);
  const [now, setNow] = useState(Date.now() + skewMs);
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now() + skewMs), 1000);
    return () => window.clearInterval(id);
  }, [skewMs]);
  useEffect(() => {
    if (now >= opens) onOpen();
  }, [now, opens, onOpen]);
  const minutes = Math.max(1, Math.ceil((opens - now) / 60_000));
  return (
    <div className="kiosk-card">
      <h1>{t('station.kiosk.hello', { name: checkIn.firstName })}</h1>
      <p className="kiosk-lead">{t('station.kiosk.appointment', { time: timeOf(checkIn.start) })}</p>
      <p className="kiosk-lead">{t('station.kiosk.opensAt', { time: timeOf(checkIn.room.opensAt) })}</p>
      <p role="timer">{t('station.kiosk.startingIn', { count: minutes })}</p>
      <button type="button" className="btn btn-outline-primary btn-lg kiosk-button" onClick={onCancel}>{t('station.kiosk.cancel')}</button>
    </div>
  );
}

/** The call: the room in the whole screen, until the citizen ends it or the room closes. */
export function KioskCall({ checkIn, skewMs, onEnd }: { checkIn: CheckIn; skewMs: number; onEnd: () => void }) {
  const { t } = useTranslation();
  useEffect(() => {
    const closes = Date.parse(checkIn.room.closesAt);
    const id = window.setInterval(() => {
      if (Date.now() + skewMs >= closes) onEnd();
    }, 1000);
    return () => window.clearInterval(id);
  }, [checkIn, skewMs, onEnd]);
  return (
    <div className="kiosk-call">
      <h1 className="visually-hidden">{t('station.kiosk.inCall')}</h1>
      <iframe className="kiosk-frame" title={t('station.kiosk.callFrame')} src={checkIn.room.url} allow="camera; microphone; fullscreen; autoplay" />
      <button type="button" className="btn btn-danger btn-lg kiosk-button kiosk-end" onClick={onEnd}>{t('station.kiosk.end')}</button>
    </div>
  );
}

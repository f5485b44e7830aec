import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { timeOf, type Appointments } from './kioskApi';

/** The start screen: the booking-code form, and today's next appointments (first names and times only). */
export function KioskIdle({ info, onCheckIn }: { info: Appointments | null; onCheckIn: (code: string) => Promise<string | null> }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const problem = await onCheckIn(code);
    setBusy(false);
    if (problem) setError(problem);
  };
  return (
    <div className="kiosk-grid">
      <form className="kiosk-card" onSubmit={submit} noValidate>
        <h1>{t('station.kiosk.welcome')}</h1>
        <p className="kiosk-lead">{t('station.kiosk.lead')}</p>
        <label htmlFor="kiosk-code" className="kiosk-label">{t('station.kiosk.code')}</label>
        <input id="kiosk-code" className="form-control kiosk-input" autoComplete="off" autoCapitalize="characters" spellCheck={false} inputMode="text"
          aria-describedby="kiosk-code-help" value={code} onChange={(e) => setCode(e.target.value)} maxLength={24} autoFocus />
        <p id="kiosk-code-help" className="kiosk-help">{t('station.kiosk.codeHelp')}</p>
        {error && <p className="kiosk-error" role="alert">{error}</p>}
        <button type="submit" className="btn btn-primary btn-lg kiosk-button" disabled={busy || code.trim().length < 6}>
          {busy ? t('station.kiosk.checking') : t('station.kiosk.checkIn')}
        </button>
      </form>
      <section className="kiosk-card" aria-labelledby="kiosk-next">
        <h2 id="kiosk-next">{t('station.kiosk.next')}</h2>
        {info && info.appointments.length === 0 && <p>{t('station.kiosk.none')}</p>}
        {info && info.appointments.length > 0 && (
          <ul className="kiosk-list" data-testid="kiosk-appointments">
            {info.appointments.map((a) => (
              <li key={a.start + a.firstName}>
                <strong>{timeOf(a.start)}</strong> {a.firstName}
                {a.phoneInstead && <span className="kiosk-tag"> — {t('station.kiosk.phoneInstead')}</span>}
              </li>
            ))}
          </ul>
        )}
        {info && (
          <p className="kiosk-help">
            {info.station.address}
            {info.station.accessibility && <><br />{t('station.kiosk.accessibility')}: {info.station.accessibility}</>}
          </p>
        )}
      </section>
    </div>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { KioskError, kioskCall, storeToken, type Enrolled } from './kioskApi';

/** First start of a device: the one-time activation code from the office administrator. */
export function KioskEnrol({ onEnrolled }: { onEnrolled: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await kioskCall<Enrolled>('POST', '/api/station/enrol', { code }, null);
      storeToken(r.token);
      onEnrolled();
    } catch (err) {
      setError(err instanceof KioskError && err.code === 'enrolment_code_invalid' ? t('station.kiosk.enrolInvalid') : t('station.kiosk.error'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="kiosk-card" onSubmit={submit} noValidate>
      <h1>{t('station.kiosk.enrolTitle')}</h1>
      <p className="kiosk-lead" id="enrol-help">{t('station.kiosk.enrolLead')}</p>
      <label htmlFor="enrol-code" className="kiosk-label">{t('station.kiosk.enrolCode')}</label>
      <input id="enrol-code" className="form-control kiosk-input" autoComplete="off" autoCapitalize="characters" spellCheck={false}
        aria-describedby="enrol-help" value={code} onChange={(e) => setCode(e.target.value)} required maxLength={20} />
      {error && <p className="kiosk-error" role="alert">{error}</p>}
      <button type="submit" className="btn btn-primary btn-lg kiosk-button" disabled={busy || code.trim().length < 4}>
        {busy ? t('station.kiosk.enrolling') : t('station.kiosk.enrol')}
      </button>
    </form>
  );
}

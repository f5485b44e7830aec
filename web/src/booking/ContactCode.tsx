import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCitizenSession } from '../api/citizenSession';
import { checkContactCode, getVerificationChannel, requestContactCode, type CodeSent, type VerificationChannel } from '../api/verification';
import { currentLang } from '../i18n';
import { ProblemAlert } from './ProblemAlert';

export type VerificationState = 'checking' | 'not_needed' | 'needed' | 'verified';

/**
 * The one-time code step of the confirmation: shown only when the desk sends a code (an SMS
 * or e-mail channel is configured); otherwise nothing at all. The citizen asks for the code,
 * types the six digits and checks them; then the booking can be confirmed. A citizen signed in
 * with SPID/CIE needs no code (the server knows who they are): nothing is shown for them either.
 */
export function ContactCode({
  deskId, hold, phone, email, onState,
}: {
  deskId: string;
  hold: { id: string; token: string };
  phone: string;
  email: string;
  onState: (s: VerificationState) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const id = useId();
  const [channel, setChannel] = useState<VerificationChannel | null | undefined>(undefined);
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [verified, setVerified] = useState(false);
  const [codeError, setCodeError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const citizen = useCitizenSession();

  useEffect(() => {
    if (citizen === undefined) return; // still asking who is here
    if (citizen) {
      setChannel(null);
      onState('not_needed');
      return;
    }
    const ac = new AbortController();
    getVerificationChannel(deskId, ac.signal).then(
      (c) => {
        setChannel(c);
        onState(c ? 'needed' : 'not_needed');
      },
      () => {
        // Unknown: the server decides at confirmation (it answers contact_not_verified if a code is needed).
        setChannel(null);
        onState('not_needed');
      },
    );
    return () => ac.abort();
  }, [deskId, onState, citizen]);

  if (!channel) return null;

  const ask = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await requestContactCode(hold, { ...(channel === 'sms' ? { phone } : { email }), language: lang });
      setSent(r);
      setCode('');
      window.setTimeout(() => inputRef.current?.focus(), 0);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const check = async () => {
    const typed = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(typed)) {
      setCodeError(t('verify.codeFormat'));
      inputRef.current?.focus();
      return;
    }
    setCodeError(null);
    setBusy(true);
    setError(null);
    try {
      await checkContactCode(hold, { verificationId: sent!.verificationId, code: typed });
      setVerified(true);
      onState('verified');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`${id}-title`} className="summary-block contact-code" data-testid="contact-code">
      <h2 id={`${id}-title`} className="h4">
        {t('verify.title')}
      </h2>
      {verified ? (
        <div className="alert alert-success" role="status" data-testid="contact-verified">
          {t('verify.done')}
        </div>
      ) : (
        <>
          <p>{t(channel === 'sms' ? 'verify.leadSms' : 'verify.leadEmail')}</p>
          {channel === 'email' && !email.trim() && <p className="text-danger fw-semibold">{t('verify.needEmail')}</p>}
          {error !== null && <ProblemAlert error={error} />}
          {sent && (
            <p role="status" data-testid="code-sent">
              {t('verify.sent', { to: sent.sentTo })}
            </p>
          )}
          {sent && (
            <form
              className="sp-form"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void check();
              }}
            >
              <div className={`form-group sp-field${codeError ? ' has-error' : ''}`}>
                <label htmlFor={`${id}-code`}>{t('verify.codeLabel')}</label>
                <input
                  ref={inputRef}
                  id={`${id}-code`}
                  className="form-control"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={8}
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  aria-invalid={codeError ? true : undefined}
                  aria-describedby={`${id}-code-hint${codeError ? ` ${id}-code-error` : ''}`}
                />
                <small id={`${id}-code-hint`} className="form-text sp-hint">
                  {t('verify.codeHint')}
                </small>
                {codeError && (
                  <p id={`${id}-code-error`} className="sp-error">
                    {codeError}
                  </p>
                )}
              </div>
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {t('verify.check')}
              </button>
            </form>
          )}
          <p className="mt-3">
            <button type="button" className={`btn ${sent ? 'btn-link p-0' : 'btn-outline-primary'}`} disabled={busy || (channel === 'email' && !email.trim())} onClick={() => void ask()}>
              {sent ? t('verify.again') : t('verify.send')}
            </button>
          </p>
        </>
      )}
    </section>
  );
}

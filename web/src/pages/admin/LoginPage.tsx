import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useTitle } from '../../components/useTitle';
import type { ApiData } from '../../api/client';
import { AdminApiError, staff, staffApi } from './adminApi';
import { useSession } from '../../staff/session';
import { ProblemMessage } from './ProblemMessage';

type Step = { kind: 'password' } | { kind: 'totp' } | { kind: 'enrol'; secret: string; uri: string };

type LoginResponse = ApiData<'/api/auth/login', 'post'>;

/** Staff sign-in: username and password, then the authenticator code; or single sign-on. */
export default function LoginPage() {
  const { t } = useTranslation();
  useTitle(t('admin.login.title'));
  const { session, refresh } = useSession();
  const [params] = useSearchParams();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<AdminApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const ssoError = params.get('errore');

  const after = async (r: LoginResponse) => {
    if (r.status === 'signed_in') await refresh();
    else if (r.status === 'totp_required') setStep({ kind: 'totp' });
    else setStep({ kind: 'enrol', secret: r.totp!.secret, uri: r.totp!.uri });
  };

  const submitPassword = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await after(await staff(staffApi.POST('/api/auth/login', { body: { username, password } })));
    } catch (err) {
      setError(err as AdminApiError);
    } finally {
      setBusy(false);
    }
  };

  const submitCode = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await after(await staff(staffApi.POST('/api/auth/login/totp', { body: { code: code.replace(/\s+/g, '') } })));
    } catch (err) {
      setError(err as AdminApiError);
      if ((err as AdminApiError).problem?.code === 'no_pending_login') setStep({ kind: 'password' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <h1>{t('admin.login.title')}</h1>
        <p>{t('admin.login.lead')}</p>
        {ssoError && (
          <div className="alert alert-danger" role="alert">
            {t(`admin.login.ssoErrors.${ssoError}`, { defaultValue: t('admin.login.ssoErrors.sso_failed') })}
          </div>
        )}
        <ProblemMessage error={error} />
        {step.kind === 'password' && (
          <form onSubmit={(e) => void submitPassword(e)} noValidate>
            <div className="form-group mb-4">
              <label htmlFor="admin-username" className="active">{t('admin.login.username')}</label>
              <input id="admin-username" className="form-control" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
            </div>
            <div className="form-group mb-4">
              <label htmlFor="admin-password" className="active">{t('admin.login.password')}</label>
              <input id="admin-password" type="password" className="form-control" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
            </div>
            <button type="submit" className="btn btn-primary" disabled={busy}>{t('admin.login.submit')}</button>
          </form>
        )}
        {step.kind !== 'password' && (
          <form onSubmit={(e) => void submitCode(e)} noValidate>
            {step.kind === 'enrol' && (
              <div className="callout note mb-4">
                <h2 className="h5">{t('admin.login.enrolTitle')}</h2>
                <p>{t('admin.login.enrolText')}</p>
                <p>
                  {t('admin.login.enrolSecret')} <code className="user-select-all">{step.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
                </p>
                <p className="mb-0">
                  <a href={step.uri}>{t('admin.login.enrolLink')}</a>
                </p>
              </div>
            )}
            <div className="form-group mb-4">
              <label htmlFor="admin-code" className="active">{t('admin.login.code')}</label>
              <input id="admin-code" className="form-control" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={7} required aria-describedby="admin-code-help" value={code} onChange={(e) => setCode(e.target.value)} />
              <small id="admin-code-help" className="form-text">{t('admin.login.codeHelp')}</small>
            </div>
            <button type="submit" className="btn btn-primary" disabled={busy}>{t('admin.login.verify')}</button>
          </form>
        )}
        {session?.sso.staff && step.kind === 'password' && (
          <>
            <hr className="my-4" />
            <a className="btn btn-outline-primary" href="/api/auth/staff/login?returnTo=/admin">{t('admin.login.sso')}</a>
          </>
        )}
      </div>
    </div>
  );
}

import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import { AdminApiError, type GrantInput, staff, staffApi, useStaffData } from './adminApi';
import { draftOf, GrantEditor, inputOf, type DraftGrant } from './GrantEditor';
import { ProblemMessage } from './ProblemMessage';
import { roleLabel, scopeLabel } from './roleLabels';

/** Create an account, or edit one: details, roles and scopes, password, lock, second factor. */
export default function UserPage() {
  const { id } = useParams();
  const creating = !id;
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'it';
  const navigate = useNavigate();
  const user = useStaffData(id ? `/api/staff/users/${id}` : null, () => staffApi.GET('/api/staff/users/{id}', { params: { path: { id: id! } } }));
  const roles = useStaffData('/api/staff/roles', () => staffApi.GET('/api/staff/roles'));
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [grants, setGrants] = useState<DraftGrant[]>([]);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useTitle(creating ? t('admin.user.newTitle') : (user.data?.username ?? t('admin.user.title')));

  useEffect(() => {
    if (!user.data) return;
    setDisplayName(user.data.displayName);
    setEmail(user.data.email ?? '');
    setGrants(user.data.grants.filter((g) => g.source === 'local').map((g) => draftOf(g, '')));
  }, [user.data]);

  const run = async (what: () => Promise<unknown>, done: string) => {
    setError(null);
    setNotice(null);
    try {
      await what();
      setNotice(done);
      user.reload();
    } catch (err) {
      setError(err as AdminApiError);
    }
  };

  const grantInputs = (): GrantInput[] => grants.map(inputOf).filter((g): g is GrantInput => g !== null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const created = await staff(staffApi.POST('/api/staff/users', { body: { username, displayName, email: email || null, password, grants: grantInputs() } }));
      navigate(`/admin/utenti/${created.id}`);
    } catch (err) {
      setError(err as AdminApiError);
    }
  };

  if (!creating && !user.data) return user.error ? <ProblemMessage error={user.error} /> : <Loading />;
  const u = user.data;

  return (
    <>
      <p><Link to="/admin/utenti">← {t('admin.user.back')}</Link></p>
      <h1>{creating ? t('admin.user.newTitle') : u!.username}</h1>
      {u && (
        <p>
          {!u.active ? t('admin.users.disabled') : u.locked ? t('admin.users.locked') : t('admin.users.active')}
          {' · '}
          {u.totpEnabled ? t('admin.user.totpOn') : t('admin.user.totpOff')}
          {u.sso && ' · SSO'}
          {u.demo && <span className="badge bg-warning text-dark ms-2">{t('admin.users.demo')}</span>}
        </p>
      )}
      <div aria-live="polite">{notice && <div className="alert alert-success" role="status">{notice}</div>}</div>
      <ProblemMessage error={error} />

      <form onSubmit={(e) => (creating ? void create(e) : (e.preventDefault(), void run(() => staff(staffApi.PATCH('/api/staff/users/{id}', { params: { path: { id: id! } }, body: { displayName, email: email || null } })), t('admin.user.saved'))))} noValidate>
        <h2 className="h4 mt-4">{t('admin.user.details')}</h2>
        {creating && (
          <div className="form-group mb-4">
            <label htmlFor="user-username" className="active">{t('admin.users.username')}</label>
            <input id="user-username" className="form-control" autoComplete="off" required aria-describedby="user-username-help" value={username} onChange={(e) => setUsername(e.target.value)} />
            <small id="user-username-help" className="form-text">{t('admin.user.usernameHelp')}</small>
          </div>
        )}
        <div className="form-group mb-4">
          <label htmlFor="user-name" className="active">{t('admin.users.name')}</label>
          <input id="user-name" className="form-control" required value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </div>
        <div className="form-group mb-4">
          <label htmlFor="user-email" className="active">{t('admin.user.email')}</label>
          <input id="user-email" type="email" className="form-control" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        {creating && (
          <>
            <div className="form-group mb-4">
              <label htmlFor="user-password" className="active">{t('admin.user.initialPassword')}</label>
              <input id="user-password" type="password" className="form-control" autoComplete="new-password" required aria-describedby="user-password-help" value={password} onChange={(e) => setPassword(e.target.value)} />
              <small id="user-password-help" className="form-text">{t('admin.user.passwordRules')}</small>
            </div>
            {roles.data && <GrantEditor roles={roles.data.items} value={grants} onChange={setGrants} fixed={[]} />}
          </>
        )}
        <button type="submit" className="btn btn-primary mt-3">{creating ? t('admin.user.create') : t('admin.user.save')}</button>
      </form>

      {u && roles.data && (
        <>
          <form className="mt-5" onSubmit={(e) => { e.preventDefault(); void run(() => staff(staffApi.PUT('/api/staff/users/{id}/grants', { params: { path: { id: id! } }, body: { grants: grantInputs() } })), t('admin.user.grantsSaved')); }}>
            <h2 className="h4">{t('admin.user.rolesTitle')}</h2>
            <GrantEditor
              roles={roles.data.items}
              value={grants}
              onChange={setGrants}
              fixed={u.grants.filter((g) => g.source === 'oidc').map((g) => ({ key: g.id, text: `${roleLabel(roles.data!.items, g.role, lang)} — ${scopeLabel(g, lang)}` }))}
            />
            <button type="submit" className="btn btn-primary mt-3">{t('admin.user.saveRoles')}</button>
          </form>

          <h2 className="h4 mt-5">{t('admin.user.security')}</h2>
          {!u.sso && (
            <form className="mb-4" onSubmit={(e) => { e.preventDefault(); void run(() => staff(staffApi.POST('/api/staff/users/{id}/password', { params: { path: { id: id! } }, body: { password: newPassword } })), t('admin.user.passwordSet')).then(() => setNewPassword('')); }}>
              <div className="form-group mb-3">
                <label htmlFor="user-new-password" className="active">{t('admin.user.newPassword')}</label>
                <input id="user-new-password" type="password" className="form-control" autoComplete="new-password" aria-describedby="user-new-password-help" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} />
                <small id="user-new-password-help" className="form-text">{t('admin.user.passwordRules')}</small>
              </div>
              <button type="submit" className="btn btn-outline-primary">{t('admin.user.setPassword')}</button>
            </form>
          )}
          <div className="d-flex flex-wrap gap-2">
            {u.locked && <button type="button" className="btn btn-outline-primary" onClick={() => void run(() => staff(staffApi.POST('/api/staff/users/{id}/unlock', { params: { path: { id: id! } } })), t('admin.user.unlocked'))}>{t('admin.user.unlock')}</button>}
            {u.totpEnabled && <button type="button" className="btn btn-outline-primary" onClick={() => void run(() => staff(staffApi.DELETE('/api/staff/users/{id}/totp', { params: { path: { id: id! } } })), t('admin.user.totpReset'))}>{t('admin.user.resetTotp')}</button>}
            <button type="button" className="btn btn-outline-primary" onClick={() => void run(() => staff(staffApi.DELETE('/api/staff/users/{id}/sessions', { params: { path: { id: id! } } })), t('admin.user.signedOut'))}>{t('admin.user.signOut')}</button>
            <button type="button" className={u.active ? 'btn btn-outline-danger' : 'btn btn-outline-success'} onClick={() => void run(() => staff(staffApi.PATCH('/api/staff/users/{id}', { params: { path: { id: id! } }, body: { active: !u.active } })), u.active ? t('admin.user.disabledNow') : t('admin.user.enabledNow'))}>
              {u.active ? t('admin.user.disable') : t('admin.user.enable')}
            </button>
          </div>
        </>
      )}
    </>
  );
}

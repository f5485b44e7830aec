import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router-dom';
import { Loading } from '../../components/StateViews';
import { SessionCtx as Ctx, useSession, useSessionState } from '../../staff/session';
import { call, setCsrf } from './adminApi';
import AuditPage from './AuditPage';
import LoginPage from './LoginPage';
import UserPage from './UserPage';
import UsersPage from './UsersPage';

// The session context moved to web/src/staff/session.tsx (shared with the reception console).
export { useSession };

const ADMIN_ROLES = ['regional_admin', 'office_admin'];
const AUDIT_ROLES = [...ADMIN_ROLES, 'urp_monitor'];

function AdminNav() {
  const { t } = useTranslation();
  const { session, refresh } = useSession();
  const roles = session?.user?.roles ?? [];
  const logout = async () => {
    await call('POST', '/api/auth/logout');
    setCsrf(null);
    await refresh();
  };
  return (
    <nav aria-label={t('admin.nav.label')} className="d-flex flex-wrap align-items-center gap-3 mb-4 pb-3 border-bottom">
      {roles.some((r) => ADMIN_ROLES.includes(r)) && (
        <NavLink to="/admin/utenti" className="btn btn-outline-primary btn-sm">
          {t('admin.nav.users')}
        </NavLink>
      )}
      {roles.some((r) => AUDIT_ROLES.includes(r)) && (
        <NavLink to="/admin/registro" className="btn btn-outline-primary btn-sm">
          {t('admin.nav.audit')}
        </NavLink>
      )}
      <span className="ms-auto">
        {t('admin.nav.signedInAs', { name: session?.user?.displayName ?? '' })}
      </span>
      <button type="button" className="btn btn-secondary btn-sm" onClick={() => void logout()}>
        {t('admin.nav.logout')}
      </button>
    </nav>
  );
}

function Home() {
  const { session } = useSession();
  const roles = session?.user?.roles ?? [];
  if (roles.some((r) => ADMIN_ROLES.includes(r))) return <Navigate to="/admin/utenti" replace />;
  if (roles.some((r) => AUDIT_ROLES.includes(r))) return <Navigate to="/admin/registro" replace />;
  return <NoAccess />;
}

function NoAccess() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('admin.title')}</h1>
      <p>{t('admin.noAccess')}</p>
    </>
  );
}

/** Staff administration: accounts, roles and scopes, audit log. */
export default function AdminApp() {
  const { session, refresh } = useSessionState();
  const location = useLocation();
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (!session) return <Loading />;
  const signedIn = session.authenticated && session.kind === 'staff';
  return (
    <Ctx.Provider value={{ session, refresh }}>
      <div className="container-xxl app-container py-4">
        {signedIn && <AdminNav />}
        <Routes>
          <Route path="accesso" element={signedIn ? <Navigate to="/admin" replace /> : <LoginPage />} />
          {signedIn ? (
            <>
              <Route index element={<Home />} />
              <Route path="utenti" element={<UsersPage />} />
              <Route path="utenti/nuovo" element={<UserPage />} />
              <Route path="utenti/:id" element={<UserPage />} />
              <Route path="registro" element={<AuditPage />} />
              <Route path="*" element={<NoAccess />} />
            </>
          ) : (
            <Route path="*" element={<Navigate to={`/admin/accesso${location.search}`} replace />} />
          )}
        </Routes>
      </div>
    </Ctx.Provider>
  );
}

import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Loading } from '../../components/StateViews';
import { SessionCtx as Ctx, useSession, useSessionState } from '../../staff/session';
import { StaffNav } from '../../staff/StaffNav';
import AuditPage from './AuditPage';
import DemoOutboxAdminPage from './DemoOutboxAdminPage';
import DeskAdminPage from './DeskAdminPage';
import DrawerAdminPage from './DrawerAdminPage';
import './intermediaries-i18n';
import LoginPage from './LoginPage';
import OfficeAdminPage from './OfficeAdminPage';
import OfficesPage from './OfficesPage';
import PatronatiPage from './PatronatiPage';
import PatronatoAdminPage from './PatronatoAdminPage';
import SubjectsPage from './SubjectsPage';
import './subjects-i18n';
import UserPage from './UserPage';
import UsersPage from './UsersPage';

// The session context moved to web/src/staff/session.tsx (shared with the reception console).
export { useSession };

const ADMIN_ROLES = ['regional_admin', 'office_admin'];
const AUDIT_ROLES = [...ADMIN_ROLES, 'urp_monitor'];

function AdminNav() {
  const { t } = useTranslation();
  return (
    <StaffNav
      label={t('admin.nav.label')}
      className="d-flex flex-wrap align-items-center gap-3 mb-4 pb-3 border-bottom"
      links={[
        { to: '/admin/utenti', roles: ADMIN_ROLES, label: t('admin.nav.users') },
        { to: '/admin/sedi', roles: ADMIN_ROLES, label: t('admin.nav.offices') },
        { to: '/admin/patronati', roles: ['regional_admin'], label: t('admin.patronati.nav') },
        { to: '/admin/cassetto', roles: ADMIN_ROLES, label: t('admin.drawerAdmin.nav') },
        { to: '/admin/argomenti', roles: ['regional_admin'], label: t('admin.subjects.nav') },
        { to: '/admin/registro', roles: AUDIT_ROLES, label: t('admin.nav.audit') },
        { to: '/admin/casella', roles: ['regional_admin'], label: t('admin.nav.outbox') },
      ]}
      signedInAs={(name) => t('admin.nav.signedInAs', { name })}
      logoutLabel={t('admin.nav.logout')}
    />
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

/** Staff administration: accounts, roles and scopes, audit log, offices and desks. */
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
              <Route path="casella" element={<DemoOutboxAdminPage />} />
              <Route path="sedi" element={<OfficesPage />} />
              <Route path="sedi/:id" element={<OfficeAdminPage />} />
              <Route path="sedi/:id/sportelli/:deskId" element={<DeskAdminPage />} />
              <Route path="patronati" element={<PatronatiPage />} />
              <Route path="patronati/:id" element={<PatronatoAdminPage />} />
              <Route path="cassetto" element={<DrawerAdminPage />} />
              <Route path="argomenti" element={<SubjectsPage />} />
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

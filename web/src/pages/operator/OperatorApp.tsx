import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router-dom';
import { Loading, NotFoundView } from '../../components/StateViews';
import { call, setCsrf } from '../../staff/api';
import { SessionCtx, useSession, useSessionState } from '../../staff/session';
import LoginPage from '../admin/LoginPage';
import ConsolePage from './ConsolePage';
import DeskDayPage from './DeskDayPage';
import FlagsPage from './FlagsPage';

const OPERATOR = ['desk_operator'];
const SUPERVISOR = ['office_admin', 'regional_admin'];
const URP = ['urp_monitor', 'office_admin', 'regional_admin'];

function Bar() {
  const { t } = useTranslation();
  const { session, refresh } = useSession();
  const roles = session?.user?.roles ?? [];
  const logout = async () => {
    await call('POST', '/api/auth/logout');
    setCsrf(null);
    await refresh();
  };
  return (
    <nav aria-label={t('operator.nav.label')} className="d-flex flex-wrap align-items-center gap-3 mb-3 pb-2 border-bottom">
      {roles.some((r) => OPERATOR.includes(r)) && (
        <NavLink to="/operatore" end className="btn btn-outline-primary btn-sm">
          {t('operator.nav.console')}
        </NavLink>
      )}
      {roles.some((r) => SUPERVISOR.includes(r)) && (
        <NavLink to="/operatore/sportello" className="btn btn-outline-primary btn-sm">
          {t('operator.nav.desk')}
        </NavLink>
      )}
      {roles.some((r) => URP.includes(r)) && (
        <NavLink to="/operatore/segnalazioni" className="btn btn-outline-primary btn-sm">
          {t('operator.nav.flags')}
        </NavLink>
      )}
      <span className="ms-auto small">{t('operator.nav.signedInAs', { name: session?.user?.displayName ?? '' })}</span>
      <button type="button" className="btn btn-secondary btn-sm" onClick={() => void logout()}>
        {t('operator.nav.logout')}
      </button>
    </nav>
  );
}

function Home() {
  const { session } = useSession();
  const roles = session?.user?.roles ?? [];
  if (roles.some((r) => OPERATOR.includes(r))) return <ConsolePage />;
  if (roles.some((r) => SUPERVISOR.includes(r))) return <Navigate to="/operatore/sportello" replace />;
  if (roles.some((r) => URP.includes(r))) return <Navigate to="/operatore/segnalazioni" replace />;
  return <NoAccess />;
}

function NoAccess() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('operator.title')}</h1>
      <p>{t('operator.noAccess')}</p>
    </>
  );
}

/** /operatore: the desk operator's console, the supervisor's desk day, the URP's flags — behind the staff sign-in. */
export default function OperatorApp() {
  const state = useSessionState();
  const { session, refresh } = state;
  useEffect(() => {
    void refresh();
  }, [refresh]);
  if (!session) return <Loading />;
  const signedIn = session.authenticated && session.kind === 'staff';
  return (
    <SessionCtx.Provider value={state}>
      <div className="container-xxl app-container py-3">
        {signedIn ? (
          <>
            <Bar />
            <Routes>
              <Route index element={<Home />} />
              <Route path="sportello" element={<DeskDayPage />} />
              <Route path="segnalazioni" element={<FlagsPage />} />
              <Route path="*" element={<NotFoundView />} />
            </Routes>
          </>
        ) : (
          <LoginPage />
        )}
      </div>
    </SessionCtx.Provider>
  );
}

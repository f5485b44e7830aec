import './i18n';
import './reception.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router-dom';
import { Loading, NotFoundView } from '../../components/StateViews';
import { call, setCsrf } from '../../staff/api';
import { SessionCtx, useSession, useSessionState } from '../../staff/session';
import LoginPage from '../admin/LoginPage';
import AnswersAdminPage from './AnswersAdminPage';
import ConsolePage from './ConsolePage';

const AGENT_ROLES = ['reception_agent'];
const ANSWER_ROLES = ['urp_monitor', 'regional_admin'];

function StaffBar() {
  const { t } = useTranslation();
  const { session, refresh } = useSession();
  const roles = session?.user?.roles ?? [];
  const logout = async () => {
    await call('POST', '/api/auth/logout');
    setCsrf(null);
    await refresh();
  };
  return (
    <nav aria-label={t('reception.nav.label')} className="rc-staffbar">
      {roles.some((r) => AGENT_ROLES.includes(r)) && (
        <NavLink to="/reception" end className="rc-navlink">
          {t('reception.nav.console')}
        </NavLink>
      )}
      {roles.some((r) => ANSWER_ROLES.includes(r)) && (
        <NavLink to="/reception/risposte" className="rc-navlink">
          {t('reception.nav.answers')}
        </NavLink>
      )}
      <span className="ms-auto small">{t('reception.nav.signedInAs', { name: session?.user?.displayName ?? '' })}</span>
      <button type="button" className="btn btn-outline-secondary btn-xs" onClick={() => void logout()}>
        {t('reception.nav.logout')}
      </button>
    </nav>
  );
}

/** /reception: the reception line's console (agents) and the short answers (URP), behind the staff sign-in. */
export default function ReceptionApp() {
  const state = useSessionState();
  const { session, refresh } = state;
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (!session) return <Loading />;
  const signedIn = session.authenticated && session.kind === 'staff';
  return (
    <SessionCtx.Provider value={state}>
      <div className="container-xxl app-container py-3 rc-app">
        {signedIn ? (
          <>
            <StaffBar />
            <Routes>
              <Route index element={<ConsolePage />} />
              <Route path="risposte" element={<AnswersAdminPage />} />
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

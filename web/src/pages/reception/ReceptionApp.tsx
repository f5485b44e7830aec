import './i18n';
import './reception.css';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router-dom';
import { NotFoundView } from '../../components/StateViews';
import { StaffArea, StaffNav } from '../../staff/StaffNav';
import LoginPage from '../admin/LoginPage';
import AnswersAdminPage from './AnswersAdminPage';
import ConsolePage from './ConsolePage';

const AGENT_ROLES = ['reception_agent'];
const ANSWER_ROLES = ['urp_monitor', 'regional_admin'];

function StaffBar() {
  const { t } = useTranslation();
  return (
    <StaffNav
      label={t('reception.nav.label')}
      className="rc-staffbar"
      linkClassName="rc-navlink"
      links={[
        { to: '/reception', end: true, roles: AGENT_ROLES, label: t('reception.nav.console') },
        { to: '/reception/risposte', roles: ANSWER_ROLES, label: t('reception.nav.answers') },
        { to: '/patronato/prenota', roles: AGENT_ROLES, label: t('reception.nav.patronati') },
      ]}
      signedInAs={(name) => t('reception.nav.signedInAs', { name })}
      logoutLabel={t('reception.nav.logout')}
    />
  );
}

/** /reception: the reception line's console (agents) and the short answers (URP), behind the staff sign-in. */
export default function ReceptionApp() {
  return (
    <StaffArea className="container-xxl app-container py-3 rc-app" login={<LoginPage />}>
      <StaffBar />
      <Routes>
        <Route index element={<ConsolePage />} />
        <Route path="risposte" element={<AnswersAdminPage />} />
        <Route path="*" element={<NotFoundView />} />
      </Routes>
    </StaffArea>
  );
}

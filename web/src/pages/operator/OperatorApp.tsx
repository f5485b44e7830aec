import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router-dom';
import { NotFoundView } from '../../components/StateViews';
import { useSession } from '../../staff/session';
import { StaffArea, StaffNav } from '../../staff/StaffNav';
import LoginPage from '../admin/LoginPage';
import ConsolePage from './ConsolePage';
import DeskDayPage from './DeskDayPage';
import FlagsPage from './FlagsPage';
import VideoJoinPage from './VideoJoinPage';

const OPERATOR = ['desk_operator'];
const SUPERVISOR = ['office_admin', 'regional_admin'];
const URP = ['urp_monitor', 'office_admin', 'regional_admin'];

function Bar() {
  const { t } = useTranslation();
  return (
    <StaffNav
      label={t('operator.nav.label')}
      links={[
        { to: '/operatore', end: true, roles: OPERATOR, label: t('operator.nav.console') },
        { to: '/operatore/sportello', roles: SUPERVISOR, label: t('operator.nav.desk') },
        { to: '/operatore/segnalazioni', roles: URP, label: t('operator.nav.flags') },
      ]}
      signedInAs={(name) => t('operator.nav.signedInAs', { name })}
      logoutLabel={t('operator.nav.logout')}
    />
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
  return (
    <StaffArea className="container-xxl app-container py-3" login={<LoginPage />}>
      <Bar />
      <Routes>
        <Route index element={<Home />} />
        <Route path="sportello" element={<DeskDayPage />} />
        <Route path="segnalazioni" element={<FlagsPage />} />
        <Route path="video/:bookingId" element={<VideoJoinPage />} />
        <Route path="*" element={<NotFoundView />} />
      </Routes>
    </StaffArea>
  );
}

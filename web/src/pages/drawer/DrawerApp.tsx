import './i18n';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router-dom';
import { NotFoundView } from '../../components/StateViews';
import { useSession } from '../../staff/session';
import { StaffArea, StaffNav } from '../../staff/StaffNav';
import LoginPage from '../admin/LoginPage';
import { CONSULTANT_ROLES, OFFICE_ROLES } from './api';
import CompaniesPage from './CompaniesPage';
import NewRequestPage from './NewRequestPage';
import QueuePage from './QueuePage';
import ThreadPage from './ThreadPage';

function useSide(): 'consultant' | 'office' | null {
  const { session } = useSession();
  const roles = session?.user?.roles ?? [];
  if (roles.some((r) => OFFICE_ROLES.includes(r))) return 'office';
  if (roles.some((r) => CONSULTANT_ROLES.includes(r))) return 'consultant';
  return null;
}

function Bar() {
  const { t } = useTranslation();
  return (
    <StaffNav
      label={t('drawer.nav.label')}
      links={[
        { to: '/cassetto', end: true, roles: OFFICE_ROLES, label: t('drawer.nav.queue') },
        { to: '/cassetto', end: true, roles: CONSULTANT_ROLES, label: t('drawer.nav.companies') },
        { to: '/cassetto/nuova', roles: CONSULTANT_ROLES, label: t('drawer.nav.new') },
      ]}
      signedInAs={(name) => t('drawer.nav.signedInAs', { name })}
      logoutLabel={t('drawer.nav.logout')}
    />
  );
}

function NoAccess() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('drawer.title')}</h1>
      <p>{t('drawer.noAccess')}</p>
    </>
  );
}

function Routed() {
  const side = useSide();
  if (!side) return <NoAccess />;
  return (
    <Routes>
      <Route index element={side === 'office' ? <QueuePage /> : <CompaniesPage />} />
      {side === 'consultant' && <Route path="nuova" element={<NewRequestPage />} />}
      <Route path="pratiche/:id" element={<ThreadPage side={side} />} />
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}

/** /cassetto: the two-way drawer — consultants' companies and requests, the office's queue — behind the staff sign-in. */
export default function DrawerApp() {
  return (
    <StaffArea className="container-xxl app-container py-3" login={<LoginPage />}>
      <Bar />
      <Routed />
    </StaffArea>
  );
}

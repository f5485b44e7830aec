/** /monitoraggio: the URP dashboard — live figures, history, slot-length report, contacts over the booking limit, alert thresholds — behind the staff sign-in. */
import './i18n';
import './monitoring.css';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes, useLocation } from 'react-router-dom';
import { NotFoundView } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import { useSession } from '../../staff/session';
import { StaffArea, StaffNav } from '../../staff/StaffNav';
import LoginPage from '../admin/LoginPage';
import { MANAGE_ROLES, READ_ROLES } from './api';
import ContactLimitsView from './ContactLimitsView';
import DrawerSlaView from './DrawerSlaView';
import HistoryView from './HistoryView';
import LiveView from './LiveView';
import SettingsView from './SettingsView';
import { MONITORING_PATH, monitoringLink } from './navLink';
import OperatorsView from './OperatorsView';
import PlanningView from './PlanningView';
import ServiceReport from './ServiceReport';
import SlotLengthView from './SlotLengthView';

function Bar() {
  const { t } = useTranslation();
  return (
    <StaffNav
      label={t('monitoring.nav.label')}
      links={[monitoringLink(t)]}
      signedInAs={(name) => t('monitoring.nav.signedInAs', { name })}
      logoutLabel={t('monitoring.nav.logout')}
    />
  );
}

/** The dashboard's sections; the scope and range of the URL go along. */
function Sections({ manage }: { manage: boolean }) {
  const { t } = useTranslation();
  const { search } = useLocation();
  const items = [
    { to: MONITORING_PATH, label: t('monitoring.nav.live'), end: true },
    { to: `${MONITORING_PATH}/storico`, label: t('monitoring.nav.history'), end: false },
    { to: `${MONITORING_PATH}/durata`, label: t('monitoring.nav.slot'), end: false },
    { to: `${MONITORING_PATH}/operatori`, label: t('monitoring.nav.operators'), end: false },
    { to: `${MONITORING_PATH}/pianificazione`, label: t('planning.nav'), end: false },
    { to: `${MONITORING_PATH}/limiti`, label: t('monitoring.nav.limits'), end: false },
    { to: `${MONITORING_PATH}/cassetto`, label: t('drawerSla.nav'), end: false },
    ...(manage ? [{ to: `${MONITORING_PATH}/soglie`, label: t('monitoring.nav.settings'), end: false }] : []),
  ];
  return (
    <nav aria-label={t('monitoring.nav.sections')} className="mon-sections mb-3">
      <ul className="nav nav-tabs">
        {items.map((i) => (
          <li key={i.to} className="nav-item">
            <NavLink to={{ pathname: i.to, search }} end={i.end} className="nav-link">
              {i.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function NoAccess() {
  const { t } = useTranslation();
  useTitle(t('monitoring.title'));
  return (
    <>
      <h1>{t('monitoring.title')}</h1>
      <p>{t('monitoring.noAccess')}</p>
    </>
  );
}

/** Each view sets the page title (its name and the place looked at). */
function Dashboard() {
  const { t } = useTranslation();
  const { session } = useSession();
  const roles = session?.user?.roles ?? [];
  const read = roles.some((r) => READ_ROLES.includes(r));
  const manage = roles.some((r) => MANAGE_ROLES.includes(r));
  if (!read) return <NoAccess />;
  return (
    <>
      <h1 className="h2">{t('monitoring.title')}</h1>
      <p className="mb-3">{t('monitoring.lead')}</p>
      <Sections manage={manage} />
      <Routes>
        <Route index element={<LiveView />} />
        <Route path="storico" element={<HistoryView />} />
        <Route path="durata" element={<SlotLengthView />} />
        <Route path="operatori" element={<OperatorsView />} />
        <Route path="pianificazione" element={<PlanningView />} />
        <Route path="relazione" element={<ServiceReport />} />
        <Route path="limiti" element={<ContactLimitsView />} />
        <Route path="cassetto" element={<DrawerSlaView />} />
        <Route
          path="soglie"
          element={
            manage ? (
              <SettingsView />
            ) : (
              <p>{t('monitoring.settings.noAccess')}</p>
            )
          }
        />
        <Route path="*" element={<NotFoundView />} />
      </Routes>
    </>
  );
}

export default function MonitoringApp() {
  return (
    <StaffArea className="container-xxl app-container py-3 mon-app" login={<LoginPage />}>
      <Bar />
      <Dashboard />
    </StaffArea>
  );
}

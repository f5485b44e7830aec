import './i18n';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router-dom';
import { NotFoundView } from '../../components/StateViews';
import { useSession } from '../../staff/session';
import { StaffArea, StaffNav } from '../../staff/StaffNav';
import LoginPage from '../admin/LoginPage';
import BookingsPage from './BookingsPage';
import BookPage from './BookPage';

export const OPERATOR = ['patronato_operator'];
export const RECEPTION = ['reception_agent'];

function Bar() {
  const { t } = useTranslation();
  return (
    <StaffNav
      label={t('patronato.nav.label')}
      links={[
        { to: '/patronato', end: true, roles: OPERATOR, label: t('patronato.nav.bookings') },
        { to: '/patronato/prenota', roles: [...OPERATOR, ...RECEPTION], label: t('patronato.nav.book') },
      ]}
      signedInAs={(name) => t('patronato.nav.signedInAs', { name })}
      logoutLabel={t('patronato.nav.logout')}
    />
  );
}

function Guard(props: { roles: readonly string[]; children: React.ReactNode }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const roles = session?.user?.roles ?? [];
  if (roles.some((r) => props.roles.includes(r))) return <>{props.children}</>;
  // The reception line lands on the booking page; anyone else is told whom the pages are for.
  if (roles.some((r) => RECEPTION.includes(r))) return <BookPage />;
  return (
    <>
      <h1>{t('patronato.title')}</h1>
      <p>{t('patronato.noAccess')}</p>
    </>
  );
}

/** /patronato: a patronato operator's bookings and new bookings under a mandate; the reception line answering the patronati's number. */
export default function PatronatoApp() {
  return (
    <StaffArea className="container-xxl app-container py-3" login={<LoginPage />}>
      <Bar />
      <Routes>
        <Route index element={<Guard roles={OPERATOR}><BookingsPage /></Guard>} />
        <Route path="prenota" element={<Guard roles={[...OPERATOR, ...RECEPTION]}><BookPage /></Guard>} />
        <Route path="*" element={<NotFoundView />} />
      </Routes>
    </StaffArea>
  );
}

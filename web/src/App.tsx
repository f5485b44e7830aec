import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { Layout } from './components/Layout';
import { NotFoundView } from './components/StateViews';
import HomePage from './pages/HomePage';
import { currentLang, langPrefix } from './i18n';

// Home is in the main bundle (the usual landing page); the others load on demand.
const ProvincePage = lazy(() => import('./pages/ProvincePage'));
const OfficePage = lazy(() => import('./pages/OfficePage'));
const DeskPage = lazy(() => import('./pages/DeskPage'));
const PosterPage = lazy(() => import('./pages/PosterPage'));
const BookingFlow = lazy(() => import('./pages/book/BookingFlow'));
const ManagePage = lazy(() => import('./pages/ManagePage'));
const DemoOutboxPage = lazy(() => import('./pages/DemoOutboxPage'));
const AccessibilityPage = lazy(() => import('./pages/InfoPages').then((m) => ({ default: m.AccessibilityPage })));
const PrivacyPage = lazy(() => import('./pages/InfoPages').then((m) => ({ default: m.PrivacyPage })));
const LegalPage = lazy(() => import('./pages/InfoPages').then((m) => ({ default: m.LegalPage })));
const ContactsPage = lazy(() => import('./pages/InfoPages').then((m) => ({ default: m.ContactsPage })));
const AdminApp = lazy(() => import('./pages/admin/AdminApp'));
const OperatorApp = lazy(() => import('./pages/operator/OperatorApp'));
const ReceptionApp = lazy(() => import('./pages/reception/ReceptionApp'));
const PatronatoApp = lazy(() => import('./pages/patronato/PatronatoApp'));
const MonitoringApp = lazy(() => import('./pages/monitoring/MonitoringApp'));
const DrawerApp = lazy(() => import('./pages/drawer/DrawerApp'));
const VideoEntryPage = lazy(() => import('./pages/video/VideoEntryPage'));
const VideoRoomPage = lazy(() => import('./pages/video/VideoRoomPage'));
const KioskApp = lazy(() => import('./pages/kiosk/KioskApp'));
const UploadPage = lazy(() => import('./pages/uploads/UploadPage'));
const WaitlistPage = lazy(() => import('./pages/book/WaitlistSteps').then((m) => ({ default: m.WaitlistPage })));

export function App() {
  // English pages live under /en: the router's base follows the language, and a switch (which
  // has already moved the address, see setLanguage) starts the router again at the same page.
  useTranslation();
  const lang = currentLang();
  return (
    <BrowserRouter key={lang} basename={langPrefix(lang) || undefined}>
      <Routes>
        {/* The municipal station's kiosk: full screen, no site header or footer (docs/stations.md). */}
        <Route path="postazione" element={<Suspense fallback={null}><KioskApp /></Suspense>} />
        <Route element={<Layout />}>
          <Route index element={<HomePage />} />
          <Route path="province/:code" element={<ProvincePage />} />
          <Route path="sedi/:officeId" element={<OfficePage />} />
          <Route path="province/:code/manifesto" element={<PosterPage />} />
          <Route path="sportelli/:deskId" element={<DeskPage />} />
          <Route path="prenota/*" element={<BookingFlow />} />
          <Route path="prenotazione" element={<ManagePage />} />
          <Route path="prenotazione/messaggi" element={<DemoOutboxPage />} />
          <Route path="accessibilita" element={<AccessibilityPage />} />
          <Route path="privacy" element={<PrivacyPage />} />
          <Route path="note-legali" element={<LegalPage />} />
          <Route path="contatti" element={<ContactsPage />} />
          <Route path="lista-attesa/:entryId" element={<WaitlistPage />} />
          <Route path="video" element={<VideoEntryPage />} />
          <Route path="video/r/:token" element={<VideoRoomPage />} />
          <Route path="documenti/:id" element={<UploadPage />} />
          <Route path="admin/*" element={<AdminApp />} />
          <Route path="operatore/*" element={<OperatorApp />} />
          <Route path="reception/*" element={<ReceptionApp />} />
          <Route path="patronato/*" element={<PatronatoApp />} />
          <Route path="monitoraggio/*" element={<MonitoringApp />} />
          <Route path="cassetto/*" element={<DrawerApp />} />
          <Route path="*" element={<NotFoundView />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}

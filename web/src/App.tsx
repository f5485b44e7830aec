import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { Layout } from './components/Layout';
import { NotFoundView } from './components/StateViews';
import HomePage from './pages/HomePage';

// Home is in the main bundle (the usual landing page); the others load on demand.
const ProvincePage = lazy(() => import('./pages/ProvincePage'));
const OfficePage = lazy(() => import('./pages/OfficePage'));
const DeskPage = lazy(() => import('./pages/DeskPage'));

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<HomePage />} />
          <Route path="province/:code" element={<ProvincePage />} />
          <Route path="sedi/:officeId" element={<OfficePage />} />
          <Route path="sportelli/:deskId" element={<DeskPage />} />
          <Route path="*" element={<NotFoundView />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}

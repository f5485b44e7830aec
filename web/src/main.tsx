import 'bootstrap-italia/dist/css/bootstrap-italia.min.css';
import './styles.css';
import loadFonts from 'bootstrap-italia/dist/plugins/fonts-loader.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { currentLang, i18nReady } from './i18n';

// Fonts are copied from bootstrap-italia into /fonts by web/vite.config.ts.
loadFonts('/fonts');

void i18nReady.then(() => {
  document.documentElement.lang = currentLang();
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});

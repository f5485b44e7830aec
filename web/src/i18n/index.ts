import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import it from './it.json';

export const LANGUAGES = ['it', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'sportello.lang';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Lang | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    if (isLang(value)) return value;
  } catch {
    // storage unavailable (private mode, disabled cookies)
  }
  return null;
}

/**
 * English has its own addresses: /en and everything under it (/en/prenota, /en/prenotazione…);
 * Italian ones have no prefix. The prefix of a language ('' for Italian).
 */
export const langPrefix = (lang: Lang): string => (lang === 'en' ? '/en' : '');

/** The language an address names ('en' under /en), or null for an address without a prefix. */
export function pathLanguage(pathname: string): Lang | null {
  return pathname === '/en' || pathname.startsWith('/en/') ? 'en' : null;
}

/** The same page's address in `lang` (path, query and fragment). */
export function addressIn(lang: Lang, loc: { pathname: string; search: string; hash: string }): string {
  const bare = pathLanguage(loc.pathname) ? loc.pathname.slice(3) || '/' : loc.pathname;
  return `${lang === 'en' ? `/en${bare === '/' ? '' : bare}` : bare}${loc.search}${loc.hash}`;
}

/** The browser's preferred language among ours (what it sends as Accept-Language), if any. */
function browserLanguage(): Lang | null {
  const list = window.navigator.languages?.length ? window.navigator.languages : [window.navigator.language];
  for (const tag of list) {
    const base = (tag ?? '').toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return null;
}

/**
 * The language of this page view: the address's when it names one (/en/…); else the citizen's
 * own choice (the switch, kept in this browser); else, on a first visit, the browser's preferred
 * language; else Italian. An English page is always at its English address: an address without
 * a prefix shown in English is rewritten to /en/… before the app starts.
 */
function initialLanguage(): Lang {
  const fromPath = pathLanguage(window.location.pathname);
  if (fromPath) return fromPath;
  const lang = storedLanguage() ?? browserLanguage() ?? 'it';
  if (lang !== 'it') window.history.replaceState(window.history.state, '', addressIn(lang, window.location));
  return lang;
}

/** The current UI language, narrowed to the ones we ship. */
export function currentLang(): Lang {
  return isLang(i18next.language) ? i18next.language : 'it';
}

/** The switch: kept in this browser, and the page moves to its address in that language (same history entry). */
export async function setLanguage(lang: Lang): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not persisted: the choice still holds for this page view
  }
  window.history.replaceState(window.history.state, '', addressIn(lang, window.location));
  await i18next.changeLanguage(lang);
}

i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = isLang(lng) ? lng : 'it';
});

export const i18nReady = i18next.use(initReactI18next).init({
  resources: { it: { translation: it }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'it',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
  react: { useSuspense: false },
});

export default i18next;

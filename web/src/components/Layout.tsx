import { Header, HeaderContent, HeaderRightZone } from 'design-react-kit';
import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { LanguageSwitch } from './LanguageSwitch';
import { Loading } from './StateViews';

const FOOTER_LINKS = [
  ['/', 'app.home'],
  ['/contatti', 'contacts.title'],
  ['/accessibilita', 'a11y.title'],
  ['/privacy', 'app.privacy'],
  ['/note-legali', 'legal.title'],
] as const;

export function Layout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After a navigation, start at the top and move focus to the new content,
  // so keyboard and screen-reader users are not left on the old link.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <>
      <div className="skiplinks">
        <a className="visually-hidden-focusable" href="#main">
          {t('app.skipToContent')}
        </a>
        <a className="visually-hidden-focusable" href="#footer">
          {t('app.skipToFooter')}
        </a>
      </div>
      <header className="it-header-wrapper">
        <Header type="slim" theme="">
          <HeaderContent>
            <span className="slim-owner">
              <span className="d-none d-sm-inline">{t('app.owner')}</span>
              <span className="d-sm-none">{t('app.ownerShort')}</span>
            </span>
            <HeaderRightZone>
              <LanguageSwitch />
            </HeaderRightZone>
          </HeaderContent>
        </Header>
        <Header type="center" small>
          <HeaderContent>
            <div className="it-brand-wrapper">
              <Link to="/">
                <div className="it-brand-text">
                  <div className="it-brand-title">{t('app.name')}</div>
                  <div className="it-brand-tagline d-none d-md-block">{t('app.tagline')}</div>
                </div>
              </Link>
            </div>
          </HeaderContent>
        </Header>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="app-main">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer id="footer" className="it-footer" tabIndex={-1}>
        <div className="it-footer-main">
          <div className="container-xxl app-container py-4">
            <p className="mb-1 fw-semibold">{t('app.owner')}</p>
            <p className="mb-1">{t('app.ownerAddress')}</p>
            <p className="mb-3">{t('app.footer')}</p>
            <nav aria-label={t('app.footerNav')}>
              <ul className="footer-links" role="list">
                {FOOTER_LINKS.map(([to, key]) => (
                  <li key={to}>
                    <Link to={to} className="text-white">
                      {t(key)}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </div>
      </footer>
    </>
  );
}

import { Callout, CalloutText, CalloutTitle } from 'design-react-kit';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useApiRead } from '../api/useApiRead';
import { ReceptionPhone } from '../components/Phone';
import { TownFinder } from '../components/TownFinder';
import { InlineError, Loading } from '../components/StateViews';
import { useTitle } from '../components/useTitle';

const STEPS = ['closed', 'book', 'call', 'documents', 'free'] as const;

/** Needs offered on the home page, with the words the desk step matches (domain/catalog/needs.ts). */
const NEEDS = [['pensione', 'pensione'], ['naspi', 'naspi'], ['invalidita', 'invalidità civile'], ['assegno', 'assegno unico']] as const;

export default function HomePage() {
  const { t } = useTranslation();
  useTitle(null);
  return (
    <>
      <section className="home-hero" aria-labelledby="home-title">
        <div className="container-xxl app-container py-4 py-lg-5">
          <h1 id="home-title" className="mb-3">
            {t('home.title')}
          </h1>
          <p className="lead mb-4">{t('home.lead')}</p>
          <div className="d-flex flex-wrap gap-3">
            <Link to="/prenota" className="btn btn-primary btn-lg">
              {t('home.bookCta')}
            </Link>
            <Link to="/prenotazione" className="btn btn-outline-primary btn-lg">
              {t('home.manageCta')}
            </Link>
          </div>
        </div>
      </section>
      <div className="container-xxl app-container py-4">
        <div className="mb-5">
          <TownFinder />
        </div>
        <section aria-labelledby="needs-title" className="mb-5">
          <h2 id="needs-title" className="h3">
            {t('home.needTitle')}
          </h2>
          <p>{t('home.needLead')}</p>
          <ul className="need-links" role="list">
            {NEEDS.map(([key, words]) => (
              <li key={key}>
                <Link to={`/prenota?bisogno=${encodeURIComponent(words)}`} className="btn btn-outline-primary">
                  {t(`home.needs.${key}`)}
                </Link>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="how-title" className="mb-5">
          <h2 id="how-title" className="h3 mb-3">
            {t('home.howTitle')}
          </h2>
          <ol className="how-steps" role="list">
            {STEPS.map((step) => (
              <li key={step}>{t(`home.how.${step}`)}</li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="provinces-title">
          <h2 id="provinces-title" className="h3">
            {t('home.provincesTitle')}
          </h2>
          <p>{t('home.provincesIntro')}</p>
          <ProvinceList />
          <Callout color="note" className="mt-5">
            <CalloutTitle>{t('reception.label')}</CalloutTitle>
            <CalloutText>{t('home.receptionNote')}</CalloutText>
          </Callout>
        </section>
      </div>
    </>
  );
}

function ProvinceList() {
  const { t } = useTranslation();
  const state = useApiRead('/api/provinces');
  if (state.status === 'loading') return <Loading inline />;
  if (state.status === 'error') return <InlineError error={state.error} retry={state.retry} />;
  return (
    <ul className="card-list province-list" role="list" aria-label={t('home.provincesTitle')}>
      {state.data.items.map((p) => (
        <li key={p.code} className="card-list-item">
          <h3 className="h5 mb-1">
            <Link to={`/province/${encodeURIComponent(p.code)}`}>
              {p.name}
            </Link>
          </h3>
          <p className="mb-1 text-muted-strong">{t('home.officeCount', { count: p.officeCount })}</p>
          {p.receptionPhone && <ReceptionPhone phone={p.receptionPhone} />}
        </li>
      ))}
    </ul>
  );
}

// The public-sector pages every service links from its footer: the accessibility statement
// (AgID model: conformity, what is not accessible, feedback, enforcement), the privacy notice,
// legal notes, and contacts (each province's reception line).
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useApiRead } from '../api/useApiRead';
import { Crumbs } from '../components/Crumbs';
import { ReceptionPhone } from '../components/Phone';
import { InlineError, Loading } from '../components/StateViews';
import { useTitle } from '../components/useTitle';

function Page({ title, children }: { title: string; children: React.ReactNode }) {
  useTitle(title);
  return (
    <div className="container-xxl app-container py-4 info-page">
      <Crumbs items={[{ label: title }]} />
      <h1 className="mb-3">{title}</h1>
      {children}
    </div>
  );
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

export function AccessibilityPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('a11y.title')}>
      <p className="lead">{t('a11y.intro')}</p>
      <h2 className="h4 mt-4">{t('a11y.statusTitle')}</h2>
      <p>{t('a11y.status')}</p>
      <h2 className="h4 mt-4">{t('a11y.howTitle')}</h2>
      <ul>
        {list(t('a11y.how', { returnObjects: true })).map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
      <h2 className="h4 mt-4">{t('a11y.limitsTitle')}</h2>
      <ul>
        {list(t('a11y.limits', { returnObjects: true })).map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
      <h2 className="h4 mt-4">{t('a11y.feedbackTitle')}</h2>
      <p>{t('a11y.feedback')}</p>
      <p>
        <Link to="/contatti" className="btn btn-primary">
          {t('a11y.feedbackLink')}
        </Link>
      </p>
      <h2 className="h4 mt-4">{t('a11y.enforcementTitle')}</h2>
      <p>
        {t('a11y.enforcement')}{' '}
        <a href="https://form.agid.gov.it/" rel="noopener noreferrer">
          {t('a11y.enforcementLink')}
        </a>
      </p>
      <h2 className="h4 mt-4">{t('a11y.infoTitle')}</h2>
      <p>{t('a11y.info')}</p>
    </Page>
  );
}

export function PrivacyPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('privacy.title')}>
      <p>{t('privacy.who')}</p>
      <p>{t('privacy.what')}</p>
      <p>{t('privacy.rights')}</p>
      <p>{t('privacy.messages')}</p>
    </Page>
  );
}

export function LegalPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('legal.title')}>
      {list(t('legal.body', { returnObjects: true })).map((x) => (
        <p key={x}>{x}</p>
      ))}
    </Page>
  );
}

export function ContactsPage() {
  const { t } = useTranslation();
  const provinces = useApiRead('/api/provinces');
  return (
    <Page title={t('contacts.title')}>
      <p className="lead">{t('contacts.lead')}</p>
      {provinces.status === 'loading' ? (
        <Loading inline />
      ) : provinces.status === 'error' ? (
        <InlineError error={provinces.error} retry={provinces.retry} />
      ) : (
        <ul className="card-list" role="list" aria-label={t('contacts.listLabel')}>
          {provinces.data.items.map((p) => (
            <li key={p.code} className="card-list-item">
              <h2 className="h5 mb-1">
                <Link to={`/province/${encodeURIComponent(p.code)}`}>{p.name}</Link>
              </h2>
              {p.receptionPhone ? <ReceptionPhone phone={p.receptionPhone} /> : <p className="mb-0">{t('contacts.noPhone')}</p>}
            </li>
          ))}
        </ul>
      )}
      <h2 className="h4 mt-4">{t('contacts.nationalTitle')}</h2>
      <p>{t('contacts.national')}</p>
    </Page>
  );
}

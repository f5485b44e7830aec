import { Alert, Button, Spinner } from 'design-react-kit';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { AdminApiError } from '../api/client';
import { currentLang } from '../i18n';
import { useTitle } from './useTitle';

/** Loading indicator: a whole page, or `inline` inside a page section. */
export function Loading({ inline = false }: { inline?: boolean }) {
  const { t } = useTranslation();
  return (
    <div
      className={`${inline ? 'py-3' : 'container-xxl app-container py-5'} d-flex align-items-center gap-3`}
      role="status"
    >
      <Spinner active small label="" aria-hidden="true" />
      <span>{t('state.loading')}</span>
    </div>
  );
}

/** Page for an unknown address (or an API 404): plain words and a way home. */
export function NotFoundView() {
  const { t } = useTranslation();
  useTitle(t('state.notFoundTitle'));
  return (
    <div className="container-xxl app-container py-5">
      <h1>{t('state.notFoundTitle')}</h1>
      <p className="lead">{t('state.notFoundText')}</p>
      <Link to="/" className="btn btn-primary">
        {t('state.backHome')}
      </Link>
    </div>
  );
}

function useErrorText(error: AdminApiError): { title: string; text: string; network: boolean } {
  const { t } = useTranslation();
  const network = error.kind === 'network';
  return {
    network,
    title: network ? t('state.networkTitle') : t('state.errorTitle'),
    text: network ? t('state.networkText') : (error.problem?.messages?.[currentLang()] ?? t('state.errorText')),
  };
}

/** What went wrong with a part of a page, in plain language, with a retry. */
export function InlineError({ error, retry }: { error: AdminApiError; retry: () => void }) {
  const { t } = useTranslation();
  const { text, network } = useErrorText(error);
  return (
    <div className="my-3">
      <Alert color={network ? 'warning' : 'danger'} fade={false} role="alert">
        {text}
      </Alert>
      <Button color="primary" onClick={retry}>
        {t('state.retry')}
      </Button>
    </div>
  );
}

/** A page that could not be loaded: not found, or what went wrong with a retry. */
export function ErrorView({ error, retry }: { error: AdminApiError; retry: () => void }) {
  if (error.kind === 'not_found') return <NotFoundView />;
  return <ErrorPage error={error} retry={retry} />;
}

function ErrorPage({ error, retry }: { error: AdminApiError; retry: () => void }) {
  const { t } = useTranslation();
  const { title, text, network } = useErrorText(error);
  useTitle(title);
  return (
    <div className="container-xxl app-container py-5">
      <h1>{title}</h1>
      <Alert color={network ? 'warning' : 'danger'} fade={false} role="alert">
        {text}
      </Alert>
      <div className="d-flex flex-wrap gap-3">
        <Button color="primary" onClick={retry}>
          {t('state.retry')}
        </Button>
        <Link to="/" className="btn btn-outline-primary">
          {t('state.backHome')}
        </Link>
      </div>
    </div>
  );
}

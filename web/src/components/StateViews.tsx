import { Alert, Button, Spinner } from 'design-react-kit';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ApiError } from '../api/client';
import { currentLang } from '../i18n';
import { useTitle } from './useTitle';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="container-xxl py-5 d-flex align-items-center gap-3" role="status">
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
    <div className="container-xxl py-5">
      <h1>{t('state.notFoundTitle')}</h1>
      <p className="lead">{t('state.notFoundText')}</p>
      <Link to="/" className="btn btn-primary">
        {t('state.backHome')}
      </Link>
    </div>
  );
}

/** What went wrong, in plain language, with a retry when retrying can help. */
export function ErrorView({ error, retry }: { error: ApiError; retry: () => void }) {
  const { t } = useTranslation();
  const isNetwork = error.kind === 'network';
  const title = isNetwork ? t('state.networkTitle') : t('state.errorTitle');
  useTitle(title);
  if (error.kind === 'not_found') return <NotFoundView />;
  const message = isNetwork ? t('state.networkText') : (error.problem?.messages?.[currentLang()] ?? t('state.errorText'));
  return (
    <div className="container-xxl py-5">
      <h1>{title}</h1>
      <Alert color={isNetwork ? 'warning' : 'danger'} fade={false} role="alert">
        {message}
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

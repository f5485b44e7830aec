/**
 * The citizen's page behind the upload link of a "documents needed" call (/documenti/:id#token):
 * what the office asked for, until when, and one upload of up to 5 documents. Italian first,
 * English; the refusals are the server's (problem+json), shown in the page's language.
 */
import './i18n';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router-dom';
import { AdminApiError } from '../../api/client';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { formatDateTime } from '../../lib/time';
import { formatSize, linkStatus, sendDocuments, type LinkView, type Received } from './api';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.p7m,application/pdf,image/jpeg,image/png,application/pkcs7-mime';

function ProblemText({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const lang = currentLang();
  if (!error) return null;
  const p = error instanceof AdminApiError ? error.problem : null;
  const text = p?.messages?.[lang] ?? (error instanceof AdminApiError && error.status === 404 ? t('uploads.notFound') : t('uploads.error'));
  return (
    <div className="alert alert-danger" role="alert" data-testid="upload-error">
      <p className="mb-0">{text}</p>
      {p?.fields?.length ? <ul className="mb-0">{p.fields.map((f, i) => <li key={i}>{f[lang] ?? f.code}</li>)}</ul> : null}
    </div>
  );
}

export default function UploadPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const { id = '' } = useParams();
  const token = decodeURIComponent(useLocation().hash.replace(/^#/, ''));
  useTitle(t('uploads.title'));
  const [view, setView] = useState<LinkView | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Received | null>(null);

  const load = useCallback(async () => {
    try {
      setView(await linkStatus(id, token));
    } catch (e) {
      setLoadError(e);
    }
  }, [id, token]);
  useEffect(() => {
    if (token) void load();
    else setLoadError(new AdminApiError(404, null, 'not_found'));
  }, [load, token]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setDone(await sendDocuments(id, token, files));
      setFiles([]);
    } catch (err) {
      setError(err);
      void load();
    } finally {
      setBusy(false);
    }
  };

  const body = () => {
    if (loadError) return <ProblemText error={loadError} />;
    if (!view) return <Loading inline />;
    const size = formatSize(view.maxBytes, lang);
    const tooMany = files.length > view.maxFiles;
    const tooBig = files.filter((f) => f.size > view.maxBytes);
    if (done) {
      return (
        <div className="alert alert-success" role="status" data-testid="upload-done">
          <p>{t('uploads.done', { when: formatDateTime(done.receivedAt, lang) })}</p>
          <h2 className="h5">{t('uploads.receivedList')}</h2>
          <ul className="mb-0">
            {done.files.map((f) => (
              <li key={f.sha256 + f.name}>{f.name} ({formatSize(f.size, lang)}) <small className="text-break">— {t('uploads.fingerprint', { sha: f.sha256 })}</small></li>
            ))}
          </ul>
        </div>
      );
    }
    return (
      <>
        <p>{t('uploads.lead', { desk: lang === 'it' ? view.desk : view.deskEn, office: view.office, code: view.code })}</p>
        <ul data-testid="upload-requested">{view.documents.map((d, i) => <li key={i}>{d[lang]}</li>)}</ul>
        {view.state === 'used' && <div className="alert alert-warning" role="status" data-testid="upload-state">{t('uploads.used', { when: formatDateTime(view.usedAt ?? view.expiresAt, lang) })}</div>}
        {view.state === 'expired' && <div className="alert alert-warning" role="status" data-testid="upload-state">{t('uploads.expired', { when: formatDateTime(view.expiresAt, lang) })}</div>}
        {view.state === 'open' && (
          <>
            <p><strong>{t('uploads.until', { when: formatDateTime(view.expiresAt, lang) })}</strong></p>
            <ProblemText error={error} />
            <form onSubmit={(e) => void submit(e)} className="col-12 col-lg-8" noValidate>
              <div className="mb-3">
                <label className="form-label" htmlFor="u-files">{t('uploads.files')}</label>
                <input id="u-files" type="file" className="form-control" multiple accept={ACCEPT} aria-describedby="u-files-help"
                  onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
                <div id="u-files-help" className="form-text">{t('uploads.filesHelp', { max: view.maxFiles, size })}</div>
                {tooMany && <div className="text-danger" role="alert">{t('uploads.tooMany', { max: view.maxFiles })}</div>}
                {tooBig.map((f) => <div key={f.name} className="text-danger" role="alert">{t('uploads.tooBig', { name: f.name, size })}</div>)}
              </div>
              {files.length > 0 && (
                <>
                  <h2 className="h6">{t('uploads.chosen')}</h2>
                  <ul>{files.map((f, i) => <li key={i}>{f.name} ({formatSize(f.size, lang)})</li>)}</ul>
                </>
              )}
              <button type="submit" className="btn btn-primary" disabled={busy || files.length === 0}>
                {busy ? t('uploads.sending') : t('uploads.submit')}
              </button>
            </form>
          </>
        )}
        <p className="small mt-4">{t('uploads.privacy')}</p>
      </>
    );
  };

  return (
    <div className="container-xxl app-container py-4">
      <h1 className="h2">{t('uploads.title')}</h1>
      {body()}
    </div>
  );
}

/** /video: the citizen types the entry code of their video appointment and goes to its room. */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { AdminApiError, api, write } from '../../api/client';
import { useTitle } from '../../components/useTitle';
import '../../video/i18n';

export default function VideoEntryPage() {
  const { t } = useTranslation();
  useTitle(t('video.entry.title'));
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const { data } = await write((init) => api.POST('/api/video/entry', { body: { code }, ...init }));
      navigate(`/video/r/${data.token}`);
    } catch (err) {
      const status = err instanceof AdminApiError ? err.status : null;
      setProblem(status === 410 ? t('video.entry.closed') : status === 404 || status === 400 ? t('video.entry.notFound') : (err instanceof Error ? err.message : String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="container py-4" style={{ maxWidth: 720 }}>
      <h1>{t('video.entry.title')}</h1>
      <p className="lead">{t('video.entry.lead')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-group">
          <label htmlFor={`${id}-code`} className="active">{t('video.entry.code')}</label>
          <input id={`${id}-code`} className={`form-control${problem ? ' is-invalid' : ''}`} value={code} onChange={(e) => setCode(e.target.value)}
            autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={20} required aria-describedby={`${id}-help${problem ? ` ${id}-err` : ''}`} aria-invalid={problem ? true : undefined} />
          <small id={`${id}-help`} className="form-text">{t('video.entry.codeHelp')}</small>
          {problem && <div id={`${id}-err`} className="invalid-feedback d-block" role="alert">{problem}</div>}
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy || !code.trim()}>{t('video.entry.submit')}</button>
      </form>
    </div>
  );
}

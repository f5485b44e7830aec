/** A consultant's new request: company, subject (two levels), title, text, up to 5 documents. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import { AdminApiError, staffApi, useStaffData } from '../../staff/api';
import { ACCEPT, MAX_FILES, upload } from './api';
import { Problem, useLang } from './parts';

export default function NewRequestPage() {
  const { t } = useTranslation();
  const lang = useLang();
  useTitle(t('drawer.create.title'));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const companies = useStaffData('/api/drawer/companies', () => staffApi.GET('/api/drawer/companies'));
  const subjects = useStaffData('/api/drawer/subjects', () => staffApi.GET('/api/drawer/subjects'));
  const [companyId, setCompanyId] = useState(params.get('azienda') ?? '');
  const [subjectId, setSubjectId] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (!companies.data || !subjects.data) return companies.error || subjects.error ? <Problem error={companies.error ?? subjects.error} /> : <Loading />;
  const company = companyId || companies.data.items[0]?.id || '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await upload<{ id: string; protocol: string }>('/api/drawer/threads', { companyId: company, subjectId, title, body }, files);
      navigate(`/cassetto/pratiche/${r.id}`, { state: { notice: t('drawer.create.sent', { protocol: r.protocol }) } });
    } catch (err) {
      setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1 className="h2">{t('drawer.create.title')}</h1>
      <Problem error={error} />
      <form onSubmit={(e) => void submit(e)} className="col-12 col-lg-8">
        <div className="mb-3">
          <label className="form-label" htmlFor="n-company">{t('drawer.create.company')}</label>
          <select id="n-company" className="form-select" value={company} onChange={(e) => setCompanyId(e.target.value)} required>
            {companies.data.items.map((c) => <option key={c.id} value={c.id}>{c.name} – {c.matricola}</option>)}
          </select>
        </div>
        <div className="mb-3">
          <label className="form-label" htmlFor="n-subject">{t('drawer.create.subject')}</label>
          <select id="n-subject" className="form-select" value={subjectId} onChange={(e) => setSubjectId(e.target.value)} required>
            <option value="">{t('drawer.create.chooseSubject')}</option>
            {subjects.data.items.map((a) => (
              <optgroup key={a.id} label={lang === 'it' ? a.it : a.en}>
                {a.subjects.map((s) => (
                  <option key={s.id} value={s.id}>{t('drawer.create.subjectSla', { name: lang === 'it' ? s.it : s.en, days: s.slaDays })}</option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="mb-3">
          <label className="form-label" htmlFor="n-title">{t('drawer.create.object')}</label>
          <input id="n-title" type="text" className="form-control" value={title} onChange={(e) => setTitle(e.target.value)} minLength={3} maxLength={200} required />
        </div>
        <div className="mb-3">
          <label className="form-label" htmlFor="n-body">{t('drawer.create.body')}</label>
          <textarea id="n-body" className="form-control" rows={6} value={body} onChange={(e) => setBody(e.target.value)} maxLength={10000} required />
        </div>
        <div className="mb-3">
          <label className="form-label" htmlFor="n-files">{t('drawer.create.files')}</label>
          <input id="n-files" type="file" className="form-control" multiple accept={ACCEPT} aria-describedby="n-files-help"
            onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
          <div id="n-files-help" className="form-text">{t('drawer.create.filesHelp')}</div>
          {files.length > MAX_FILES && <div className="text-danger" role="alert">{t('drawer.create.tooMany')}</div>}
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy || files.length > MAX_FILES}>{t('drawer.create.submit')}</button>
      </form>
    </>
  );
}

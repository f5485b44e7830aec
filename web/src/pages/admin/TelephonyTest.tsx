import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import '../../telephony/i18n';
import type { ApiData } from '../../api/client';
import { AdminApiError, staff, staffApi } from './adminApi';
import { ProblemMessage } from './ProblemMessage';

/** What the connection test found (the calls capability's connection report). */
type Report = ApiData<'/api/staff/telephony/offices/{id}/test', 'post'>;

/** "Test the connection": the office's PBX reached with its saved settings, the answer in plain words. */
export function TelephonyTest({ officeId }: { officeId: string }) {
  const { t } = useTranslation();
  const [extension, setExtension] = useState('');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const run = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const ext = extension.trim();
      setReport(await staff(staffApi.POST('/api/staff/telephony/offices/{id}/test', { params: { path: { id: officeId } }, body: ext ? { extension: ext } : {} })));
    } catch (err) {
      setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
    } finally {
      setBusy(false);
    }
  };
  const good = report?.status === 'ok' && report.extension?.status !== 'unknown';
  return (
    <form onSubmit={(e) => void run(e)} className="mt-4" aria-labelledby="tel-test-title">
      <h3 id="tel-test-title" className="h5">{t('telephony.test.title')}</h3>
      <p>{t('telephony.test.lead')}</p>
      <div className="row align-items-end">
        <div className="form-group col-12 col-md-6">
          <label htmlFor="tel-test-ext" className="active">{t('telephony.test.extension')}</label>
          <input id="tel-test-ext" type="text" className="form-control" value={extension} autoComplete="off" onChange={(e) => setExtension(e.target.value)} />
        </div>
        <div className="form-group col-12 col-md-6">
          <button type="submit" className="btn btn-outline-primary" aria-disabled={busy ? true : undefined}>
            {busy ? t('telephony.test.running') : t('telephony.test.run')}
          </button>
        </div>
      </div>
      <div aria-live="polite" data-testid="tel-test-result">
        {report && (
          <div className={`alert ${good ? 'alert-success' : report.status === 'nothing_to_reach' ? 'alert-info' : 'alert-danger'}`} role="status">
            <p className="mb-0">{currentLang() === 'en' ? report.message.en : report.message.it}</p>
            {report.detail && <p className="mb-0 small">{t('telephony.test.detail', { detail: report.detail })}</p>}
          </div>
        )}
      </div>
      <ProblemMessage error={error} />
    </form>
  );
}

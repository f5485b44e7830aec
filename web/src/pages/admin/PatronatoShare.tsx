import '../patronato/i18n';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminApiError, staff, staffApi } from '../../staff/api';
import { ProblemMessage } from './ProblemMessage';

/** A desk's share of places kept for patronati and its release (docs/patronati.md). */
export function PatronatoShare({ deskId, percent, releaseHours, onSaved }: { deskId: string; percent: number; releaseHours: number; onSaved: () => void }) {
  const { t } = useTranslation();
  const [f, setF] = useState({ percent: String(percent), releaseHours: String(releaseHours) });
  const [error, setError] = useState<AdminApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <section aria-labelledby="patronato-share-title" className="mb-5 admin-section">
      <h2 id="patronato-share-title" className="h4">{t('patronato.share.title')}</h2>
      <p>{t('patronato.share.lead')}</p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setSaved(false);
          setError(null);
          try {
            await staff(staffApi.PUT('/api/staff/desks/{deskId}/patronato-share', { params: { path: { deskId } }, body: { percent: Number(f.percent), releaseHours: Number(f.releaseHours) } }));
            setSaved(true);
            onSaved();
          } catch (err) {
            setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
          } finally {
            setBusy(false);
          }
        }}
      >
        <div className="row">
          <div className="form-group col-12 col-md-6 col-lg-4">
            <label htmlFor="ps-percent" className="active">{t('patronato.share.percent')}</label>
            <input id="ps-percent" type="number" min={0} max={100} required className="form-control" value={f.percent} aria-describedby="ps-percent-help" onChange={(e) => setF({ ...f, percent: e.target.value })} />
            <small id="ps-percent-help" className="form-text">{t('patronato.share.percentHelp')}</small>
          </div>
          <div className="form-group col-12 col-md-6 col-lg-4">
            <label htmlFor="ps-release" className="active">{t('patronato.share.releaseHours')}</label>
            <input id="ps-release" type="number" min={0} max={720} required className="form-control" value={f.releaseHours} onChange={(e) => setF({ ...f, releaseHours: e.target.value })} />
          </div>
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>{t('patronato.share.save')}</button>
      </form>
      <ProblemMessage error={error} />
      <div aria-live="polite">{saved && <div className="alert alert-success mt-3" role="status">{t('patronato.share.saved')}</div>}</div>
    </section>
  );
}

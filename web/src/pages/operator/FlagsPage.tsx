import { useTranslation } from 'react-i18next';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { formatDateTime } from '../../lib/time';
import { staffApi, useStaffData } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';

/** URP: bookings flagged after repeated failed identity checks at the call. */
export default function FlagsPage() {
  const { t } = useTranslation();
  useTitle(t('operator.flags.title'));
  const lang = currentLang();
  const { data, error } = useStaffData('/api/staff/calls/flags', () => staffApi.GET('/api/staff/calls/flags'));
  return (
    <>
      <h1 className="h2">{t('operator.flags.title')}</h1>
      <p>{t('operator.flags.lead')}</p>
      {error && <ProblemMessage error={error} />}
      {data && data.items.length === 0 && <p>{t('operator.flags.none')}</p>}
      {data && data.items.length > 0 && (
        <div className="table-responsive">
          <table className="table table-sm">
            <caption>{t('operator.flags.caption', { count: data.items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('operator.flags.when')}</th>
                <th scope="col">{t('operator.flags.booking')}</th>
                <th scope="col">{t('operator.flags.where')}</th>
                <th scope="col">{t('operator.flags.reason')}</th>
                <th scope="col">{t('operator.flags.operator')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((f) => (
                <tr key={f.bookingId}>
                  <td>{f.flaggedAt ? formatDateTime(f.flaggedAt, lang) : '—'}</td>
                  <td><code>{f.code}</code> · {f.citizen} · {f.phone}</td>
                  <td>{f.office} – {f.desk}</td>
                  <td>{t(`operator.flags.reasons.${f.reason}`, { count: f.identityFailures })}</td>
                  <td>{f.operator ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

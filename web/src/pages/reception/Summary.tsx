import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi, useStaffData } from '../../staff/api';
import { clock, CONTACT_REASONS } from './api';

/** The agent's day: calls by reason, time on the phone, answers given. `n` changes after each log. */
export function Summary({ n }: { n: number }) {
  const { t } = useTranslation();
  const { data, error, reload } = useStaffData('/api/staff/contacts/mine', () => staffApi.GET('/api/staff/contacts/mine'));
  useEffect(() => {
    if (n > 0) reload();
  }, [n, reload]);
  return (
    <section className="rc-side-card" aria-labelledby="rc-summary-title">
      <h2 id="rc-summary-title" className="h5">
        {t('reception.summary.title')}
      </h2>
      {error && <p className="mb-0">{t('reception.summary.error')}</p>}
      {data && (
        <>
          <p className="rc-summary-total mb-2" data-testid="summary-total">
            <strong>{data.total}</strong> {t('reception.summary.calls', { count: data.total })}
            {data.total > 0 && <> · {t('reception.summary.time', { total: clock(data.totalSeconds), average: clock(data.averageSeconds) })}</>}
          </p>
          <table className="table table-sm mb-2">
            <caption className="visually-hidden">{t('reception.summary.byReason')}</caption>
            <tbody>
              {CONTACT_REASONS.map((r) => (
                <tr key={r}>
                  <th scope="row" className="fw-normal">
                    {t(`reception.reason.${r}`)}
                  </th>
                  <td className="text-end">{data.byReason[r] ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.answers.length > 0 && (
            <>
              <h3 className="h6">{t('reception.summary.answers')}</h3>
              <ul className="small mb-0">
                {data.answers.map((a) => (
                  <li key={a.id}>
                    {a.title} ({a.uses})
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

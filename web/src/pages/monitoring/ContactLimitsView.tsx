/**
 * The contacts refused for carrying too many active web bookings (CONTACT_MAX_ACTIVE_BOOKINGS):
 * masked phone numbers and e-mail addresses with how often, at how many desks, first and last
 * time — within the node looked at, over the chosen number of days (GET /api/monitoring/contact-limits).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { staffApi, useStaffData } from '../../staff/api';
import { BASE, query, scoped } from './api';
import { InlineLoading, Problem, ScopeCrumbs, TableScroll, useScope } from './common';
import { formatInt, formatShortDateTime } from './format';

export const DAY_CHOICES = [7, 30, 90] as const;

function useDays(): number {
  const [params] = useSearchParams();
  const n = Number(params.get('giorni'));
  return (DAY_CHOICES as readonly number[]).includes(n) ? n : 30;
}

/** The period, as a GET form: the address keeps the choice (and the scope). */
function DaysForm({ days }: { days: number }) {
  const { t } = useTranslation();
  const id = useId();
  const [params, setParams] = useSearchParams();
  return (
    <form
      className="d-flex flex-wrap align-items-end gap-2 mb-3"
      onSubmit={(e) => {
        e.preventDefault();
        const next = new URLSearchParams(params);
        next.set('giorni', String(new FormData(e.currentTarget).get('giorni')));
        setParams(next);
      }}
    >
      <div>
        <label htmlFor={`${id}-days`} className="form-label mb-1">
          {t('monitoring.limits.days')}
        </label>
        <select id={`${id}-days`} name="giorni" className="form-select" defaultValue={String(days)} key={days}>
          {DAY_CHOICES.map((n) => (
            <option key={n} value={n}>
              {t('monitoring.limits.dayOption', { count: n })}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn btn-primary">
        {t('monitoring.limits.show')}
      </button>
    </form>
  );
}

export default function ContactLimitsView() {
  const { t } = useTranslation();
  const lang = currentLang();
  const scope = useScope();
  const days = useDays();
  const { data, error, loading, reload } = useStaffData(`${BASE}/contact-limits${query({ scope, days: String(days) })}`, () =>
    staffApi.GET('/api/monitoring/contact-limits', { params: { query: { ...scoped(scope), days } } }));
  useTitle(data ? `${t('monitoring.limits.title')}: ${data.scope.name}` : t('monitoring.limits.title'));
  const caption = t('monitoring.limits.caption', { days });

  return (
    <>
      {data && <ScopeCrumbs scope={data.scope} />}
      <h2 className="h4">{t('monitoring.limits.title')}</h2>
      <p>{t('monitoring.limits.lead')}</p>
      <DaysForm days={days} />
      {error && <Problem error={error} retry={reload} />}
      {loading && !data && <InlineLoading />}
      {data && (
        <div aria-busy={loading}>
          {data.items.length === 0 ? (
            <p data-testid="limits-none">{t('monitoring.limits.none')}</p>
          ) : (
            <TableScroll label={caption}>
              <table className="table table-sm" data-testid="limits-table">
                <caption>{caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('monitoring.limits.contact')}</th>
                    <th scope="col">{t('monitoring.limits.kind')}</th>
                    <th scope="col" className="text-end">{t('monitoring.limits.refusals')}</th>
                    <th scope="col" className="text-end">{t('monitoring.limits.desks')}</th>
                    <th scope="col">{t('monitoring.limits.first')}</th>
                    <th scope="col">{t('monitoring.limits.last')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((x) => (
                    <tr key={`${x.contactKind}:${x.contact}:${x.firstAt}`}>
                      <th scope="row" className="font-monospace">{x.contact}</th>
                      <td>{t(`monitoring.limits.${x.contactKind}`)}</td>
                      <td className="text-end">{formatInt(x.refusals, lang)}</td>
                      <td className="text-end">{formatInt(x.desks, lang)}</td>
                      <td>{formatShortDateTime(x.firstAt, lang)}</td>
                      <td>{formatShortDateTime(x.lastAt, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </div>
      )}
    </>
  );
}

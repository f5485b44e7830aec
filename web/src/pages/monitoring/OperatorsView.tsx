/** Per operator over a range: calls, served, identity checks failed or skipped, early and late calls. */
import { useTranslation } from 'react-i18next';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { staffApi, useStaffData } from '../../staff/api';
import { BASE, query, scoped } from './api';
import { InlineLoading, Problem, RangeForm, ScopeCrumbs, TableScroll, useRange, useRangeText, useScope } from './common';
import { formatInt } from './format';

const COLUMNS = ['calls', 'served', 'identityFailed', 'identitySkipped', 'identityNotVerified', 'early', 'late'] as const;

export default function OperatorsView() {
  const { t } = useTranslation();
  const lang = currentLang();
  const scope = useScope();
  const range = useRange();
  const rangeText = useRangeText(range);
  const { data, error, loading, reload } = useStaffData(`${BASE}/operators${query({ scope, from: range.from, to: range.to })}`, () =>
    staffApi.GET('/api/monitoring/operators', { params: { query: { ...scoped(scope), from: range.from, to: range.to } } }));
  useTitle(data ? `${t('monitoring.operators.title')}: ${data.scope.name}` : t('monitoring.operators.title'));
  return (
    <>
      {data && <ScopeCrumbs scope={data.scope} />}
      <p>{t('monitoring.operators.lead')}</p>
      <RangeForm withGranularity={false} key={`${range.from}|${range.to}`} />
      {error && <Problem error={error} retry={reload} />}
      {loading && !data && <InlineLoading />}
      {data && (
        <div aria-busy={loading}>
          <h2 className="h4">{rangeText}</h2>
          {data.operators.length === 0 ? (
            <p>{t('monitoring.operators.none')}</p>
          ) : (
            <TableScroll label={t('monitoring.operators.caption', { range: rangeText })}>
              <table className="table table-sm" data-testid="operators-table">
                <caption>{t('monitoring.operators.caption', { range: rangeText })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('monitoring.operators.operator')}</th>
                    {COLUMNS.map((c) => <th key={c} scope="col" className="text-end">{t(`monitoring.operators.${c}`)}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {data.operators.map((o) => (
                    <tr key={o.operatorId}>
                      <th scope="row">{o.displayName} ({o.username})</th>
                      {COLUMNS.map((c) => <td key={c} className="text-end">{formatInt(o[c], lang)}</td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          {!!data.desks?.length && (
            <TableScroll label={t('monitoring.operators.desks', { range: rangeText })}>
              <table className="table table-sm" data-testid="desks-identity-table">
                <caption>{t('monitoring.operators.desks', { range: rangeText })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('monitoring.operators.desk')}</th>
                    <th scope="col" className="text-end">{t('monitoring.operators.served')}</th>
                    <th scope="col" className="text-end">{t('monitoring.operators.identityNotVerified')}</th>
                    <th scope="col">{t('monitoring.operators.reasons')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.desks.map((d) => (
                    <tr key={d.deskId}>
                      <th scope="row">{d.officeCode} · {d.desk}</th>
                      <td className="text-end">{formatInt(d.served, lang)}</td>
                      <td className="text-end">{formatInt(d.identityNotVerified, lang)}</td>
                      <td>{Object.entries(d.reasons).map(([r, n]) => `${t(`monitoring.operators.reason.${r}`, { defaultValue: r })}: ${formatInt(n, lang)}`).join(' · ')}</td>
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

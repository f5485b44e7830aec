/** The same figures per day, week or month over a range, as charts with their data table, and the children's totals. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { staffApi, useStaffData } from '../../staff/api';
import { BASE, query, scoped } from './api';
import { COLORS, LineChart } from './charts';
import { ExportLinks, InlineLoading, Problem, RangeForm, ScopeCrumbs, TableScroll, useRange, useRangeText, useScope, useScopeHref } from './common';
import { formatDuration, formatInt, formatPercent, formatPeriod } from './format';

export default function HistoryView() {
  const { t } = useTranslation();
  const lang = currentLang();
  const scope = useScope();
  const range = useRange();
  const rangeText = useRangeText(range);
  const href = useScopeHref();
  const { data, error, loading, reload } = useStaffData(`${BASE}/history${query({ scope, from: range.from, to: range.to, granularity: range.granularity })}`, () =>
    staffApi.GET('/api/monitoring/history', { params: { query: { ...scoped(scope), from: range.from, to: range.to, granularity: range.granularity } } }));
  useTitle(data ? `${t('monitoring.history.title')}: ${data.scope.name}` : t('monitoring.history.title'));
  const scopeParam = scope ?? (data ? `${data.scope.level}:${data.scope.id}` : null);

  const labels = data ? data.rows.map((r) => formatPeriod(r.period, data.granularity, lang)) : [];
  const bookingsTitle = t('monitoring.history.bookingsChart');
  const ratesTitle = t('monitoring.history.ratesChart');
  const granularityName = t(`monitoring.range.${range.granularity}`);

  return (
    <>
      {data && <ScopeCrumbs scope={data.scope} />}
      <RangeForm withGranularity key={`${range.from}|${range.to}|${range.granularity}`} />
      {error && <Problem error={error} retry={reload} />}
      {loading && !data && <InlineLoading />}
      {data && (
        <div aria-busy={loading}>
          <h2 className="h4">{rangeText}</h2>
          <div className="row g-4 mb-3">
            <figure className="col-12 col-lg-6 mb-0">
              <figcaption className="h6">{bookingsTitle}</figcaption>
              <LineChart
                testId="chart-bookings"
                labels={labels}
                summary={t('monitoring.history.chartSummary', { title: bookingsTitle, count: data.rows.length })}
                series={[
                  { label: t('monitoring.figures.offered'), data: data.rows.map((r) => r.offered), color: COLORS.grey, dash: [6, 4], point: 'rect' },
                  { label: t('monitoring.figures.booked'), data: data.rows.map((r) => r.booked), color: COLORS.blue },
                  { label: t('monitoring.figures.served'), data: data.rows.map((r) => r.served), color: COLORS.green, point: 'triangle' },
                ]}
              />
            </figure>
            <figure className="col-12 col-lg-6 mb-0">
              <figcaption className="h6">{ratesTitle}</figcaption>
              <LineChart
                testId="chart-rates"
                percent
                labels={labels}
                summary={t('monitoring.history.chartSummary', { title: ratesTitle, count: data.rows.length })}
                series={[
                  { label: t('monitoring.figures.fillRate'), data: data.rows.map((r) => r.fillRate), color: COLORS.blue },
                  { label: t('monitoring.figures.noAnswerRate'), data: data.rows.map((r) => r.noAnswerRate), color: COLORS.orange, dash: [6, 4], point: 'rect' },
                  { label: t('monitoring.figures.overrunRate'), data: data.rows.map((r) => r.overrunRate), color: COLORS.red, dash: [2, 3], point: 'triangle' },
                ]}
              />
            </figure>
          </div>

          <div className="d-flex justify-content-end mb-2">
            <ExportLinks table="history" scope={scopeParam} from={range.from} to={range.to} granularity={range.granularity} />
          </div>
          {data.rows.length === 0 ? (
            <p>{t('monitoring.history.empty')}</p>
          ) : (
            <TableScroll label={t('monitoring.history.tableCaption', { granularity: granularityName, range: rangeText })}>
              <table className="table table-sm" data-testid="history-table">
                <caption>{t('monitoring.history.tableCaption', { granularity: granularityName, range: rangeText })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('monitoring.history.period')}</th>
                    <th scope="col" className="text-end">{t('monitoring.figures.offered')}</th>
                    <th scope="col" className="text-end">{t('monitoring.figures.booked')}</th>
                    <th scope="col" className="text-end">{t('monitoring.figures.fillRate')}</th>
                    <th scope="col" className="text-end">{t('monitoring.figures.served')}</th>
                    <th scope="col" className="text-end">{t('monitoring.figures.noAnswer')}</th>
                    <th scope="col" className="text-end">{t('monitoring.figures.noAnswerRate')}</th>
                    <th scope="col" className="text-end">{t('monitoring.figures.cancelled')}</th>
                    <th scope="col" className="text-end">{t('monitoring.figures.meanCall')}</th>
                    <th scope="col" className="text-end">{t('monitoring.figures.p90Call')}</th>
                    <th scope="col" className="text-end">{t('monitoring.figures.overrunRate')}</th>
                    <th scope="col" className="text-end">{t('monitoring.figures.contacts')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((r, i) => (
                    <tr key={r.period}>
                      <th scope="row">{labels[i]}</th>
                      <td className="text-end">{formatInt(r.offered, lang)}</td>
                      <td className="text-end">{formatInt(r.booked, lang)}</td>
                      <td className="text-end">{formatPercent(r.fillRate, lang)}</td>
                      <td className="text-end">{formatInt(r.served, lang)}</td>
                      <td className="text-end">{formatInt(r.noAnswer, lang)}</td>
                      <td className="text-end">{formatPercent(r.noAnswerRate, lang)}</td>
                      <td className="text-end">{formatInt(r.cancelled, lang)}</td>
                      <td className="text-end">{formatDuration(r.meanCallSec)}</td>
                      <td className="text-end">{formatDuration(r.p90CallSec)}</td>
                      <td className="text-end">{formatPercent(r.overrunRate, lang)}</td>
                      <td className="text-end">{formatInt(r.contacts, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}

          {data.scope.level !== 'desk' && data.children.length > 0 && (
            <section aria-labelledby="mon-history-children" className="mt-4">
              <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-2">
                <h3 id="mon-history-children" className="h5 mb-0">
                  {t(`monitoring.children.${data.scope.level}`)}
                </h3>
                <ExportLinks table="history-children" scope={scopeParam} from={range.from} to={range.to} />
              </div>
              <TableScroll label={t('monitoring.history.childrenCaption', { children: t(`monitoring.children.${data.scope.level}`), name: data.scope.name })}>
                <table className="table table-sm table-hover" data-testid="history-children">
                  <caption>{t('monitoring.history.childrenCaption', { children: t(`monitoring.children.${data.scope.level}`), name: data.scope.name })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t(`monitoring.level.${data.children[0]!.level}`)}</th>
                      <th scope="col" className="text-end">{t('monitoring.figures.offered')}</th>
                      <th scope="col" className="text-end">{t('monitoring.figures.booked')}</th>
                      <th scope="col" className="text-end">{t('monitoring.figures.fillRate')}</th>
                      <th scope="col" className="text-end">{t('monitoring.figures.served')}</th>
                      <th scope="col" className="text-end">{t('monitoring.figures.noAnswerRate')}</th>
                      <th scope="col" className="text-end">{t('monitoring.figures.p90Call')}</th>
                      <th scope="col" className="text-end">{t('monitoring.figures.overrunRate')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.children.map((c) => (
                      <tr key={c.id}>
                        <th scope="row">
                          <Link to={href(c)}>{c.name}</Link>
                        </th>
                        <td className="text-end">{formatInt(c.offered, lang)}</td>
                        <td className="text-end">{formatInt(c.booked, lang)}</td>
                        <td className="text-end">{formatPercent(c.fillRate, lang)}</td>
                        <td className="text-end">{formatInt(c.served, lang)}</td>
                        <td className="text-end">{formatPercent(c.noAnswerRate, lang)}</td>
                        <td className="text-end">{formatDuration(c.p90CallSec)}</td>
                        <td className="text-end">{formatPercent(c.overrunRate, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </section>
          )}
        </div>
      )}
    </>
  );
}

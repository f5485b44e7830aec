/** The slot-length report: per desk, real call durations against the slot, in a sentence, a histogram and tables. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { staffApi, useStaffData } from '../../staff/api';
import { BASE, query, scoped, type DeskSlotLength } from './api';
import { HistogramChart } from './charts';
import { ExportLinks, InlineLoading, Problem, RangeForm, ScopeCrumbs, TableScroll, useRange, useRangeText, useScope } from './common';
import { formatDuration, formatInt, formatPercent, slotSentence } from './format';

function DeskReport({ desk, open: initiallyOpen }: { desk: DeskSlotLength; open: boolean }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [open, setOpen] = useState(initiallyOpen);
  const name = t('monitoring.slot.desk', { office: desk.officeName, desk: desk.deskName });
  const labels = desk.histogram.map((b) => t('monitoring.slot.binLabel', { from: b.fromMin, to: b.toMin }));
  return (
    <details className="mon-desk mb-3" open={initiallyOpen} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)} data-testid={`slot-desk-${desk.deskId}`}>
      <summary>
        <span className="fw-semibold">{name}</span>
        <span className="d-block small" data-testid="slot-sentence">
          {slotSentence(desk, t, lang)}
        </span>
      </summary>
      {open && desk.histogram.length > 0 && (
        <div className="pt-3 row g-3">
          <figure className="col-12 col-lg-8 mb-0">
            <figcaption className="h6">{t('monitoring.slot.chart', { desk: name })}</figcaption>
            <HistogramChart
              testId={`histogram-${desk.deskId}`}
              labels={labels}
              counts={desk.histogram.map((b) => b.count)}
              beyond={desk.histogram.map((b) => b.fromMin >= desk.slotMinutes)}
              withinLabel={t('monitoring.slot.within')}
              beyondLabel={t('monitoring.slot.beyond')}
              summary={t('monitoring.slot.chartSummary', { desk: name, slot: desk.slotMinutes })}
            />
          </figure>
          <div className="col-12 col-lg-4">
            <TableScroll label={t('monitoring.slot.histCaption', { desk: name })}>
              <table className="table table-sm mon-narrow">
                <caption>{t('monitoring.slot.histCaption', { desk: name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('monitoring.slot.bin')}</th>
                    <th scope="col" className="text-end">{t('monitoring.slot.count')}</th>
                    <th scope="col">{t('monitoring.slot.slotMinutes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {desk.histogram.map((b, i) => (
                    <tr key={b.fromMin}>
                      <th scope="row">{labels[i]}</th>
                      <td className="text-end">{formatInt(b.count, lang)}</td>
                      <td>{b.fromMin >= desk.slotMinutes ? t('monitoring.slot.beyond') : t('monitoring.slot.within')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </div>
        </div>
      )}
    </details>
  );
}

export default function SlotLengthView() {
  const { t } = useTranslation();
  const lang = currentLang();
  const scope = useScope();
  const range = useRange();
  const rangeText = useRangeText(range);
  const { data, error, loading, reload } = useStaffData(`${BASE}/slot-length${query({ scope, from: range.from, to: range.to })}`, () =>
    staffApi.GET('/api/monitoring/slot-length', { params: { query: { ...scoped(scope), from: range.from, to: range.to } } }));
  useTitle(data ? `${t('monitoring.slot.title')}: ${data.scope.name}` : t('monitoring.slot.title'));
  const scopeParam = scope ?? (data ? `${data.scope.level}:${data.scope.id}` : null);
  const withCalls = data ? data.desks.filter((d) => d.calls > 0) : [];

  return (
    <>
      {data && <ScopeCrumbs scope={data.scope} />}
      <p>{t('monitoring.slot.lead')}</p>
      <RangeForm withGranularity={false} key={`${range.from}|${range.to}`} />
      {error && <Problem error={error} retry={reload} />}
      {loading && !data && <InlineLoading />}
      {data && (
        <div aria-busy={loading}>
          <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-2">
            <h2 className="h4 mb-0">{rangeText}</h2>
            <ExportLinks table="slot-length" scope={scopeParam} from={range.from} to={range.to} />
          </div>
          {data.desks.length === 0 ? (
            <p>{t('monitoring.slot.none')}</p>
          ) : (
            <TableScroll label={t('monitoring.slot.summaryCaption', { range: rangeText })}>
              <table className="table table-sm" data-testid="slot-table">
                <caption>{t('monitoring.slot.summaryCaption', { range: rangeText })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('monitoring.level.desk')}</th>
                    <th scope="col" className="text-end">{t('monitoring.slot.slotMinutes')}</th>
                    <th scope="col" className="text-end">{t('monitoring.slot.calls')}</th>
                    <th scope="col" className="text-end">{t('monitoring.slot.mean')}</th>
                    <th scope="col" className="text-end">{t('monitoring.slot.p50')}</th>
                    <th scope="col" className="text-end">{t('monitoring.slot.p90')}</th>
                    <th scope="col" className="text-end">{t('monitoring.slot.overrun')}</th>
                    <th scope="col" className="text-end">{t('monitoring.slot.covering90')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.desks.map((d) => (
                    <tr key={d.deskId}>
                      <th scope="row">{t('monitoring.slot.desk', { office: d.officeName, desk: d.deskName })}</th>
                      <td className="text-end">{t('monitoring.slot.minutes', { count: d.slotMinutes })}</td>
                      <td className="text-end">{formatInt(d.calls, lang)}</td>
                      <td className="text-end">{formatDuration(d.meanSec)}</td>
                      <td className="text-end">{formatDuration(d.p50Sec)}</td>
                      <td className="text-end">{formatDuration(d.p90Sec)}</td>
                      <td className="text-end">{formatPercent(d.overrunShare, lang)}</td>
                      <td className="text-end">{d.minutesCovering90 === null ? '—' : t('monitoring.slot.minutes', { count: d.minutesCovering90 })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          {withCalls.length > 0 && (
            <section className="mt-4" aria-label={t('monitoring.slot.title')}>
              <div className="mb-2">
                <ExportLinks table="slot-length-histogram" scope={scopeParam} from={range.from} to={range.to} labelled />
              </div>
              {withCalls.map((d) => (
                <DeskReport key={d.deskId} desk={d} open={withCalls.length <= 3} />
              ))}
            </section>
          )}
        </div>
      )}
    </>
  );
}

/** The planner's evidence: the handling-time distribution with the slot drawn on it, the phases, the figures and the hidden demand — each plot with its table. */
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import { TableScroll } from './common';
import { formatDuration, formatInt, formatPercent } from './format';
import type { HandlingReport, PhaseKey, Sample } from './planningApi';
import { DistributionPlot } from './planningCharts';

const PHASES: PhaseKey[] = ['reach', 'identification', 'talk', 'afterCallWork', 'total'];

function Quantile({ q }: { q: Sample['p50'] }) {
  const { t } = useTranslation();
  if (q.value === null) return <>—</>;
  return (
    <>
      {formatDuration(q.value)}
      {q.ci && <span className="d-block small text-muted-aa">{t('planning.ci', { low: formatDuration(q.ci.low), high: formatDuration(q.ci.high) })}</span>}
    </>
  );
}

export function HandlingEvidence({ report, idPrefix }: { report: HandlingReport; idPrefix: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const h = report.handling;
  const slot = report.slotMinutes;
  const total = h.phases.total;
  return (
    <>
      {h.tooSmall && <div className="alert alert-warning" role="status" data-testid="too-small">{t('planning.tooSmall', { n: total.n })}</div>}
      <div className="row g-3">
        <figure className="col-12 col-lg-8 mb-0">
          <figcaption className="h5">{t('planning.distribution')}</figcaption>
          <DistributionPlot
            testId={`${idPrefix}-distribution`}
            bins={h.histogram}
            slotMinutes={slot}
            cover90={h.cover90.minutes}
            summary={t('planning.distributionSummary', { n: total.n, slot: slot ?? '—', cover: h.cover90.minutes ?? '—' })}
            slotLabel={t('planning.slotLine', { slot: slot ?? '—' })}
            coverLabel={t('planning.coverLine', { cover: h.cover90.minutes ?? '—' })}
            xLabel={t('planning.minutes')}
            yLabel={t('planning.calls')}
          />
        </figure>
        <div className="col-12 col-lg-4">
          <TableScroll label={t('planning.distribution')}>
            <table className="table table-sm mon-narrow" data-testid={`${idPrefix}-distribution-table`}>
              <caption>{t('planning.distribution')}</caption>
              <thead>
                <tr><th scope="col">{t('planning.minute')}</th><th scope="col" className="text-end">{t('planning.calls')}</th><th scope="col">{t('planning.overSlot')}</th></tr>
              </thead>
              <tbody>
                {h.histogram.map((b) => (
                  <tr key={b.fromMin}>
                    <th scope="row">{`${b.fromMin}–${b.fromMin + 1}`}</th>
                    <td className="text-end">{formatInt(b.count, lang)}</td>
                    <td>{slot !== null && b.fromMin >= slot ? t('planning.yes') : t('planning.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </div>
      </div>

      <h3 className="h5 mt-4">{t('planning.phases')}</h3>
      <TableScroll label={t('planning.phases')}>
        <table className="table table-sm" data-testid={`${idPrefix}-phases`}>
          <caption>{t('planning.phases')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('planning.phase')}</th>
              <th scope="col" className="text-end">{t('planning.n')}</th>
              <th scope="col" className="text-end">{t('planning.median')}</th>
              <th scope="col" className="text-end">{t('planning.p90')}</th>
              <th scope="col" className="text-end">{t('planning.p95')}</th>
            </tr>
          </thead>
          <tbody>
            {PHASES.map((p) => (
              <tr key={p}>
                <th scope="row">{t(`planning.phase_${p}`)}</th>
                <td className="text-end">{formatInt(h.phases[p].n, lang)}</td>
                <td className="text-end"><Quantile q={h.phases[p].p50} /></td>
                <td className="text-end"><Quantile q={h.phases[p].p90} /></td>
                <td className="text-end"><Quantile q={h.phases[p].p95} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <div className="row g-3 mt-1">
        <div className="col-12 col-lg-6">
          <h3 className="h5">{t('planning.figures')}</h3>
          <dl className="plan-figures" data-testid={`${idPrefix}-figures`}>
            <dt>{t('planning.overrun')}</dt>
            <dd>
              {h.overrun
                ? t('planning.overrunValue', { share: formatPercent(h.overrun.share, lang), low: formatPercent(h.overrun.low, lang), high: formatPercent(h.overrun.high, lang), excess: formatDuration(h.overrunMeanSec ?? 0) })
                : '—'}
            </dd>
            <dt>{t('planning.cover90')}</dt>
            <dd>{h.cover90.minutes === null ? '—' : t('planning.coverValue', { ...h.cover90 })}</dd>
            <dt>{t('planning.cover95')}</dt>
            <dd>{h.cover95.minutes === null ? '—' : t('planning.coverValue', { ...h.cover95 })}</dd>
            <dt>{t('planning.attempts')}</dt>
            <dd>{h.attemptsPerBooking === null ? '—' : h.attemptsPerBooking.toLocaleString(lang === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: 2 })}</dd>
          </dl>
        </div>
        <div className="col-12 col-lg-6">
          <TableScroll label={t('planning.hidden')}>
            <table className="table table-sm" data-testid={`${idPrefix}-hidden`}>
              <caption>{t('planning.hidden')}</caption>
              <tbody>
                <tr data-testid={`${idPrefix}-full-refusals`}>
                  <th scope="row">{t('planning.fullRefusals')}</th>
                  <td className="text-end">{formatInt(report.hidden.fullRefusals, lang)}</td>
                </tr>
                {(['web', 'reception', 'patronato', 'staff'] as const).map((k) => (
                  <tr key={k} data-testid={`${idPrefix}-full-refusals-${k}`}>
                    <th scope="row" className="ps-4 fw-normal">{t(`planning.refusedBy_${k}`)}</th>
                    <td className="text-end">{formatInt(report.hidden.fullRefusalsBySource[k], lang)}</td>
                  </tr>
                ))}
                {(['waitlistJoins', 'contactRefusals', 'noAnswers', 'secondLevel'] as const).map((k) => (
                  <tr key={k}><th scope="row">{t(`planning.${k}`)}</th><td className="text-end">{formatInt(report.hidden[k], lang)}</td></tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </div>
      </div>
    </>
  );
}

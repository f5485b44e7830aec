/** "Relazione sul servizio": a printable report per office — the question, the data, the answer, the method. */
import { useTranslation } from 'react-i18next';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { staffApi, useStaffData } from '../../staff/api';
import { BASE, query } from './api';
import { InlineLoading, Problem, useRange, useScope } from './common';
import { formatDate, formatInt, formatPercent } from './format';
import { HandlingEvidence } from './PlanningHandling';
import { OfficeAnswer, OfficePlanView } from './PlanningOffice';

export default function ServiceReport() {
  const { t } = useTranslation();
  const lang = currentLang();
  const scope = useScope();
  const range = useRange();
  const office = scope?.startsWith('office:') || scope?.startsWith('desk:') ? scope : null;
  const handling = useStaffData(office ? `${BASE}/handling${query({ scope: office, from: range.from, to: range.to })}` : null, () =>
    staffApi.GET('/api/monitoring/handling', { params: { query: { scope: office!, from: range.from, to: range.to } } }));
  const plan = useStaffData(office ? `${BASE}/planning${query({ scope: office })}` : null, () =>
    staffApi.GET('/api/monitoring/planning', { params: { query: { scope: office! } } }));
  const h = handling.data;
  const p = plan.data;
  const o = p?.offices[0];
  useTitle(o ? t('planning.report', { office: o.officeName }) : t('planning.title'));
  if (!office) return <p>{t('planning.noOffice')}</p>;
  const methods = t('planning.methodText', { returnObjects: true }) as unknown as string[];
  const desksWithError = p?.desks.filter((d) => d.forecastError.mae !== null) ?? [];
  const mae = desksWithError.length ? desksWithError.reduce((s, d) => s + d.forecastError.mae!, 0) / desksWithError.length : null;
  const mapes = desksWithError.filter((d) => d.forecastError.mape !== null);
  const mape = mapes.length ? mapes.reduce((s, d) => s + d.forecastError.mape!, 0) / mapes.length : null;
  return (
    <article className="plan-report" data-testid="service-report">
      {(handling.error || plan.error) && <Problem error={(handling.error ?? plan.error)!} retry={() => { handling.reload(); plan.reload(); }} />}
      {(!h || !p) && !(handling.error || plan.error) && <InlineLoading />}
      {h && p && o && (
        <>
          <div className="d-flex flex-wrap justify-content-between align-items-start gap-2">
            <h2 className="h3">{t('planning.report', { office: o.officeName })}</h2>
            <button type="button" className="btn btn-primary plan-noprint" onClick={() => window.print()}>{t('planning.print')}</button>
          </div>
          <section aria-labelledby="r-question">
            <h3 id="r-question" className="h4">{t('planning.question')}</h3>
            <p>{t('planning.questionText', { slot: o.story.slotMinutes, days: p.targets.leadDays })}</p>
          </section>
          <section aria-labelledby="r-answer">
            <h3 id="r-answer" className="h4">{t('planning.answer')}</h3>
            <OfficeAnswer office={o} />
          </section>
          <section aria-labelledby="r-data">
            <h3 id="r-data" className="h4">{t('planning.data')}</h3>
            <p>{t('planning.dataText', { from: formatDate(h.from, lang), to: formatDate(h.to, lang), office: o.officeName, calls: h.handling.answeredCalls })}</p>
            <p data-testid="report-hidden-text">
              {t('planning.hiddenText', {
                refusals: formatInt(h.hidden.fullRefusals, lang),
                ...Object.fromEntries((['web', 'reception', 'patronato', 'staff'] as const).map((k) => [k, formatInt(h.hidden.fullRefusalsBySource[k], lang)])),
                joins: formatInt(h.hidden.waitlistJoins, lang),
              })}
            </p>
            <HandlingEvidence report={h} idPrefix="report" />
            <OfficePlanView office={o} plan={p} />
          </section>
          <section aria-labelledby="r-method" className="plan-method">
            <h3 id="r-method" className="h4">{t('planning.method')}</h3>
            <ul>{methods.map((m) => <li key={m}>{m}</li>)}</ul>
            <p>{mae === null ? t('planning.noForecast') : t('planning.forecastError', { mae: mae.toFixed(1), mape: mape === null ? '—' : formatPercent(mape, lang) })}</p>
            <p className="small">{t('planning.generated', { date: formatDate(p.today, lang) })}</p>
          </section>
        </>
      )}
    </article>
  );
}

/** The "Pianificazione" tab: the whole handling time against the slot, the demand the calendar hides, and per office the plan — with the answer in words and a printable report. */
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { staffApi, useStaffData } from '../../staff/api';
import { BASE, query, scoped } from './api';
import { InlineLoading, Problem, RangeForm, ScopeCrumbs, TableScroll, useRange, useRangeText, useScope } from './common';
import { formatDuration, formatPercent, scopeParam } from './format';
import { MONITORING_PATH } from './navLink';
import { HandlingEvidence } from './PlanningHandling';
import { OfficeAnswer, OfficePlanView } from './PlanningOffice';
import { WhatIfPanel, type WhatIfTarget } from './PlanningWhatIf';

export default function PlanningView() {
  const { t } = useTranslation();
  const lang = currentLang();
  const scope = useScope();
  const range = useRange();
  const rangeText = useRangeText(range);
  const { search } = useLocation();
  const handling = useStaffData(`${BASE}/handling${query({ scope, from: range.from, to: range.to })}`, () =>
    staffApi.GET('/api/monitoring/handling', { params: { query: { ...scoped(scope), from: range.from, to: range.to } } }));
  const plan = useStaffData(`${BASE}/planning${query({ scope })}`, () => staffApi.GET('/api/monitoring/planning', { params: { query: scoped(scope) } }));
  const h = handling.data;
  const p = plan.data;
  useTitle(h ? `${t('planning.title')}: ${h.scope.name}` : t('planning.title'));
  const reportHref = (officeId: string) => {
    const next = new URLSearchParams(search);
    next.set('scope', scopeParam({ level: 'office', id: officeId }));
    return `${MONITORING_PATH}/relazione?${next.toString()}`;
  };
  // The what-if replays an office or a desk: those of the plan, the one looked at first.
  const targets: WhatIfTarget[] = p
    ? [
        ...p.offices.map((o): WhatIfTarget => ({ value: scopeParam({ level: 'office', id: o.officeId }), label: o.officeName, group: 'office' })),
        ...p.desks.map((d): WhatIfTarget => ({ value: scopeParam({ level: 'desk', id: d.deskId }), label: `${d.deskName} (${d.officeName})`, group: 'desk' })),
      ]
    : [];
  const initialTarget = targets.find((x) => x.value === scope)?.value ?? targets[0]?.value ?? '';
  return (
    <>
      {h && <ScopeCrumbs scope={h.scope} />}
      <p>{t('planning.lead', { days: p?.targets.leadDays ?? 3 })}</p>
      <RangeForm withGranularity={false} key={`${range.from}|${range.to}`} />
      {handling.error && <Problem error={handling.error} retry={handling.reload} />}
      {plan.error && <Problem error={plan.error} retry={plan.reload} />}
      {(handling.loading || plan.loading) && !(h && p) && <InlineLoading />}
      {p && p.offices.length > 0 && (
        <section aria-labelledby="plan-answer" className="mb-4">
          <h2 id="plan-answer" className="h4">{t('planning.answer')}</h2>
          {p.offices.map((o) => (
            <div key={o.officeId} className="plan-office-answer">
              <OfficeAnswer office={o} />
              <Link to={reportHref(o.officeId)} data-testid={`report-link-${o.officeId}`}>{t('planning.reportLink')}: {o.officeName}</Link>
            </div>
          ))}
        </section>
      )}
      {h && (
        <section aria-labelledby="plan-evidence" aria-busy={handling.loading}>
          <h2 id="plan-evidence" className="h4">{rangeText}</h2>
          {h.handling.calls === 0 ? <p>{t('planning.none')}</p> : <HandlingEvidence report={h} idPrefix="node" />}
          {h.children.length > 0 && (
            <TableScroll label={t('planning.children', { level: t(`monitoring.level.${h.children[0]!.level}`) })}>
              <table className="table table-sm mt-3" data-testid="plan-children">
                <caption>{t('planning.children', { level: t(`monitoring.level.${h.children[0]!.level}`) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t(`monitoring.level.${h.children[0]!.level}`)}</th>
                    <th scope="col" className="text-end">{t('planning.calls')}</th>
                    <th scope="col" className="text-end">{t('planning.median')}</th>
                    <th scope="col" className="text-end">{t('planning.p90')}</th>
                    <th scope="col" className="text-end">{t('planning.overrun')}</th>
                    <th scope="col" className="text-end">{t('planning.cover90')}</th>
                    <th scope="col" className="text-end">{t('planning.fullRefusalsShort')}</th>
                  </tr>
                </thead>
                <tbody>
                  {h.children.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">{c.name}</th>
                      <td className="text-end">{c.handling.answeredCalls}</td>
                      <td className="text-end">{formatDuration(c.handling.medianSec)}</td>
                      <td className="text-end">{formatDuration(c.handling.p90Sec)}</td>
                      <td className="text-end">{c.handling.overrunShare === null ? '—' : formatPercent(c.handling.overrunShare, lang)}</td>
                      <td className="text-end">{c.handling.cover90 === null ? '—' : `${c.handling.cover90} min`}</td>
                      <td className="text-end">{c.hidden.fullRefusals}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </section>
      )}
      {p && p.offices.length <= 3 && p.offices.map((o) => (
        <section key={o.officeId} aria-labelledby={`plan-${o.officeId}`} className="mt-4">
          <h2 id={`plan-${o.officeId}`} className="h4">{t('planning.office')}: {o.officeName}</h2>
          <OfficePlanView office={o} plan={p} />
        </section>
      ))}
      {p && targets.length > 0 && <WhatIfPanel key={scope ?? ''} targets={targets} initial={initialTarget} />}
    </>
  );
}

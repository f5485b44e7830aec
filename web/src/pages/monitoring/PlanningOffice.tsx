/** An office's plan: the answer in words, the wait ahead per slot length, operators per hour — each plot with its table. */
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import { TableScroll } from './common';
import { formatInt, formatPercent } from './format';
import type { CapacityPlan, OfficePlan } from './planningApi';
import { LeadPlot, OperatorsPlot } from './planningCharts';

export function OfficeAnswer({ office }: { office: OfficePlan }) {
  const lang = currentLang();
  return <p className="lead plan-answer" data-testid={`answer-${office.officeId}`}>{office.answer[lang]}</p>;
}

export function OfficePlanView({ office, plan }: { office: OfficePlan; plan: CapacityPlan }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const days = plan.targets.leadDays;
  const chosen = office.options.find((o) => o.slotMinutes === office.story.chosenSlotMinutes) ?? office.options.find((o) => o.slotMinutes === office.story.slotMinutes) ?? office.options[0];
  const n = Math.max(0, ...office.options.map((o) => o.leadToday.length));
  const label = (slot: number) => t('planning.option', { slot });
  const id = office.officeId;
  return (
    <>
      <div className="row g-3">
        <figure className="col-12 col-xl-7 mb-0">
          <figcaption className="h5">{t('planning.leadPlot')}</figcaption>
          <LeadPlot
            testId={`lead-${id}`}
            series={office.options.map((o) => ({ label: label(o.slotMinutes), values: o.leadToday }))}
            target={days}
            targetLabel={t('planning.leadTarget', { days })}
            summary={t('planning.leadSummary', { options: office.options.map((o) => label(o.slotMinutes)).join(', '), days })}
            xLabel={t('planning.day')}
            yLabel={t('planning.waitDays')}
          />
        </figure>
        <div className="col-12 col-xl-5">
          <TableScroll label={t('planning.leadPlot')}>
            <table className="table table-sm mon-narrow" data-testid={`lead-table-${id}`}>
              <caption>{t('planning.leadPlot')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('planning.day')}</th>
                  {office.options.map((o) => <th key={o.slotMinutes} scope="col" className="text-end">{label(o.slotMinutes)}</th>)}
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: n }, (_, i) => (
                  <tr key={i}>
                    <th scope="row">{i + 1}</th>
                    {office.options.map((o) => <td key={o.slotMinutes} className="text-end">{o.leadToday[i] ?? '—'}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </div>
      </div>

      {chosen && (
        <div className="row g-3 mt-2">
          <figure className="col-12 col-xl-7 mb-0">
            <figcaption className="h5">{t('planning.operatorsPlot', { slot: chosen.slotMinutes })}</figcaption>
            <OperatorsPlot
              testId={`operators-${id}`}
              hours={chosen.hours}
              summary={t('planning.operatorsSummary', { slot: chosen.slotMinutes })}
              todayLabel={t('planning.operatorsToday')}
              neededLabel={t('planning.operatorsNeeded')}
              yLabel={t('planning.operatorsNeeded')}
            />
          </figure>
          <div className="col-12 col-xl-5">
            <TableScroll label={t('planning.operatorsPlot', { slot: chosen.slotMinutes })}>
              <table className="table table-sm mon-narrow" data-testid={`operators-table-${id}`}>
                <caption>{t('planning.operatorsPlot', { slot: chosen.slotMinutes })}</caption>
                <thead>
                  <tr><th scope="col">{t('planning.hour')}</th><th scope="col" className="text-end">{t('planning.operatorsToday')}</th><th scope="col" className="text-end">{t('planning.operatorsNeeded')}</th></tr>
                </thead>
                <tbody>
                  {chosen.hours.map((h) => (
                    <tr key={h.hour}><th scope="row">{`${h.hour}–${h.hour + 1}`}</th><td className="text-end">{formatInt(h.today, lang)}</td><td className="text-end">{formatInt(h.needed, lang)}</td></tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </div>
        </div>
      )}

      <TableScroll label={t('planning.options')}>
        <table className="table table-sm mt-3" data-testid={`options-${id}`}>
          <caption>{t('planning.options')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('planning.slot')}</th>
              <th scope="col" className="text-end">{t('planning.overrun')}</th>
              <th scope="col">{t('planning.fits')}</th>
              <th scope="col" className="text-end">{t('planning.maxLead')}</th>
              <th scope="col">{t('planning.meetsLead', { days })}</th>
            </tr>
          </thead>
          <tbody>
            {office.options.map((o) => (
              <tr key={o.slotMinutes}>
                <th scope="row">{label(o.slotMinutes)}</th>
                <td className="text-end">{o.overrunShare === null ? '—' : formatPercent(o.overrunShare, lang)}</td>
                <td>{o.fits ? t('planning.yes') : t('planning.no')}</td>
                <td className="text-end">{o.leadToday.length ? Math.max(...o.leadToday) : '—'}</td>
                <td>{o.meetsLead ? t('planning.yes') : t('planning.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

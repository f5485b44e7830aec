/**
 * "Simulazione (what-if)": replays a past period at an office or a desk (GET /api/monitoring/what-if,
 * docs/planning.md §3) — as it was, checked against what happened (the prediction error, in words),
 * and with a change of slot length and/or operators per slot; a plot and its table.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import { todayInRome } from '../../lib/time';
import { staffApi, useStaffData } from '../../staff/api';
import { InlineLoading, Problem, TableScroll } from './common';
import { formatDate, formatDuration, formatInt, formatPercent } from './format';
import type { ActualFigures, SimFigures, WhatIfReplay } from './planningApi';
import { ScenarioBars } from './planningCharts';
import { formatDecimal, formatRange, formatSigned, lastCompleteWeeks, MAX_REPLAY_DAYS, WHAT_IF_SLOTS, whatIfProblem, whatIfQuery, type WhatIfForm, type WhatIfQuery } from './whatIf';

export interface WhatIfTarget {
  /** `office:<id>` or `desk:<id>`. */
  value: string;
  label: string;
  group: 'office' | 'desk';
}

export function WhatIfPanel({ targets, initial }: { targets: WhatIfTarget[]; initial: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [form, setForm] = useState<WhatIfForm>(() => ({ target: initial, ...lastCompleteWeeks(todayInRome()), slotMinutes: '', operators: '', seed: '1' }));
  const [problem, setProblem] = useState<string | null>(null);
  const [asked, setAsked] = useState<WhatIfQuery | null>(null);
  const askedKey = asked && JSON.stringify(asked);
  const replay = useStaffData(askedKey, () => staffApi.GET('/api/monitoring/what-if', { params: { query: asked! } }));
  const set = (k: keyof WhatIfForm) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = whatIfProblem(form);
    setProblem(p);
    if (p) return;
    const q = whatIfQuery(form);
    if (JSON.stringify(q) === askedKey) replay.reload();
    else setAsked(q);
  };
  const invalid = (field: string) => (problem !== null && field.split(' ').includes(problem) ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-problem` } : {});
  const offices = targets.filter((x) => x.group === 'office');
  const desks = targets.filter((x) => x.group === 'desk');
  return (
    <section aria-labelledby={`${id}-title`} className="mt-5" data-testid="what-if">
      <h2 id={`${id}-title`} className="h4">{t('planning.whatIf_title')}</h2>
      <p>{t('planning.whatIf_lead')}</p>
      <form className="mon-range mb-3" onSubmit={submit} noValidate aria-labelledby={`${id}-form`}>
        <h3 className="h6 mb-3" id={`${id}-form`}>{t('planning.whatIf_form')}</h3>
        <div className="row g-3 align-items-start">
          <div className="col-12 col-md-6 col-xl-4">
            <label htmlFor={`${id}-target`} className="form-label mon-label">{t('planning.whatIf_target')}</label>
            <select id={`${id}-target`} className="form-select" value={form.target} onChange={set('target')} {...invalid('target')}>
              {offices.length > 0 && (
                <optgroup label={t('planning.whatIf_offices')}>
                  {offices.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                </optgroup>
              )}
              {desks.length > 0 && (
                <optgroup label={t('planning.whatIf_desks')}>
                  {desks.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                </optgroup>
              )}
            </select>
          </div>
          <div className="col-6 col-md-3 col-xl-2">
            <label htmlFor={`${id}-from`} className="form-label mon-label">{t('planning.whatIf_from')}</label>
            <input id={`${id}-from`} type="date" className="form-control" value={form.from} onChange={set('from')} aria-describedby={`${id}-period`} {...invalid('dates order')} />
          </div>
          <div className="col-6 col-md-3 col-xl-2">
            <label htmlFor={`${id}-to`} className="form-label mon-label">{t('planning.whatIf_to')}</label>
            <input id={`${id}-to`} type="date" className="form-control" value={form.to} onChange={set('to')} aria-describedby={`${id}-period`} {...invalid('dates order')} />
          </div>
          <div className="col-12 col-xl-4 form-text mt-xl-5" id={`${id}-period`}>{t('planning.whatIf_periodHint', { days: MAX_REPLAY_DAYS })}</div>
          <div className="col-12 col-md-4">
            <label htmlFor={`${id}-slot`} className="form-label mon-label">{t('planning.whatIf_slot')}</label>
            <select id={`${id}-slot`} className="form-select" value={form.slotMinutes} onChange={set('slotMinutes')}>
              <option value="">{t('planning.whatIf_asItWas')}</option>
              {WHAT_IF_SLOTS.map((m) => <option key={m} value={String(m)}>{t('planning.whatIf_slotOption', { slot: m })}</option>)}
            </select>
          </div>
          <div className="col-12 col-md-4">
            <label htmlFor={`${id}-operators`} className="form-label mon-label">{t('planning.whatIf_operators')}</label>
            <input id={`${id}-operators`} type="number" inputMode="numeric" min={1} max={50} step={1} className="form-control" value={form.operators} onChange={set('operators')} placeholder={t('planning.whatIf_asItWas')} aria-describedby={`${id}-operators-hint`} {...invalid('operators')} />
            <div className="form-text" id={`${id}-operators-hint`}>{t('planning.whatIf_operatorsHint')}</div>
          </div>
          <div className="col-12 col-md-4">
            <label htmlFor={`${id}-seed`} className="form-label mon-label">{t('planning.whatIf_seed')}</label>
            <input id={`${id}-seed`} type="number" inputMode="numeric" min={0} step={1} className="form-control" value={form.seed} onChange={set('seed')} aria-describedby={`${id}-seed-hint`} {...invalid('seed')} />
            <div className="form-text" id={`${id}-seed-hint`}>{t('planning.whatIf_seedHint')}</div>
          </div>
        </div>
        <button type="submit" className="btn btn-primary mt-3" disabled={replay.loading && asked !== null}>{t('planning.whatIf_submit')}</button>
        {problem && <p id={`${id}-problem`} className="text-danger mt-2 mb-0" role="alert">{t(`planning.whatIf_problem_${problem}`)}</p>}
      </form>
      {asked && replay.error && <Problem error={replay.error} retry={replay.reload} />}
      {asked && replay.loading && <InlineLoading />}
      {asked && replay.data && !replay.error && <WhatIfResult r={replay.data} busy={replay.loading} />}
    </section>
  );
}

function WhatIfResult({ r, busy }: { r: WhatIfReplay; busy: boolean }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const heading = useRef<HTMLHeadingElement>(null);
  // A new result: the reader is taken to it (keyboard and screen reader users too).
  useEffect(() => heading.current?.focus(), [r]);
  const pct = (v: number | null) => (v === null ? '—' : formatPercent(v, lang));
  const days = (v: number | null) => formatDecimal(v, lang);
  const change = [
    r.change.slotMinutes !== null ? t('planning.whatIf_changeSlot', { slot: r.change.slotMinutes }) : null,
    r.change.operators !== null ? t('planning.whatIf_changeOperators', { n: r.change.operators }) : null,
  ].filter(Boolean).join(', ') || t('planning.whatIf_changeNone');
  const scenarios = [t('planning.whatIf_scActual'), t('planning.whatIf_scBaseline'), t('planning.whatIf_scChange')];
  const leads = [r.actual.leadMean, r.baseline.leadMean, r.whatIf.leadMean];
  const overruns = [r.actual.overrunShare, r.baseline.overrunShare, r.whatIf.overrunShare];
  const a = r.actual;
  // A row with no figure at all (the 90th percentile of several desks together) is left out.
  const row = (key: string, f: (x: SimFigures) => string, actual: (x: ActualFigures) => string = () => '—') => {
    const cells = [actual(a), f(r.baseline), f(r.whatIf)];
    if (cells.every((c) => c === '—')) return null;
    return (
      <tr key={key}>
        <th scope="row">{t(`planning.whatIf_row_${key}`)}</th>
        {cells.map((c, i) => <td key={i} className="text-end">{c}</td>)}
      </tr>
    );
  };
  const int = (n: number) => formatInt(n, lang);
  return (
    <div aria-busy={busy} data-testid="what-if-result">
      <h3 className="h5" tabIndex={-1} ref={heading}>
        {t('planning.whatIf_result', { name: r.scope.name, from: formatDate(r.from, lang), to: formatDate(r.to, lang) })}
      </h3>
      <p data-testid="what-if-calendar">
        {t('planning.whatIf_calendar', { slot: formatRange(r.current.slotMinutes), operators: formatRange(r.current.operators), change })}
      </p>
      {a.bookings === 0 ? (
        <p className="alert alert-info" data-testid="what-if-empty">{t('planning.whatIf_empty')}</p>
      ) : (
        <>
          <h4 className="h6">{t('planning.whatIf_check')}</h4>
          <ul data-testid="what-if-error">
            <li>
              {r.error.leadMeanDays === null
                ? t('planning.whatIf_errorLeadNone')
                : t('planning.whatIf_errorLead', { predicted: days(r.baseline.leadMean), actual: days(a.leadMean), error: formatSigned(r.error.leadMeanDays, lang) })}
            </li>
            <li>
              {r.error.overrunShare === null
                ? t('planning.whatIf_errorOverrunNone')
                : t('planning.whatIf_errorOverrun', { predicted: pct(r.baseline.overrunShare), actual: pct(a.overrunShare), error: formatSigned(r.error.overrunShare * 100, lang) })}
            </li>
          </ul>
          <p className="small">{t('planning.whatIf_errorNote')}</p>
          <h4 className="h6">{t('planning.whatIf_outcome')}</h4>
          <p className="plan-answer" data-testid="what-if-answer">
            {t('planning.whatIf_answer', {
              change,
              lead: days(r.whatIf.leadMean),
              leadDiff: r.whatIf.leadMean !== null && r.baseline.leadMean !== null ? formatSigned(r.whatIf.leadMean - r.baseline.leadMean, lang) : '—',
              overrun: pct(r.whatIf.overrunShare),
              overrunDiff: r.whatIf.overrunShare !== null && r.baseline.overrunShare !== null ? formatSigned((r.whatIf.overrunShare - r.baseline.overrunShare) * 100, lang) : '—',
              refused: int(r.whatIf.states.refused),
              refusedBefore: int(r.baseline.states.refused),
            })}
          </p>
          <div className="row g-3">
            <figure className="col-12 col-xl-6 mb-0">
              <figcaption className="h6">{t('planning.whatIf_plot')}</figcaption>
              <ScenarioBars
                testId="what-if-plot"
                scenarios={scenarios}
                panels={[
                  { title: t('planning.whatIf_leadPanel'), values: leads, format: days },
                  { title: t('planning.whatIf_overrunPanel'), values: overruns, format: (v) => formatPercent(v, lang), max: Math.max(0.1, ...overruns.map((v) => v ?? 0)) * 1.15 },
                ]}
                summary={t('planning.whatIf_plotSummary', {
                  s1: scenarios[0], s2: scenarios[1], s3: scenarios[2],
                  l1: days(leads[0]!), l2: days(leads[1]!), l3: days(leads[2]!),
                  o1: pct(overruns[0]!), o2: pct(overruns[1]!), o3: pct(overruns[2]!),
                })}
              />
            </figure>
            <div className="col-12 col-xl-6">
              <TableScroll label={t('planning.whatIf_table')}>
                <table className="table table-sm mon-narrow plan-wrap" data-testid="what-if-table">
                  <caption>{t('planning.whatIf_table')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('planning.whatIf_figure')}</th>
                      {scenarios.map((s) => <th key={s} scope="col" className="text-end">{s}</th>)}
                    </tr>
                  </thead>
                  <tbody>
                    {row('bookings', (x) => int(x.arrivals), (x) => int(x.bookings))}
                    {row('leadMean', (x) => days(x.leadMean), (x) => days(x.leadMean))}
                    {row('leadP90', (x) => (x.leadP90 === null ? '—' : int(x.leadP90)))}
                    {row('overrun', (x) => pct(x.overrunShare), (x) => pct(x.overrunShare))}
                    {row('refused', (x) => int(x.states.refused))}
                    {row('served', (x) => int(x.states.served))}
                    {row('noAnswer', (x) => int(x.states.no_answer))}
                    {row('cancelled', (x) => int(x.states.cancelled))}
                    {row('calls', (x) => int(x.calls))}
                    {row('delay', (x) => formatDuration(x.startDelayMeanSec))}
                  </tbody>
                </table>
              </TableScroll>
            </div>
          </div>
          {r.desks.length > 1 && (
            <TableScroll label={t('planning.whatIf_byDesk')}>
              <table className="table table-sm mt-3" data-testid="what-if-desks">
                <caption>{t('planning.whatIf_byDesk')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('planning.whatIf_desk')}</th>
                    <th scope="col" className="text-end">{t('planning.whatIf_deskSlot')}</th>
                    <th scope="col" className="text-end">{t('planning.whatIf_deskOperators')}</th>
                    {scenarios.map((s) => <th key={`l-${s}`} scope="col" className="text-end">{t('planning.whatIf_deskLead', { scenario: s })}</th>)}
                    {scenarios.map((s) => <th key={`o-${s}`} scope="col" className="text-end">{t('planning.whatIf_deskOverrun', { scenario: s })}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {r.desks.map((d) => (
                    <tr key={d.deskId}>
                      <th scope="row">{d.deskName}</th>
                      <td className="text-end">{d.slotMinutes}</td>
                      <td className="text-end">{formatRange(d.operators)}</td>
                      <td className="text-end">{days(d.actual.leadMean)}</td>
                      <td className="text-end">{days(d.baseline.leadMean)}</td>
                      <td className="text-end">{days(d.whatIf.leadMean)}</td>
                      <td className="text-end">{pct(d.actual.overrunShare)}</td>
                      <td className="text-end">{pct(d.baseline.overrunShare)}</td>
                      <td className="text-end">{pct(d.whatIf.overrunShare)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          <p className="small text-muted-aa mt-2">{t('planning.whatIf_seedUsed', { seed: r.seed, ms: formatInt(r.elapsedMs, lang) })}</p>
        </>
      )}
    </div>
  );
}

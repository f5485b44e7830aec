/**
 * The two-way drawer's SLA figures for the URP (GET /api/staff/drawer/sla): per office of the
 * caller's scope, requests registered in the period, open and overdue now, closed in the period,
 * median hours to the first answer and to closing. Figures only, never the requests' contents.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useTitle } from '../../components/useTitle';
import i18n, { currentLang } from '../../i18n';
import { todayInRome, addDays } from '../../lib/time';
import type { ApiData } from '../../api/client';
import { staffApi, useStaffData } from '../../staff/api';
import { InlineLoading, Problem, TableScroll } from './common';
import { formatInt } from './format';

const strings = {
  it: {
    nav: 'Cassetto', title: 'Cassetto bidirezionale: tempi di risposta', lead: 'Le richieste dei consulenti del lavoro per sede: aperte e scadute adesso, chiuse nel periodo, tempi mediani delle richieste registrate nel periodo.',
    days: 'Periodo', dayOption_one: 'ultimo giorno', dayOption_other: 'ultimi {{count}} giorni', show: 'Mostra',
    caption: 'Tempi di risposta del cassetto per sede, ultimi {{days}} giorni',
    office: 'Sede', registered: 'Registrate', open: 'Aperte ora', overdue: 'Scadute ora', closed: 'Chiuse', firstAnswer: 'Prima risposta (ore, mediana)', close: 'Chiusura (ore, mediana)',
    total: 'Totale', none: 'Nessuna richiesta nel periodo.',
    export: 'Scarica le richieste del periodo (CSV)', exportHint: 'Una riga per richiesta: date, stato, esito, ore al primo riscontro e alla chiusura; mai il contenuto.',
  },
  en: {
    nav: 'Drawer', title: 'Two-way drawer: response times', lead: "Labour consultants' requests per office: open and overdue now, closed in the period, median times of the requests registered in the period.",
    days: 'Period', dayOption_one: 'last day', dayOption_other: 'last {{count}} days', show: 'Show',
    caption: 'Drawer response times per office, last {{days}} days',
    office: 'Office', registered: 'Registered', open: 'Open now', overdue: 'Overdue now', closed: 'Closed', firstAnswer: 'First answer (hours, median)', close: 'Closing (hours, median)',
    total: 'Total', none: 'No request in the period.',
    export: "Download the period's requests (CSV)", exportHint: 'One row per request: dates, state, outcome, hours to the first answer and to closing; never the contents.',
  },
};
i18n.addResourceBundle('it', 'translation', { drawerSla: strings.it }, true, false);
i18n.addResourceBundle('en', 'translation', { drawerSla: strings.en }, true, false);

type Figures = ApiData<'/api/staff/drawer/sla'>['total'];

const CHOICES = [7, 30, 90] as const;

export default function DrawerSlaView() {
  const { t } = useTranslation();
  const lang = currentLang();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const n = Number(params.get('giorni'));
  const days = (CHOICES as readonly number[]).includes(n) ? n : 30;
  const to = todayInRome();
  const from = addDays(to, -(days - 1));
  const { data, error, loading, reload } = useStaffData(`/api/staff/drawer/sla?from=${from}&to=${to}`, () => staffApi.GET('/api/staff/drawer/sla', { params: { query: { from, to } } }));
  useTitle(t('drawerSla.title'));
  const hours = (h: number | null) => (h === null ? '—' : new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: 1 }).format(h));
  const row = (f: Figures) => (
    <>
      <td className="text-end">{formatInt(f.registered, lang)}</td>
      <td className="text-end">{formatInt(f.open, lang)}</td>
      <td className="text-end">{formatInt(f.overdue, lang)}</td>
      <td className="text-end">{formatInt(f.closed, lang)}</td>
      <td className="text-end">{hours(f.medianFirstAnswerHours)}</td>
      <td className="text-end">{hours(f.medianCloseHours)}</td>
    </>
  );
  return (
    <>
      <h2 className="h4">{t('drawerSla.title')}</h2>
      <p>{t('drawerSla.lead')}</p>
      <form className="d-flex flex-wrap align-items-end gap-2 mb-3" onSubmit={(e) => {
        e.preventDefault();
        const next = new URLSearchParams(params);
        next.set('giorni', String(new FormData(e.currentTarget).get('giorni')));
        setParams(next);
      }}>
        <div>
          <label htmlFor={`${id}-days`} className="form-label mb-1">{t('drawerSla.days')}</label>
          <select id={`${id}-days`} name="giorni" className="form-select" defaultValue={String(days)} key={days}>
            {CHOICES.map((c) => <option key={c} value={c}>{t('drawerSla.dayOption', { count: c })}</option>)}
          </select>
        </div>
        <button type="submit" className="btn btn-primary">{t('drawerSla.show')}</button>
      </form>
      {/* The same period as the table, for a spreadsheet (GET /api/staff/drawer/export: figures and dates, no contents). */}
      <p className="mb-3">
        <a className="btn btn-outline-primary" href={`/api/staff/drawer/export?from=${from}&to=${to}`} download>{t('drawerSla.export')}</a>
        <span className="d-block form-text">{t('drawerSla.exportHint')}</span>
      </p>
      {error && <Problem error={error} retry={reload} />}
      {loading && !data && <InlineLoading />}
      {data && (data.offices.length === 0 ? <p>{t('drawerSla.none')}</p> : (
        <TableScroll label={t('drawerSla.caption', { days })}>
          <table className="table table-sm">
            <caption className="visually-hidden">{t('drawerSla.caption', { days })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('drawerSla.office')}</th>
                <th scope="col" className="text-end">{t('drawerSla.registered')}</th>
                <th scope="col" className="text-end">{t('drawerSla.open')}</th>
                <th scope="col" className="text-end">{t('drawerSla.overdue')}</th>
                <th scope="col" className="text-end">{t('drawerSla.closed')}</th>
                <th scope="col" className="text-end">{t('drawerSla.firstAnswer')}</th>
                <th scope="col" className="text-end">{t('drawerSla.close')}</th>
              </tr>
            </thead>
            <tbody>
              {data.offices.map((o) => <tr key={o.officeId}><th scope="row">{o.officeName}</th>{row(o)}</tr>)}
            </tbody>
            <tfoot>
              <tr><th scope="row">{t('drawerSla.total')}</th>{row(data.total)}</tr>
            </tfoot>
          </table>
        </TableScroll>
      ))}
    </>
  );
}

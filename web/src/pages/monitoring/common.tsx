/** Pieces shared by the dashboard's views: scope in the URL, breadcrumb, tables, exports, range form, errors. */
import { Breadcrumb, BreadcrumbItem } from 'design-react-kit';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { currentLang } from '../../i18n';
import { todayInRome } from '../../lib/time';
import type { AdminApiError } from '../../staff/api';
import { exportUrl, type ExportTable, type Granularity, type ScopeRef, type ScopeView } from './api';
import { formatDate, isGranularity, parseScope, presetRange, PRESETS, rangeProblem, scopeParam, type Preset } from './format';

/** The `scope` of the URL when it is well formed (else the server's default: the caller's widest node). */
export function useScope(): string | null {
  const [params] = useSearchParams();
  const parsed = parseScope(params.get('scope'));
  return parsed ? scopeParam(parsed) : null;
}

/** The address of the current view looking at another node, the other parameters kept. */
export function useScopeHref(): (ref: Pick<ScopeRef, 'level' | 'id'>) => string {
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  return (ref) => {
    const next = new URLSearchParams(params);
    next.set('scope', scopeParam(ref));
    return `${pathname}?${next.toString()}`;
  };
}

/** Region › province › office › desk: the levels above this user may open are links (only those), the current one is not. */
export function ScopeCrumbs({ scope }: { scope: ScopeView }) {
  const { t } = useTranslation();
  const href = useScopeHref();
  const all: (ScopeRef & { open?: boolean })[] = [...scope.parents, scope];
  return (
    <Breadcrumb aria-label={t('monitoring.crumbs')} className="mb-2 mon-crumbs">
      {all.map((node, i) => {
        const last = i === all.length - 1;
        const label = t('monitoring.scopeOf', { level: t(`monitoring.level.${node.level}`), name: node.name });
        return (
          <BreadcrumbItem key={`${node.level}:${node.id}`} active={last} aria-current={last ? 'page' : undefined}>
            {last || !node.open ? label : <Link to={href(node)}>{label}</Link>}
            {!last && (
              <span className="separator" aria-hidden="true">
                /
              </span>
            )}
          </BreadcrumbItem>
        );
      })}
    </Breadcrumb>
  );
}

/** A table that scrolls sideways on a phone; the scrolling region is focusable and named (keyboard users). */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-responsive mon-table" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** CSV and XLSX download links of one table, with the scope and range being looked at. */
export function ExportLinks(props: {
  table: ExportTable;
  scope: string | null;
  from?: string;
  to?: string;
  granularity?: Granularity;
  /** Say in words what the links download (where no table heading stands beside them). */
  labelled?: boolean;
}) {
  const { t } = useTranslation();
  const name = t(`monitoring.export.tables.${props.table}`);
  const params = { scope: props.scope, from: props.from ?? null, to: props.to ?? null, granularity: props.granularity ?? null };
  return (
    <div className="d-flex flex-wrap align-items-center gap-2 mon-export" role="group" aria-label={t('monitoring.export.label', { table: name })}>
      {props.labelled && <span className="small">{t('monitoring.export.label', { table: name })}</span>}
      {(['csv', 'xlsx'] as const).map((format) => (
        <a
          key={format}
          className="btn btn-outline-primary btn-xs"
          href={exportUrl(props.table, format, params)}
          download
          data-testid={`export-${props.table}-${format}`}
        >
          {t(`monitoring.export.${format}`)}
          <span className="visually-hidden"> – {name}</span>
        </a>
      ))}
    </div>
  );
}

/** A failed request, in the reader's language. */
export function Problem({ error, retry }: { error: AdminApiError; retry?: () => void }) {
  const { t } = useTranslation();
  const text = error.problem ? error.problem.messages[currentLang()] : t('monitoring.networkError');
  return (
    <div className="alert alert-danger" role="alert">
      <p className="mb-0">{text}</p>
      {retry && (
        <button type="button" className="btn btn-primary btn-sm mt-2" onClick={retry}>
          {t('monitoring.retry')}
        </button>
      )}
    </div>
  );
}

export function InlineLoading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="py-2">
      {t('monitoring.loading')}
    </p>
  );
}

export interface Range {
  from: string;
  to: string;
  granularity: Granularity;
}

/** The range of the URL (`from`, `to`, `granularity`), else the last 30 days by day. */
export function useRange(): Range {
  const [params] = useSearchParams();
  const fallback = presetRange('30d', todayInRome());
  const from = params.get('from');
  const to = params.get('to');
  const g = params.get('granularity');
  const ok = from && to && rangeProblem(from, to) === null;
  return { from: ok ? from : fallback.from, to: ok ? to : fallback.to, granularity: isGranularity(g) ? g : fallback.granularity };
}

/** "Dal 27 ottobre 2026 al 26 novembre 2026" */
export function useRangeText(range: Pick<Range, 'from' | 'to'>): string {
  const { t } = useTranslation();
  const lang = currentLang();
  return t('monitoring.range.shown', { from: formatDate(range.from, lang), to: formatDate(range.to, lang) });
}

/** From / to (and granularity) with the quick periods; writes them to the URL, so the view can be shared. */
export function RangeForm({ withGranularity }: { withGranularity: boolean }) {
  const { t } = useTranslation();
  const range = useRange();
  const [params, setParams] = useSearchParams();
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [granularity, setGranularity] = useState<Granularity>(range.granularity);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const apply = (r: Range) => {
    const next = new URLSearchParams(params);
    next.set('from', r.from);
    next.set('to', r.to);
    if (withGranularity) next.set('granularity', r.granularity);
    setParams(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = rangeProblem(from, to);
    setProblem(p);
    if (!p) apply({ from, to, granularity });
  };
  const preset = (p: Preset) => {
    const r = presetRange(p, todayInRome());
    setFrom(r.from);
    setTo(r.to);
    setGranularity(r.granularity);
    setProblem(null);
    apply(r);
  };
  return (
    <form className="mon-range mb-3" onSubmit={submit} noValidate aria-labelledby={`${id}-legend`}>
      <h2 className="h6 mb-2" id={`${id}-legend`}>
        {t('monitoring.range.legend')}
      </h2>
      <div className="d-flex flex-wrap gap-2 mb-3" role="group" aria-label={t('monitoring.range.presets')}>
        {PRESETS.map((p) => (
          <button key={p} type="button" className="btn btn-outline-primary btn-xs" onClick={() => preset(p)}>
            {t(`monitoring.range.${p}`)}
          </button>
        ))}
      </div>
      <div className="d-flex flex-wrap align-items-end gap-3">
        <div>
          <label htmlFor={`${id}-from`} className="form-label mon-label">
            {t('monitoring.range.from')}
          </label>
          <input
            id={`${id}-from`}
            type="date"
            className="form-control"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
          />
        </div>
        <div>
          <label htmlFor={`${id}-to`} className="form-label mon-label">
            {t('monitoring.range.to')}
          </label>
          <input
            id={`${id}-to`}
            type="date"
            className="form-control"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
          />
        </div>
        {withGranularity && (
          <div>
            <label htmlFor={`${id}-g`} className="form-label mon-label">
              {t('monitoring.range.granularity')}
            </label>
            <select id={`${id}-g`} className="form-select" value={granularity} onChange={(e) => setGranularity(e.target.value as Granularity)}>
              {(['day', 'week', 'month'] as const).map((g) => (
                <option key={g} value={g}>
                  {t(`monitoring.range.${g}`)}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" className="btn btn-primary">
          {t('monitoring.range.apply')}
        </button>
      </div>
      {problem && (
        <p id={`${id}-problem`} className="text-danger mt-2 mb-0" role="alert">
          {t(`monitoring.range.${problem}`)}
        </p>
      )}
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import type { paths } from '../../api/client';
import { staffApi, useStaffData } from './adminApi';
import { ProblemMessage } from './ProblemMessage';

type AuditQuery = NonNullable<paths['/api/staff/audit']['get']['parameters']['query']>;

const FIELDS = ['from', 'to', 'actor', 'action', 'outcome', 'resourceId'] as const;
type Filters = Record<(typeof FIELDS)[number], string>;
const EMPTY: Filters = { from: '', to: '', actor: '', action: '', outcome: '', resourceId: '' };

function queryOf(f: Filters): string {
  const p = new URLSearchParams();
  for (const k of FIELDS) if (f[k]) p.set(k, k === 'from' || k === 'to' ? new Date(f[k]).toISOString() : f[k]);
  return p.toString();
}

/** The audit log within the reader's scope: filters, newest first, CSV / JSON-lines export. */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('admin.audit.title'));
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [cursor, setCursor] = useState<string | null>(null);
  const q = queryOf(filters);
  // The filters as the export links send them (the outcome one of the select's values).
  const query: AuditQuery = { limit: 50, ...(Object.fromEntries(new URLSearchParams(q)) as Omit<AuditQuery, 'limit' | 'cursor'>), ...(cursor ? { cursor } : {}) };
  const data = useStaffData(`/api/staff/audit?limit=50${q ? `&${q}` : ''}${cursor ? `&cursor=${cursor}` : ''}`, () => staffApi.GET('/api/staff/audit', { params: { query } }));
  const fmt = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'it-IT', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Rome' });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCursor(null);
    setFilters(draft);
  };

  return (
    <>
      <h1>{t('admin.audit.title')}</h1>
      <p>{t('admin.audit.lead')}</p>
      <form onSubmit={submit} className="row g-3 align-items-end mb-4" aria-label={t('admin.audit.filters')}>
        {(['from', 'to'] as const).map((k) => (
          <div key={k} className="col-12 col-md-3 form-group mb-0">
            <label htmlFor={`audit-${k}`} className="active">{t(`admin.audit.${k}`)}</label>
            <input id={`audit-${k}`} type="datetime-local" className="form-control" value={draft[k]} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} />
          </div>
        ))}
        {(['actor', 'action', 'resourceId'] as const).map((k) => (
          <div key={k} className="col-12 col-md-2 form-group mb-0">
            <label htmlFor={`audit-${k}`} className="active">{t(`admin.audit.${k}`)}</label>
            <input id={`audit-${k}`} className="form-control" value={draft[k]} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} />
          </div>
        ))}
        <div className="col-12 col-md-2">
          <div className="select-wrapper">
            <label htmlFor="audit-outcome">{t('admin.audit.outcome')}</label>
            <select id="audit-outcome" value={draft.outcome} onChange={(e) => setDraft({ ...draft, outcome: e.target.value })}>
              <option value="">{t('admin.audit.any')}</option>
              {(['success', 'denied', 'failure'] as const).map((o) => <option key={o} value={o}>{t(`admin.audit.outcomes.${o}`)}</option>)}
            </select>
          </div>
        </div>
        <div className="col-12 d-flex flex-wrap gap-2">
          <button type="submit" className="btn btn-primary">{t('admin.audit.apply')}</button>
          <a className="btn btn-outline-primary" href={`/api/staff/audit/export?format=csv${q ? `&${q}` : ''}`}>{t('admin.audit.exportCsv')}</a>
          <a className="btn btn-outline-primary" href={`/api/staff/audit/export?format=jsonl${q ? `&${q}` : ''}`}>{t('admin.audit.exportJsonl')}</a>
        </div>
      </form>
      <ProblemMessage error={data.error} />
      {data.loading && !data.data && <Loading inline />}
      {data.data && (
        <div className="table-responsive" tabIndex={0} role="region" aria-label={t('admin.audit.title')}>
          <table className="table table-sm">
            <caption>{t('admin.audit.caption', { count: data.data.items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.audit.when')}</th>
                <th scope="col">{t('admin.audit.actor')}</th>
                <th scope="col">{t('admin.audit.action')}</th>
                <th scope="col">{t('admin.audit.outcome')}</th>
                <th scope="col">{t('admin.audit.record')}</th>
                <th scope="col">{t('admin.audit.address')}</th>
              </tr>
            </thead>
            <tbody>
              {data.data.items.map((r) => (
                <tr key={r.id}>
                  <td><time dateTime={r.at}>{fmt.format(new Date(r.at))}</time></td>
                  <td>{r.actorName ?? '—'}{r.actorRoles.length > 0 && <small className="d-block">{r.actorRoles.join(', ')}</small>}</td>
                  <td><code>{r.action}</code></td>
                  <td>{t(`admin.audit.outcomes.${r.outcome}`)}</td>
                  <td>{r.resourceType ? `${r.resourceType} ${r.resourceId ?? ''}` : '—'}</td>
                  <td>{r.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.data?.nextCursor && (
        <button type="button" className="btn btn-outline-primary" onClick={() => setCursor(data.data!.nextCursor)}>{t('admin.audit.more')}</button>
      )}
    </>
  );
}

/** The office's queue and search: requests in the actor's scope, nearest deadline first, with filters. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import type { paths } from '../../api/client';
import { staffApi, useStaffData } from '../../staff/api';
import { Problem, ThreadTable, useLang } from './parts';

interface Filters {
  q: string;
  matricola: string;
  state: string;
  subjectId: string;
  from: string;
  to: string;
  assignee: string;
  overdue: boolean;
}

const EMPTY: Filters = { q: '', matricola: '', state: 'open,in_charge', subjectId: '', from: '', to: '', assignee: '', overdue: false };

type ThreadsQuery = NonNullable<paths['/api/staff/drawer/threads']['get']['parameters']['query']>;

/** The filters that are set, as the queue's query (at most 100 requests). */
function queryOf(f: Filters): ThreadsQuery {
  const query: ThreadsQuery = {};
  for (const k of ['q', 'matricola', 'state', 'subjectId', 'from', 'to', 'assignee'] as const) if (f[k]) query[k] = f[k];
  if (f.overdue) query.overdue = 'true';
  query.limit = 100;
  return query;
}

export default function QueuePage() {
  const { t } = useTranslation();
  const lang = useLang();
  useTitle(t('drawer.queue.title'));
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const list = useStaffData(`/api/staff/drawer/threads ${JSON.stringify(applied)}`, () => staffApi.GET('/api/staff/drawer/threads', { params: { query: queryOf(applied) } }));
  const subjects = useStaffData('/api/drawer/subjects', () => staffApi.GET('/api/drawer/subjects'));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(draft);
  };
  const set = (k: keyof Filters) => (e: { target: { value: string; checked?: boolean; type?: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.type === 'checkbox' ? !!e.target.checked : e.target.value }));
  return (
    <>
      <h1 className="h2">{t('drawer.queue.title')}</h1>
      <p>{t('drawer.queue.lead')}</p>
      <form className="row g-2 align-items-end mb-3" onSubmit={submit} aria-label={t('drawer.filters.title')}>
        <div className="col-12 col-md-4">
          <label className="form-label" htmlFor="f-q">{t('drawer.filters.text')}</label>
          <input id="f-q" className="form-control" value={draft.q} onChange={set('q')} />
        </div>
        <div className="col-6 col-md-2">
          <label className="form-label" htmlFor="f-matricola">{t('drawer.filters.matricola')}</label>
          <input id="f-matricola" className="form-control" inputMode="numeric" pattern="[0-9]{10}" value={draft.matricola} onChange={set('matricola')} />
        </div>
        <div className="col-6 col-md-3">
          <label className="form-label" htmlFor="f-state">{t('drawer.filters.state')}</label>
          <select id="f-state" className="form-select" value={draft.state} onChange={set('state')}>
            <option value="open,in_charge">{t('drawer.filters.active')}</option>
            <option value="open">{t('drawer.state.open')}</option>
            <option value="in_charge">{t('drawer.state.in_charge')}</option>
            <option value="closed">{t('drawer.state.closed')}</option>
            <option value="">{t('drawer.filters.any')}</option>
          </select>
        </div>
        <div className="col-12 col-md-3">
          <label className="form-label" htmlFor="f-subject">{t('drawer.filters.subject')}</label>
          <select id="f-subject" className="form-select" value={draft.subjectId} onChange={set('subjectId')}>
            <option value="">{t('drawer.filters.any')}</option>
            {subjects.data?.items.map((a) => (
              <optgroup key={a.id} label={lang === 'it' ? a.it : a.en}>
                <option value={a.id}>{lang === 'it' ? a.it : a.en}</option>
                {a.subjects.map((s) => <option key={s.id} value={s.id}>{lang === 'it' ? s.it : s.en}</option>)}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="col-6 col-md-2">
          <label className="form-label" htmlFor="f-from">{t('drawer.filters.from')}</label>
          <input id="f-from" type="date" className="form-control" value={draft.from} onChange={set('from')} />
        </div>
        <div className="col-6 col-md-2">
          <label className="form-label" htmlFor="f-to">{t('drawer.filters.to')}</label>
          <input id="f-to" type="date" className="form-control" value={draft.to} onChange={set('to')} />
        </div>
        <div className="col-12 col-md-3">
          <label className="form-label" htmlFor="f-assignee">{t('drawer.filters.assignee')}</label>
          <select id="f-assignee" className="form-select" value={draft.assignee} onChange={set('assignee')}>
            <option value="">{t('drawer.filters.any')}</option>
            <option value="me">{t('drawer.filters.mine')}</option>
            <option value="none">{t('drawer.filters.unassigned')}</option>
          </select>
        </div>
        <div className="col-12 col-md-2">
          <div className="form-check">
            <input id="f-overdue" type="checkbox" className="form-check-input" checked={draft.overdue} onChange={set('overdue')} />
            <label className="form-check-label" htmlFor="f-overdue">{t('drawer.filters.overdue')}</label>
          </div>
        </div>
        <div className="col-12 col-md-3 d-flex gap-2">
          <button type="submit" className="btn btn-primary">{t('drawer.filters.search')}</button>
          <button type="button" className="btn btn-outline-primary" onClick={() => { setDraft(EMPTY); setApplied(EMPTY); }}>{t('drawer.filters.reset')}</button>
        </div>
      </form>
      <Problem error={list.error} />
      {list.loading && !list.data ? <Loading /> : list.data && (
        <>
          <p aria-live="polite">{t('drawer.list.count', { count: list.data.total })}</p>
          <ThreadTable items={list.data.items} showAssignee />
        </>
      )}
    </>
  );
}

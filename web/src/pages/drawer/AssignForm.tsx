/**
 * The office's assignment of a request: a select of the colleagues who can work on it (the
 * API's list, the same rule the assignment checks; you first) and a button. Taking an open
 * request in charge for yourself stays the page's one-click button.
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiItem } from '../../api/client';
import { staffApi, useStaffData } from '../../staff/api';
import { Problem } from './parts';

type Assignee = ApiItem<'/api/staff/drawer/threads/{id}/assignees'>;

export function AssignForm({ threadId, assigneeId, busy, onAssign }: {
  threadId: string;
  assigneeId: string | null;
  busy: boolean;
  onAssign: (assignee: Assignee) => void;
}) {
  const { t } = useTranslation();
  const list = useStaffData(`/api/staff/drawer/threads/${threadId}/assignees`, () => staffApi.GET('/api/staff/drawer/threads/{id}/assignees', { params: { path: { id: threadId } } }));
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const [chosen, setChosen] = useState('');
  // The first choice that changes something: a colleague other than the current assignee.
  useEffect(() => {
    if (items.length > 0 && !items.some((x) => x.id === chosen)) setChosen((items.find((x) => x.id !== assigneeId) ?? items[0]!).id);
  }, [items, chosen, assigneeId]);
  if (list.error) return <Problem error={list.error} />;
  if (items.length === 0) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const who = items.find((x) => x.id === chosen);
    if (who) onAssign(who);
  };
  const label = (x: Assignee) =>
    x.id === assigneeId ? t('drawer.thread.assignCurrent', { name: x.name }) : x.me ? t('drawer.thread.assignMe', { name: x.name }) : x.name;
  return (
    <form onSubmit={submit} className="col-12 col-lg-8 mb-4" aria-labelledby={`assign-${threadId}`}>
      <h2 className="h4" id={`assign-${threadId}`}>{t('drawer.thread.assignTitle')}</h2>
      <div className="mb-3">
        <label className="form-label" htmlFor="a-who">{t('drawer.thread.assignTo')}</label>
        <select id="a-who" className="form-select" value={chosen} aria-describedby="a-who-help" onChange={(e) => setChosen(e.target.value)}>
          {items.map((x) => <option key={x.id} value={x.id}>{label(x)}</option>)}
        </select>
        <div id="a-who-help" className="form-text">{t('drawer.thread.assignHelp')}</div>
      </div>
      <button type="submit" className="btn btn-outline-primary" disabled={busy || chosen === assigneeId}>{t('drawer.thread.assign')}</button>
    </form>
  );
}

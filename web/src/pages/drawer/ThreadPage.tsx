/**
 * One request. The consultant sees the messages (never the office's internal notes: the API
 * does not send them) and replies; the office also sees the notes, takes the request in
 * charge, answers, writes notes and closes it with an outcome.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import { formatDateTime } from '../../lib/time';
import { AdminApiError, staff, staffApi, useStaffData } from '../../staff/api';
import { ACCEPT, MAX_FILES, OUTCOMES, formatSize, upload, type Outcome, type ThreadView } from './api';
import { AssignForm } from './AssignForm';
import { Problem, StateBadge, useLang } from './parts';

export default function ThreadPage({ side }: { side: 'consultant' | 'office' }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { id } = useParams();
  const location = useLocation();
  const base = side === 'office' ? '/api/staff/drawer' : '/api/drawer';
  const thread = useStaffData<ThreadView>(`${base}/threads/${id}`, () => {
    const params = { path: { id: id ?? '' } };
    return side === 'office' ? staffApi.GET('/api/staff/drawer/threads/{id}', { params }) : staffApi.GET('/api/drawer/threads/{id}', { params });
  });
  useTitle(thread.data ? `${thread.data.protocol} – ${thread.data.title}` : t('drawer.title'));
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [outcome, setOutcome] = useState<Outcome>('resolved');
  const [outcomeNote, setOutcomeNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [fileKey, setFileKey] = useState(0);

  if (!thread.data) return thread.error ? <Problem error={thread.error} /> : <Loading />;
  const th = thread.data;
  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await what();
      setNotice(done);
      thread.reload();
      return true;
    } catch (err) {
      setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const reply = async (e: FormEvent) => {
    e.preventDefault();
    const fields: Record<string, string> = { body };
    if (side === 'office') fields.internal = String(internal);
    const ok = await act(() => upload(`${base}/threads/${th.id}/messages`, fields, files), t('drawer.thread.sent'));
    if (ok) {
      setBody('');
      setFiles([]);
      setInternal(false);
      setFileKey((k) => k + 1);
    }
  };
  const close = async (e: FormEvent) => {
    e.preventDefault();
    // Only the office closes a thread (the form is the office's).
    await act(() => staff(staffApi.POST('/api/staff/drawer/threads/{id}/close', { params: { path: { id: th.id } }, body: outcomeNote ? { outcome, note: outcomeNote } : { outcome } })), t('drawer.thread.closed'));
  };
  const open = th.state !== 'closed';
  return (
    <>
      <p><Link to="/cassetto">{t('drawer.thread.back')}</Link></p>
      <h1 className="h2">
        <span className="d-block small text-muted">{th.protocol}</span>
        {th.title}
      </h1>
      <p className="d-flex flex-wrap gap-2 align-items-center">
        <StateBadge state={th.state} />
        {th.overdue && <span className="badge bg-danger">{t('drawer.list.overdue')}</span>}
        <span>{th.company.name} ({th.company.matricola})</span>
        <span>· {lang === 'it' ? `${th.subject.areaIt} › ${th.subject.it}` : `${th.subject.areaEn} › ${th.subject.en}`}</span>
      </p>
      <ul className="list-unstyled small">
        <li>{t('drawer.thread.registeredAt', { when: formatDateTime(th.registeredAt, lang) })}</li>
        <li>{t('drawer.thread.dueAt', { when: formatDateTime(th.dueAt, lang) })}</li>
        <li>{t('drawer.thread.office', { office: th.office.name })}{th.desk && ` · ${t('drawer.thread.desk', { desk: lang === 'it' ? th.desk.it : th.desk.en })}`}</li>
        {side === 'office' && th.consultant && <li>{t('drawer.thread.consultant', { name: th.consultant.name })}</li>}
        {side === 'office' && <li>{th.assignee ? t('drawer.thread.assignee', { name: th.assignee.name }) : t('drawer.thread.unassigned')}</li>}
        {th.outcome && <li className="fw-semibold">{t('drawer.thread.outcome', { outcome: t(`drawer.outcome.${th.outcome}`) })}{th.outcomeNote && ` – ${th.outcomeNote}`}</li>}
      </ul>
      <div aria-live="polite">{notice && <div className="alert alert-success">{notice}</div>}</div>
      <Problem error={error} />
      {side === 'office' && th.state === 'open' && (
        <button type="button" className="btn btn-primary mb-3" disabled={busy}
          onClick={() => void act(() => staff(staffApi.POST('/api/staff/drawer/threads/{id}/assign', { params: { path: { id: th.id } }, body: {} })), t('drawer.thread.taken'))}>
          {t('drawer.thread.take')}
        </button>
      )}
      {side === 'office' && open && (
        <AssignForm threadId={th.id} assigneeId={th.assignee?.id ?? null} busy={busy}
          onAssign={(who) => void act(() => staff(staffApi.POST('/api/staff/drawer/threads/{id}/assign', { params: { path: { id: th.id } }, body: { assigneeId: who.id } })), t('drawer.thread.assigned', { name: who.name }))} />
      )}
      <h2 className="h4">{t('drawer.thread.messages')}</h2>
      <ol className="list-unstyled">
        {th.messages.map((m) => (
          <li key={m.id} className={`border rounded p-3 mb-2 ${m.internal ? 'bg-light border-warning' : m.authorKind === 'staff' ? 'border-primary' : ''}`}>
            <p className="small mb-1">
              <strong>
                {m.internal ? `${t('drawer.thread.note')} · ` : ''}
                {m.authorKind === 'staff' ? (m.authorName ?? t('drawer.thread.office_side')) : side === 'consultant' ? t('drawer.thread.you') : m.authorName}
              </strong>{' '}
              · <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, lang)}</time>
            </p>
            <p className="mb-1" style={{ whiteSpace: 'pre-wrap' }}>{m.body}</p>
            {m.attachments.length > 0 && (
              <ul className="mb-0" aria-label={t('drawer.thread.attachments')}>
                {m.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={`${base}/attachments/${a.id}`} download={a.name}>{t('drawer.thread.download', { name: a.name, size: formatSize(a.size, lang) })}</a>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      {open ? (
        <form onSubmit={(e) => void reply(e)} className="col-12 col-lg-8 mb-4" aria-label={t('drawer.thread.reply')}>
          <h2 className="h4">{t('drawer.thread.reply')}</h2>
          <div className="mb-3">
            <label className="form-label" htmlFor="r-body">{t('drawer.thread.replyLabel')}</label>
            <textarea id="r-body" className="form-control" rows={4} value={body} onChange={(e) => setBody(e.target.value)} maxLength={10000} required />
          </div>
          <div className="mb-3">
            <label className="form-label" htmlFor="r-files">{t('drawer.create.files')}</label>
            <input key={fileKey} id="r-files" type="file" className="form-control" multiple accept={ACCEPT} aria-describedby="r-files-help"
              onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
            <div id="r-files-help" className="form-text">{t('drawer.create.filesHelp')}</div>
            {files.length > MAX_FILES && <div className="text-danger" role="alert">{t('drawer.create.tooMany')}</div>}
          </div>
          {side === 'office' && (
            <div className="form-check mb-3">
              <input id="r-internal" type="checkbox" className="form-check-input" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
              <label className="form-check-label" htmlFor="r-internal">{t('drawer.thread.internal')}</label>
            </div>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy || files.length > MAX_FILES}>{t('drawer.common.send')}</button>
        </form>
      ) : (
        <p className="alert alert-info">{t('drawer.thread.closedInfo')}</p>
      )}
      {side === 'office' && open && (
        <form onSubmit={(e) => void close(e)} className="col-12 col-lg-8" aria-label={t('drawer.thread.closeTitle')}>
          <h2 className="h4">{t('drawer.thread.closeTitle')}</h2>
          <div className="mb-3">
            <label className="form-label" htmlFor="c-outcome">{t('drawer.thread.outcomeLabel')}</label>
            <select id="c-outcome" className="form-select" value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
              {OUTCOMES.map((o) => <option key={o} value={o}>{t(`drawer.outcome.${o}`)}</option>)}
            </select>
          </div>
          <div className="mb-3">
            <label className="form-label" htmlFor="c-note">{t('drawer.thread.outcomeNote')}</label>
            <textarea id="c-note" className="form-control" rows={2} value={outcomeNote} onChange={(e) => setOutcomeNote(e.target.value)} maxLength={2000} />
          </div>
          <button type="submit" className="btn btn-outline-primary" disabled={busy}>{t('drawer.thread.close')}</button>
        </form>
      )}
    </>
  );
}

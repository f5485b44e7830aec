import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { formatDateTime } from '../../lib/time';
import type { ApiBody } from '../../api/client';
import { AdminApiError, staff, staffApi, useStaffData } from '../../staff/api';
import { useSession } from '../../staff/session';
import { ProblemMessage } from '../admin/ProblemMessage';
import type { AnswerVersion, ShortAnswer } from './api';

const WRITERS = ['urp_monitor', 'regional_admin'];
const BODY_MAX = 1000;

interface Draft {
  title: string;
  body: string;
  tags: string;
  provinceCode: string;
}

const toDraft = (a?: Pick<ShortAnswer, 'title' | 'body' | 'tags' | 'provinceCode'>, province = ''): Draft => ({
  title: a?.title ?? '',
  body: a?.body ?? '',
  tags: a?.tags.join(', ') ?? '',
  provinceCode: a ? (a.provinceCode ?? '') : province,
});

/** /reception/risposte: the URP writes, edits, retires the short answers the agents read out; every version is kept. */
export default function AnswersAdminPage() {
  const { t } = useTranslation();
  useTitle(t('reception.admin.title'));
  const { session } = useSession();
  const grants = useMemo(() => (session?.user?.grants ?? []).filter((g) => WRITERS.includes(g.role)), [session]);
  const regionWide = grants.some((g) => g.scope.kind === 'region');
  const provinces = useMemo(() => [...new Set(grants.map((g) => g.scope.provinceCode).filter((p): p is string => !!p))], [grants]);
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(q.trim()), 200);
    return () => clearTimeout(timer);
  }, [q]);
  const list = useStaffData(`/api/staff/answers?limit=50&q=${query}`, () => staffApi.GET('/api/staff/answers', { params: { query: query ? { limit: 50, q: query } : { limit: 50 } } }));
  const [editing, setEditing] = useState<ShortAnswer | 'new' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  if (grants.length === 0) {
    return (
      <>
        <h1>{t('reception.admin.title')}</h1>
        <p>{t('reception.admin.noAccess')}</p>
      </>
    );
  }
  const provinceOptions = regionWide ? null : provinces;
  const done = (message: string) => {
    setEditing(null);
    setSaved(message);
    list.reload();
  };

  return (
    <>
      <div className="d-flex flex-wrap align-items-center gap-3 mb-3">
        <h1 className="h3 mb-0">{t('reception.admin.title')}</h1>
        <button type="button" className="btn btn-primary btn-sm ms-auto" onClick={() => setEditing('new')}>
          {t('reception.admin.new')}
        </button>
      </div>
      <p>{t('reception.admin.lead')}</p>
      <p role="status" className="text-success mb-2">
        {saved}
      </p>
      {editing === 'new' && (
        <AnswerForm provinces={provinceOptions} onCancel={() => setEditing(null)} onSaved={() => done(t('reception.admin.created'))} />
      )}
      <div className="mb-3">
        <label htmlFor="rc-admin-q" className="rc-label">
          {t('reception.admin.search')}
        </label>
        <input id="rc-admin-q" type="search" className="form-control" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      {list.error && <ProblemMessage error={list.error} />}
      {list.data && list.data.items.length === 0 && <p>{t('reception.answers.none')}</p>}
      <ul className="list-unstyled rc-admin-list">
        {list.data?.items.map((a) => (
          <li key={a.id}>
            {editing !== 'new' && editing?.id === a.id ? (
              <AnswerForm answer={a} provinces={provinceOptions} onCancel={() => setEditing(null)} onSaved={(m) => done(m)} />
            ) : (
              <AnswerRow answer={a} onEdit={() => setEditing(a)} />
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function AnswerRow({ answer: a, onEdit }: { answer: ShortAnswer; onEdit: () => void }) {
  const { t } = useTranslation();
  const [history, setHistory] = useState<AnswerVersion[] | null>(null);
  const [open, setOpen] = useState(false);
  const toggle = async () => {
    if (!open && !history) setHistory((await staff(staffApi.GET('/api/staff/answers/{id}/history', { params: { path: { id: a.id } } }))).items);
    setOpen((o) => !o);
  };
  return (
    <article className="rc-admin-item" aria-labelledby={`rc-a-${a.id}`}>
      <h2 id={`rc-a-${a.id}`} className="h5 mb-1">
        {a.title}
      </h2>
      <p className="mb-1">{a.body}</p>
      <p className="small mb-2">
        {a.provinceCode ? t('reception.answers.province', { code: a.provinceCode }) : t('reception.answers.allProvinces')} · {t('reception.answers.version', { version: a.version })} ·{' '}
        {formatDateTime(a.updatedAt, currentLang())}
        {a.tags.length > 0 && <> · {a.tags.join(', ')}</>}
      </p>
      <div className="d-flex gap-2">
        <button type="button" className="btn btn-outline-primary btn-xs" aria-label={`${t('reception.admin.edit')}: ${a.title}`} onClick={onEdit}>
          {t('reception.admin.edit')}
        </button>
        <button type="button" className="btn btn-outline-secondary btn-xs" aria-label={`${t('reception.admin.history')}: ${a.title}`} aria-expanded={open} onClick={() => void toggle()}>
          {t('reception.admin.history')}
        </button>
      </div>
      {open && history && (
        <ol className="rc-history small mt-2" aria-label={t('reception.admin.historyOf', { title: a.title })}>
          {history.map((v) => (
            <li key={v.version}>
              <strong>{t('reception.answers.version', { version: v.version })}</strong> · {t(`reception.admin.status.${v.status}`, { defaultValue: v.status })} · {v.changedBy ?? '—'} ·{' '}
              {formatDateTime(v.changedAt, currentLang())}
              <div>
                {v.title}: {v.body}
              </div>
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

function AnswerForm({ answer, provinces, onCancel, onSaved }: { answer?: ShortAnswer; provinces: string[] | null; onCancel: () => void; onSaved: (message: string) => void }) {
  const { t } = useTranslation();
  const [base, setBase] = useState(answer ?? null);
  const [draft, setDraft] = useState<Draft>(() => toDraft(answer, provinces?.[0] ?? ''));
  const [error, setError] = useState<AdminApiError | null>(null);
  const [stale, setStale] = useState(false);
  const [confirmRetire, setConfirmRetire] = useState(false);
  const [busy, setBusy] = useState(false);
  const all = useStaffData(provinces === null ? '/api/provinces' : null, () => staffApi.GET('/api/provinces'));
  const title = useRef<HTMLInputElement>(null);
  useEffect(() => title.current?.focus(), []);
  const id = answer ? `rc-edit-${answer.id}` : 'rc-new';
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const payload = () => ({
    title: draft.title.trim(),
    body: draft.body.trim(),
    tags: draft.tags.split(',').map((x) => x.trim()).filter(Boolean),
    provinceCode: draft.provinceCode || null,
  });

  /** A change of the answer being edited (its version named: 409 `answer_changed` if someone saved another). */
  const patch = (answerId: string, body: ApiBody<'/api/staff/answers/{id}', 'patch'>) => staff(staffApi.PATCH('/api/staff/answers/{id}', { params: { path: { id: answerId } }, body }));
  const send = async (write: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    try {
      await write();
      onSaved(message);
    } catch (err) {
      const e = err as AdminApiError;
      setError(e);
      if (e.problem?.code === 'answer_changed') setStale(true);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    void send(() => (base ? patch(base.id, { version: base.version, ...payload() }) : staff(staffApi.POST('/api/staff/answers', { body: payload() }))), t(base ? 'reception.admin.saved' : 'reception.admin.created'));
  };
  const retire = () => {
    if (!base) return;
    if (!confirmRetire) return setConfirmRetire(true);
    void send(() => patch(base.id, { version: base.version, status: 'retired' }), t('reception.admin.retired'));
  };
  /** After a 409: the answer as it is now (its latest version), the draft kept for comparison. */
  const reload = async () => {
    if (!base) return;
    const latest = (await staff(staffApi.GET('/api/staff/answers/{id}/history', { params: { path: { id: base.id } } }))).items[0];
    if (!latest) return;
    const fresh = { ...base, ...latest, status: latest.status === 'retired' ? 'retired' as const : 'active' as const };
    setBase(fresh);
    setDraft(toDraft(fresh));
    setStale(false);
    setError(null);
  };

  return (
    <form className="rc-admin-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="h5">
        {base ? t('reception.admin.editTitle', { title: base.title }) : t('reception.admin.new')}
      </h2>
      <ProblemMessage error={error} />
      {stale && (
        <p>
          <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => void reload()}>
            {t('reception.admin.reload')}
          </button>
        </p>
      )}
      <div className="mb-3">
        <label htmlFor={`${id}-t`} className="rc-label">
          {t('reception.admin.fields.title')}
        </label>
        <input ref={title} id={`${id}-t`} className="form-control" maxLength={120} required value={draft.title} onChange={set('title')} />
      </div>
      <div className="mb-3">
        <label htmlFor={`${id}-b`} className="rc-label">
          {t('reception.admin.fields.body')}
        </label>
        <textarea id={`${id}-b`} className="form-control" rows={5} maxLength={BODY_MAX} required value={draft.body} onChange={set('body')} aria-describedby={`${id}-b-count`} />
        <small id={`${id}-b-count`} className="form-text">
          {t('reception.admin.count', { count: draft.body.length, max: BODY_MAX })}
        </small>
      </div>
      <div className="row g-3 mb-3">
        <div className="col-12 col-md-8">
          <label htmlFor={`${id}-g`} className="rc-label">
            {t('reception.admin.fields.tags')}
          </label>
          <input id={`${id}-g`} className="form-control" value={draft.tags} onChange={set('tags')} aria-describedby={`${id}-g-help`} />
          <small id={`${id}-g-help`} className="form-text">
            {t('reception.admin.tagsHelp')}
          </small>
        </div>
        <div className="col-12 col-md-4">
          <label htmlFor={`${id}-p`} className="rc-label">
            {t('reception.admin.fields.province')}
          </label>
          <select id={`${id}-p`} className="form-select" value={draft.provinceCode} onChange={set('provinceCode')}>
            {provinces === null && <option value="">{t('reception.answers.allProvinces')}</option>}
            {(provinces ?? (all.data?.items ?? []).map((p) => p.code)).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="d-flex flex-wrap gap-2">
        <button type="submit" className="btn btn-primary btn-sm" aria-disabled={busy ? true : undefined}>
          {t('reception.admin.save')}
        </button>
        <button type="button" className="btn btn-outline-secondary btn-sm" onClick={onCancel}>
          {t('reception.common.back')}
        </button>
        {base && (
          <button type="button" className="btn btn-outline-danger btn-sm ms-auto" onClick={retire}>
            {confirmRetire ? t('reception.admin.retireConfirm') : t('reception.admin.retire')}
          </button>
        )}
      </div>
    </form>
  );
}

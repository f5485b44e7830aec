import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staff, staffApi } from './adminApi';
import { SubjectForm, type NewSubject, type SubjectChange, type SubjectItem } from './SubjectForm';
import type { useAction } from './useAction';

/** One area of the tree: its names, its subjects (SLA, desk, requests), editing, deleting, a new subject. */
export function SubjectArea({ area, subjects, action, onChanged }: {
  area: SubjectItem;
  subjects: SubjectItem[];
  action: ReturnType<typeof useAction>;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const name = (s: SubjectItem) => (i18n.language === 'en' ? s.en : s.it);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const change = async (s: SubjectItem, fields: SubjectChange) => {
    const ok = await action.run(() => staff(staffApi.PATCH('/api/staff/drawer/subjects/{id}', { params: { path: { id: s.id } }, body: fields })), t('admin.subjects.saved', { name: i18n.language === 'en' ? fields.en : fields.it }));
    if (ok) {
      setEditing(null);
      onChanged();
    }
    return ok;
  };
  const remove = async (s: SubjectItem) => {
    if (await action.run(() => staff(staffApi.DELETE('/api/staff/drawer/subjects/{id}', { params: { path: { id: s.id } } })), t('admin.subjects.removed', { name: name(s) }))) onChanged();
  };
  const create = async (fields: NewSubject) => {
    const ok = await action.run(() => staff(staffApi.POST('/api/staff/drawer/subjects', { body: { parentId: area.id, ...fields } })), t('admin.subjects.created', { name: i18n.language === 'en' ? fields.en : fields.it }));
    if (ok) {
      setAdding(false);
      onChanged();
    }
    return ok;
  };
  const buttons = (s: SubjectItem) => (
    <span className="d-flex flex-wrap gap-2">
      <button type="button" className="btn btn-outline-primary btn-sm" aria-label={t('admin.subjects.editOf', { name: name(s) })} onClick={() => setEditing(s.id)}>{t('admin.subjects.edit')}</button>
      {s.threads === 0 && (
        <button type="button" className="btn btn-outline-danger btn-sm" disabled={action.busy} aria-label={t('admin.subjects.removeOf', { name: name(s) })} onClick={() => void remove(s)}>
          {t('admin.subjects.remove')}
        </button>
      )}
    </span>
  );
  const headingId = `area-${area.id}`;
  return (
    <section aria-labelledby={headingId} className="mb-5 admin-section border-top pt-3" data-testid="subject-area">
      <div className="d-flex flex-wrap align-items-center gap-2">
        <h2 id={headingId} className="h4 flex-grow-1 mb-0">{name(area)} <code className="small">{area.key}</code></h2>
        {editing !== area.id && buttons({ ...area, threads: subjects.reduce((n, s) => n + s.threads, 0) })}
      </div>
      {editing === area.id && (
        <SubjectForm idPrefix={`e-${area.id}`} initial={area} leaf={false} submitLabel={t('admin.subjects.save')} busy={action.busy}
          onSubmit={(f) => change(area, f)} onCancel={() => setEditing(null)} />
      )}
      {subjects.length === 0 ? <p className="mt-2">{t('admin.subjects.noSubjects')}</p> : (
        <ul className="list-unstyled mt-2">
          {subjects.map((s) => (
            <li key={s.id} className="border-bottom py-2">
              <div className="d-flex flex-wrap align-items-center gap-2">
                <span className="flex-grow-1">
                  <strong>{name(s)}</strong> <code className="small">{s.key}</code>
                  {' · '}{t('admin.subjects.slaShort', { count: s.slaDays ?? 0 })}
                  {' · '}{s.deskKey ? t('admin.subjects.deskShort', { desk: s.deskKey }) : t('admin.subjects.officeQueue')}
                  {' · '}{t('admin.subjects.requests', { count: s.threads })}
                </span>
                {editing !== s.id && buttons(s)}
              </div>
              {editing === s.id && (
                <SubjectForm idPrefix={`e-${s.id}`} initial={s} leaf submitLabel={t('admin.subjects.save')} busy={action.busy}
                  onSubmit={(f) => change(s, f)} onCancel={() => setEditing(null)} />
              )}
            </li>
          ))}
        </ul>
      )}
      {adding ? (
        <>
          <h3 className="h6 mt-3" id={`new-${area.id}`}>{t('admin.subjects.newSubject', { area: name(area) })}</h3>
          <SubjectForm idPrefix={`n-${area.id}`} leaf submitLabel={t('admin.subjects.createSubject')} busy={action.busy} onSubmit={create} onCancel={() => setAdding(false)} />
        </>
      ) : (
        <button type="button" className="btn btn-outline-primary btn-sm mt-2" onClick={() => setAdding(true)}>{t('admin.subjects.newSubject', { area: name(area) })}</button>
      )}
    </section>
  );
}

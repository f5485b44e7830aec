import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiBody, ApiItem } from '../../api/client';

/** An area (level 1) or a subject of the tree, as the administration lists it. */
export type SubjectItem = ApiItem<'/api/staff/drawer/subjects'>;
/** A new area's or subject's fields, its key included (POST /api/staff/drawer/subjects, without the parent). */
export type NewSubject = Pick<ApiBody<'/api/staff/drawer/subjects'>, 'key' | 'it' | 'en' | 'slaDays' | 'deskKey'>;
/** An existing one's fields, changed (PATCH /api/staff/drawer/subjects/{id}). */
export type SubjectChange = Pick<ApiBody<'/api/staff/drawer/subjects/{id}', 'patch'>, 'it' | 'en' | 'slaDays' | 'deskKey'>;

interface FormProps {
  idPrefix: string;
  leaf: boolean;
  submitLabel: string;
  busy: boolean;
  onCancel?: () => void;
}

/** An area's or a subject's fields, new (with its key: no `initial`) or changed; `leaf`: a subject (SLA, desk). */
export function SubjectForm(props: FormProps & (
  | { initial: SubjectItem; onSubmit: (fields: SubjectChange) => Promise<boolean> }
  | { initial?: undefined; onSubmit: (fields: NewSubject) => Promise<boolean> }
)) {
  const { idPrefix, initial, leaf, submitLabel, busy, onCancel } = props;
  const { t } = useTranslation();
  const [f, setF] = useState({ key: '', it: initial?.it ?? '', en: initial?.en ?? '', sla: String(initial?.slaDays ?? 10), desk: initial?.deskKey ?? '' });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const names = { it: f.it.trim(), en: f.en.trim() };
    const desk = f.desk.trim();
    // A subject's SLA and desk; an emptied desk of an existing subject is null (the office's queue).
    const more = leaf ? { slaDays: Number(f.sla), ...(desk ? { deskKey: desk } : props.initial ? { deskKey: null } : {}) } : {};
    const ok = props.initial ? await props.onSubmit({ ...names, ...more }) : await props.onSubmit({ ...names, key: f.key.trim(), ...more });
    if (ok && !initial) setF({ key: '', it: '', en: '', sla: '10', desk: '' });
  };
  const id = (x: string) => `${idPrefix}-${x}`;
  return (
    <form onSubmit={(e) => void submit(e)} className="my-3">
      <div className="row">
        {!initial && (
          <div className="form-group col-12 col-md-4">
            <label htmlFor={id('key')} className="active">{t('admin.subjects.key')}</label>
            <input id={id('key')} type="text" className="form-control" required pattern="[a-z0-9][a-z0-9\-]{1,39}" maxLength={40} aria-describedby={id('key-help')}
              value={f.key} onChange={(e) => setF({ ...f, key: e.target.value })} />
            <small id={id('key-help')} className="form-text">{t('admin.subjects.keyHelp')}</small>
          </div>
        )}
        <div className="form-group col-12 col-md-4">
          <label htmlFor={id('it')} className="active">{t('admin.subjects.it')}</label>
          <input id={id('it')} type="text" className="form-control" required maxLength={120} lang="it" value={f.it} onChange={(e) => setF({ ...f, it: e.target.value })} />
        </div>
        <div className="form-group col-12 col-md-4">
          <label htmlFor={id('en')} className="active">{t('admin.subjects.en')}</label>
          <input id={id('en')} type="text" className="form-control" required maxLength={120} lang="en" value={f.en} onChange={(e) => setF({ ...f, en: e.target.value })} />
        </div>
        {leaf && (
          <>
            <div className="form-group col-12 col-md-4">
              <label htmlFor={id('sla')} className="active">{t('admin.subjects.sla')}</label>
              <input id={id('sla')} type="number" className="form-control" required min={1} max={90} value={f.sla} onChange={(e) => setF({ ...f, sla: e.target.value })} />
            </div>
            <div className="form-group col-12 col-md-4">
              <label htmlFor={id('desk')} className="active">{t('admin.subjects.desk')}</label>
              <input id={id('desk')} type="text" className="form-control" pattern="[a-z0-9][a-z0-9\-]{1,39}" maxLength={40} aria-describedby={id('desk-help')}
                value={f.desk} onChange={(e) => setF({ ...f, desk: e.target.value })} />
              <small id={id('desk-help')} className="form-text">{t('admin.subjects.deskHelp')}</small>
            </div>
          </>
        )}
      </div>
      <div className="d-flex flex-wrap gap-2">
        <button type="submit" className="btn btn-outline-primary" disabled={busy}>{submitLabel}</button>
        {onCancel && <button type="button" className="btn btn-outline-secondary" onClick={onCancel}>{t('admin.subjects.cancel')}</button>}
      </div>
    </form>
  );
}

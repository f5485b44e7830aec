import { useCallback, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Topic } from '../api/types';
import { currentLang } from '../i18n';
import { updateFlow, useFlow } from './flow';
import {
  fieldProblem,
  firstInvalid,
  NOTES_MAX,
  PERSON_FIELDS,
  validatePerson,
  type FormErrors,
  type PersonField,
  type PersonForm,
} from './validation';

export interface PersonFormApi {
  form: PersonForm;
  /** Error text of each field currently shown. */
  errors: Partial<Record<PersonField, string>>;
  set(patch: Partial<PersonForm>): void;
  touch(field: PersonField): void;
  /** Checks every field; shows all problems; focuses the first. True when the form is valid. */
  validateAll(): boolean;
  /** Problems the server found, shown under their fields. */
  setServerErrors(errors: Partial<Record<PersonField, string>>): void;
  ids: Record<PersonField, string>;
}

/** The personal-data form's state: the values live in the flow (sessionStorage). */
export function usePersonForm(topics: readonly Topic[]): PersonFormApi {
  const { t } = useTranslation();
  const form = useFlow().person;
  const base = useId();
  const ids = useMemo(
    () => Object.fromEntries(PERSON_FIELDS.map((f) => [f, `${base}-${f}`])) as Record<PersonField, string>,
    [base],
  );
  const keys = useMemo(() => topics.map((x) => x.key), [topics]);
  const [touched, setTouched] = useState<ReadonlySet<PersonField>>(new Set());
  const [server, setServer] = useState<Partial<Record<PersonField, string>>>({});

  const errors: Partial<Record<PersonField, string>> = {};
  for (const field of PERSON_FIELDS) {
    if (server[field]) errors[field] = server[field];
    else if (touched.has(field)) {
      const p = fieldProblem(field, form, keys);
      if (p) errors[field] = t(p.key, p.values ?? {});
    }
  }

  const set = useCallback((patch: Partial<PersonForm>) => {
    updateFlow((s) => ({ person: { ...s.person, ...patch }, personValid: false }));
    setServer((prev) => {
      const next = { ...prev };
      for (const k of Object.keys(patch) as PersonField[]) delete next[k];
      return next;
    });
  }, []);

  const touch = useCallback((field: PersonField) => {
    setTouched((prev) => (prev.has(field) ? prev : new Set(prev).add(field)));
  }, []);

  const validateAll = useCallback(() => {
    setTouched(new Set(PERSON_FIELDS));
    const problems: FormErrors = validatePerson(form, keys);
    const first = firstInvalid(problems);
    if (first) window.setTimeout(() => document.getElementById(ids[first])?.focus(), 0);
    updateFlow({ personValid: first === null });
    return first === null;
  }, [form, keys, ids]);

  const setServerErrors = useCallback(
    (e: Partial<Record<PersonField, string>>) => {
      setServer(e);
      const first = PERSON_FIELDS.find((f) => e[f]);
      if (first) window.setTimeout(() => document.getElementById(ids[first])?.focus(), 0);
    },
    [ids],
  );

  return { form, errors, set, touch, validateAll, setServerErrors, ids };
}

function Field({
  id,
  label,
  hint,
  error,
  optional,
  children,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className={`form-group sp-field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="field-optional"> ({t('form.optional')})</span>}
      </label>
      {hint && (
        <small id={`${id}-hint`} className="form-text sp-hint">
          {hint}
        </small>
      )}
      {children}
      <div aria-live="polite">
        {error && (
          <p id={`${id}-error`} className="sp-error">
            <span className="visually-hidden">{t('form.errorPrefix')} </span>
            {error}
          </p>
        )}
      </div>
    </div>
  );
}

function describedBy(id: string, hint: boolean, error: string | undefined): string | undefined {
  const parts = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

/** A list of the form's problems, announced and linked to the fields. */
export function ErrorSummary({ api }: { api: PersonFormApi }) {
  const { t } = useTranslation();
  const entries = PERSON_FIELDS.filter((f) => api.errors[f]);
  if (entries.length === 0) return null;
  return (
    <div className="alert alert-danger error-summary" role="alert">
      <p className="fw-semibold mb-1">{t('form.summaryTitle', { count: entries.length })}</p>
      <ul className="mb-0">
        {entries.map((f) => (
          <li key={f}>
            <a
              href={`#${api.ids[f]}`}
              onClick={(e) => {
                e.preventDefault();
                document.getElementById(api.ids[f])?.focus();
              }}
            >
              {t(`form.${f}.label`)}: {api.errors[f]}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Tax code, name, phone, e-mail, topic, notes, privacy notice and consent. */
export function PersonFields({ api, topics, taxCodeFromIdentity = false }: { api: PersonFormApi; topics: readonly Topic[]; taxCodeFromIdentity?: boolean }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const { form, errors, set, touch, ids } = api;
  const input = (field: 'taxCode' | 'fullName' | 'phone' | 'email', extra: Record<string, unknown>, hint: boolean) => (
    <input
      id={ids[field]}
      name={field}
      className="form-control"
      value={form[field]}
      onChange={(e) => set({ [field]: e.target.value })}
      onBlur={() => touch(field)}
      aria-invalid={errors[field] ? true : undefined}
      aria-describedby={describedBy(ids[field], hint, errors[field])}
      {...extra}
    />
  );

  return (
    <>
      <Field id={ids.taxCode} label={t('form.taxCode.label')} hint={t(taxCodeFromIdentity ? 'form.taxCode.fromIdentity' : 'form.taxCode.hint')} error={errors.taxCode}>
        {input('taxCode', {
          autoComplete: 'off', autoCapitalize: 'characters', spellCheck: false, maxLength: 24, required: true, className: 'form-control tax-code-input',
          ...(taxCodeFromIdentity ? { readOnly: true, 'data-testid': 'tax-code-from-identity' } : {}),
        }, true)}
      </Field>
      <Field id={ids.fullName} label={t('form.fullName.label')} error={errors.fullName}>
        {input('fullName', { autoComplete: 'name', maxLength: 130, required: true }, false)}
      </Field>
      <Field id={ids.phone} label={t('form.phone.label')} hint={t('form.phone.hint')} error={errors.phone}>
        {input('phone', { type: 'tel', autoComplete: 'tel', inputMode: 'tel', maxLength: 30, required: true }, true)}
      </Field>
      <Field id={ids.email} label={t('form.email.label')} hint={t('form.email.hint')} error={errors.email} optional>
        {input('email', { type: 'email', autoComplete: 'email', maxLength: 260 }, true)}
      </Field>
      {topics.length > 0 && (
        <Field id={ids.topic} label={t('form.topic.label')} hint={t('form.topic.hint')} error={errors.topic} optional>
          <select
            id={ids.topic}
            name="topic"
            className="form-select"
            value={form.topic}
            onChange={(e) => set({ topic: e.target.value })}
            onBlur={() => touch('topic')}
            aria-invalid={errors.topic ? true : undefined}
            aria-describedby={describedBy(ids.topic, true, errors.topic)}
          >
            <option value="">{t('form.topic.none')}</option>
            {topics.map((x) => (
              <option key={x.key} value={x.key}>
                {x[lang]}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field id={ids.notes} label={t('form.notes.label')} hint={t('form.notes.hint', { max: NOTES_MAX })} error={errors.notes} optional>
        <textarea
          id={ids.notes}
          name="notes"
          className="form-control"
          rows={3}
          value={form.notes}
          onChange={(e) => set({ notes: e.target.value })}
          onBlur={() => touch('notes')}
          aria-invalid={errors.notes ? true : undefined}
          aria-describedby={`${describedBy(ids.notes, true, errors.notes) ?? ''} ${ids.notes}-count`.trim()}
        />
        <small id={`${ids.notes}-count`} className={`form-text sp-hint notes-count${form.notes.length > NOTES_MAX ? ' over' : ''}`}>
          {t('form.notes.count', { count: form.notes.length, max: NOTES_MAX })}
        </small>
      </Field>

      <section className="privacy-notice" aria-labelledby={`${ids.consent}-privacy`}>
        <h3 id={`${ids.consent}-privacy`} className="h5">
          {t('privacy.title')}
        </h3>
        <p>{t('privacy.who')}</p>
        <p>{t('privacy.what')}</p>
        <p className="mb-0">{t('privacy.rights')}</p>
      </section>
      <div className={`form-check sp-consent${errors.consent ? ' has-error' : ''}`}>
        <input
          id={ids.consent}
          name="consent"
          type="checkbox"
          className="form-check-input"
          checked={form.consent}
          onChange={(e) => {
            set({ consent: e.target.checked });
            touch('consent');
          }}
          aria-invalid={errors.consent ? true : undefined}
          aria-describedby={errors.consent ? `${ids.consent}-error` : undefined}
        />
        <label htmlFor={ids.consent} className="form-check-label">
          {t('form.consent.label')}
        </label>
        <div aria-live="polite">
          {errors.consent && (
            <p id={`${ids.consent}-error`} className="sp-error">
              <span className="visually-hidden">{t('form.errorPrefix')} </span>
              {errors.consent}
            </p>
          )}
        </div>
      </div>
    </>
  );
}

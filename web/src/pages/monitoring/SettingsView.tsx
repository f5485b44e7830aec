/** Alert thresholds and e-mail recipients of a scope (staff.monitoring.manage); server problems shown by the fields. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useTitle } from '../../components/useTitle';
import i18n, { currentLang } from '../../i18n';
import { AdminApiError, staff, staffApi, useStaffData } from '../../staff/api';
import { BASE, query, scoped, type AlertSettings, type Live } from './api';
import { InlineLoading, Problem, ScopeCrumbs, useScope } from './common';

type Field = 'leadTimeDays' | 'noAnswerRate' | 'overrunRate' | 'emails';
const FIELDS: readonly Field[] = ['leadTimeDays', 'noAnswerRate', 'overrunRate', 'emails'];

interface Draft {
  leadTimeDays: string;
  noAnswerRate: string;
  overrunRate: string;
  emails: string;
}

/** Shares are edited as percentages ("20" for 0.2), without float noise. */
const toPercent = (share: number) => String(Math.round(share * 1000) / 10);
const draftOf = (s: AlertSettings): Draft => ({
  leadTimeDays: String(s.leadTimeDays),
  noAnswerRate: toPercent(s.noAnswerRate),
  overrunRate: toPercent(s.overrunRate),
  emails: s.emails.join('\n'),
});

/** The field a problem's path names: "noAnswerRate", "emails.1", "/emails/1", "body.emails[1]". */
function fieldOf(path: string): Field | null {
  const name = path.replace(/^\/?(body[./])?/, '').split(/[./[]/)[0] ?? '';
  return (FIELDS as readonly string[]).includes(name) ? (name as Field) : null;
}

function SettingsForm({ scope, initial }: { scope: string | null; initial: AlertSettings }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<AdminApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  const local = (): Partial<Record<Field, string>> => {
    const out: Partial<Record<Field, string>> = {};
    const days = Number(draft.leadTimeDays.replace(',', '.'));
    if (draft.leadTimeDays.trim() === '' || !Number.isFinite(days)) out.leadTimeDays = t('monitoring.settings.numberRequired');
    for (const f of ['noAnswerRate', 'overrunRate'] as const) {
      const v = Number(draft[f].replace(',', '.'));
      if (draft[f].trim() === '' || !Number.isFinite(v) || v < 0 || v > 100) out[f] = t('monitoring.settings.percentRange');
    }
    return out;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setProblem(null);
    const mine = local();
    setErrors(mine);
    if (Object.keys(mine).length > 0) {
      summary.current?.focus();
      return;
    }
    const body: AlertSettings = {
      leadTimeDays: Number(draft.leadTimeDays.replace(',', '.')),
      noAnswerRate: Math.round(Number(draft.noAnswerRate.replace(',', '.')) * 10) / 1000,
      overrunRate: Math.round(Number(draft.overrunRate.replace(',', '.')) * 10) / 1000,
      emails: draft.emails
        .split(/[\n,;]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    };
    setBusy(true);
    try {
      const answer = await staff(staffApi.PUT('/api/monitoring/alert-settings', { params: { query: scoped(scope) }, body }));
      if (answer && typeof answer === 'object' && 'leadTimeDays' in answer) setDraft(draftOf(answer));
      setSaved(true);
    } catch (err) {
      const error = err instanceof AdminApiError ? err : new AdminApiError(0, null);
      const byField: Partial<Record<Field, string>> = {};
      for (const f of error.problem?.fields ?? []) {
        const field = fieldOf(f.path);
        if (field) byField[field] = byField[field] ? `${byField[field]} ${f[lang]}` : f[lang];
      }
      setErrors(byField);
      setProblem(error);
      summary.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const input = (field: Exclude<Field, 'emails'>, props: { step: string; min: string; max?: string }) => (
    <div className="mb-3 mon-field">
      <label htmlFor={`${id}-${field}`} className="form-label mon-label">
        {t(`monitoring.settings.${field}`)}
      </label>
      <input
        id={`${id}-${field}`}
        name={field}
        type="number"
        inputMode="decimal"
        className={`form-control${errors[field] ? ' is-invalid' : ''}`}
        value={draft[field]}
        onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={errors[field] ? `${id}-${field}-error` : undefined}
        {...props}
      />
      {errors[field] && (
        <div id={`${id}-${field}-error`} className="invalid-feedback d-block">
          {errors[field]}
        </div>
      )}
    </div>
  );

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="mon-settings">
      <div ref={summary} tabIndex={-1}>
        {problem && <Problem error={problem} />}
        {!problem && Object.keys(errors).length > 0 && (
          <div className="alert alert-danger" role="alert">
            {t('monitoring.settings.invalid')}
          </div>
        )}
        {saved && (
          <div className="alert alert-success" role="status">
            {t('monitoring.settings.saved')}
          </div>
        )}
      </div>
      {input('leadTimeDays', { step: '1', min: '0' })}
      {input('noAnswerRate', { step: '0.1', min: '0', max: '100' })}
      {input('overrunRate', { step: '0.1', min: '0', max: '100' })}
      <div className="mb-3 mon-field">
        <label htmlFor={`${id}-emails`} className="form-label mon-label">
          {t('monitoring.settings.emails')}
        </label>
        <textarea
          id={`${id}-emails`}
          name="emails"
          rows={4}
          className={`form-control${errors.emails ? ' is-invalid' : ''}`}
          value={draft.emails}
          onChange={(e) => setDraft({ ...draft, emails: e.target.value })}
          aria-invalid={errors.emails ? true : undefined}
          aria-describedby={`${id}-emails-help${errors.emails ? ` ${id}-emails-error` : ''}`}
        />
        <div id={`${id}-emails-help`} className="form-text">
          {t('monitoring.settings.emailsHelp')}
        </div>
        {errors.emails && (
          <div id={`${id}-emails-error`} className="invalid-feedback d-block">
            {errors.emails}
          </div>
        )}
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? t('monitoring.settings.saving') : t('monitoring.settings.save')}
      </button>
    </form>
  );
}

/** "Regione: Lombardia" for `region:LOM` when it is above the node shown. */
function inheritedLabel(from: string, live: Live): string {
  const node = live.scope.parents.find((p) => `${p.level}:${p.id}` === from);
  return node ? `${i18n.t(`monitoring.level.${node.level}`)}: ${node.name}` : from;
}

export default function SettingsView() {
  const { t } = useTranslation();
  useTitle(t('monitoring.settings.title'));
  const scope = useScope();
  const settings = useStaffData(`${BASE}/alert-settings${query({ scope })}`, () => staffApi.GET('/api/monitoring/alert-settings', { params: { query: scoped(scope) } }));
  const live = useStaffData(`${BASE}/live${query({ scope })}`, () => staffApi.GET('/api/monitoring/live', { params: { query: scoped(scope) } }));
  const [key, setKey] = useState(0);
  useEffect(() => setKey((k) => k + 1), [settings.data]);
  return (
    <>
      {live.data && <ScopeCrumbs scope={live.data.scope} />}
      <h2 className="h4">{t('monitoring.settings.title')}</h2>
      <p>{t('monitoring.settings.lead')}</p>
      {settings.error && <Problem error={settings.error} retry={settings.reload} />}
      {settings.loading && !settings.data && <InlineLoading />}
      {settings.data?.inheritedFrom && live.data && (
        <p className="alert alert-info" data-testid="inherited">
          {t('monitoring.settings.inherited', { from: inheritedLabel(settings.data.inheritedFrom, live.data) })}
        </p>
      )}
      {settings.data && <SettingsForm key={key} scope={scope} initial={settings.data} />}
    </>
  );
}

import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Desk, OfficeSummary as Office, Province } from '../../api/types';
import { staff, staffApi, type GrantInput, type GrantView, type RoleInfo } from './adminApi';

export interface DraftGrant {
  /** '' until a role is chosen. */
  role: GrantInput['role'] | '';
  kind: 'region' | 'province' | 'office' | 'desk';
  code: string; // region or province code
  officeId: string;
  deskId: string;
  label?: string;
}

export function draftOf(g: GrantView, label: string): DraftGrant {
  return { role: g.role, kind: g.scope.kind, code: g.scope.kind === 'region' ? g.scope.regionCode : (g.scope.provinceCode ?? ''), officeId: g.scope.officeId ?? '', deskId: g.scope.deskId ?? '', label };
}

export function inputOf(d: DraftGrant): GrantInput | null {
  if (!d.role) return null;
  if (d.kind === 'region' || d.kind === 'province') return d.code ? { role: d.role, scope: { kind: d.kind, code: d.code } } : null;
  if (d.kind === 'office') return d.officeId ? { role: d.role, scope: { kind: 'office', id: d.officeId } } : null;
  return d.deskId ? { role: d.role, scope: { kind: 'desk', id: d.deskId } } : null;
}

function useCatalog() {
  const [provinces, setProvinces] = useState<Province[]>([]);
  const [offices, setOffices] = useState<Office[]>([]);
  useEffect(() => {
    void staff(staffApi.GET('/api/provinces')).then((r) => setProvinces(r.items), () => undefined);
    void staff(staffApi.GET('/api/offices')).then((r) => setOffices(r.items), () => undefined);
  }, []);
  return { provinces, offices };
}

function DeskSelect({ officeId, value, onChange, id }: { officeId: string; value: string; onChange: (v: string) => void; id: string }) {
  const { t, i18n } = useTranslation();
  const [desks, setDesks] = useState<Desk[]>([]);
  useEffect(() => {
    if (!officeId) return setDesks([]);
    void staff(staffApi.GET('/api/offices/{id}', { params: { path: { id: officeId } } })).then((r) => setDesks(r.desks), () => setDesks([]));
  }, [officeId]);
  return (
    <div className="select-wrapper">
      <label htmlFor={id}>{t('admin.grants.desk')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={!officeId}>
        <option value="">{t('admin.grants.choose')}</option>
        {desks.map((d) => (
          <option key={d.id} value={d.id}>
            {d.number} – {i18n.language === 'en' ? d.name.en : d.name.it}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Rows of role + scope, editable; SSO grants are shown but managed by the identity provider. */
export function GrantEditor({ roles, value, onChange, fixed }: { roles: RoleInfo[]; value: DraftGrant[]; onChange: (v: DraftGrant[]) => void; fixed: { key: string; text: string }[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'it';
  const { provinces, offices } = useCatalog();
  const base = useId();
  const update = (i: number, patch: Partial<DraftGrant>) => onChange(value.map((g, j) => (j === i ? { ...g, ...patch } : g)));

  return (
    <fieldset>
      <legend className="h5">{t('admin.grants.title')}</legend>
      {fixed.length > 0 && (
        <>
          <p className="mb-1">{t('admin.grants.fromSso')}</p>
          <ul>{fixed.map((f) => <li key={f.key}>{f.text}</li>)}</ul>
        </>
      )}
      {value.length === 0 && <p>{t('admin.grants.none')}</p>}
      {value.map((g, i) => {
        const info = roles.find((r) => r.role === g.role);
        const id = `${base}-${i}`;
        return (
          <div key={i} className="row g-3 align-items-end mb-3 pb-3 border-bottom" role="group" aria-label={t('admin.grants.row', { n: i + 1 })}>
            <div className="col-12 col-md-3">
              <div className="select-wrapper">
                <label htmlFor={`${id}-role`}>{t('admin.grants.role')}</label>
                <select id={`${id}-role`} value={g.role} onChange={(e) => {
                  const r = roles.find((x) => x.role === e.target.value);
                  update(i, { role: r?.role ?? '', kind: (r?.scopes[0] ?? 'office') as DraftGrant['kind'], code: '', officeId: '', deskId: '' });
                }}>
                  <option value="">{t('admin.grants.choose')}</option>
                  {roles.map((r) => <option key={r.role} value={r.role}>{r.label[lang]}</option>)}
                </select>
              </div>
            </div>
            <div className="col-12 col-md-2">
              <div className="select-wrapper">
                <label htmlFor={`${id}-kind`}>{t('admin.grants.scope')}</label>
                <select id={`${id}-kind`} value={g.kind} onChange={(e) => update(i, { kind: e.target.value as DraftGrant['kind'], code: '', officeId: '', deskId: '' })}>
                  {(info?.scopes ?? ['region', 'province', 'office', 'desk']).map((k) => <option key={k} value={k}>{t(`admin.grants.kinds.${k}`)}</option>)}
                </select>
              </div>
            </div>
            <div className="col-12 col-md-5">
              {g.kind === 'region' && (
                <div className="form-group mb-0">
                  <label htmlFor={`${id}-region`} className="active">{t('admin.grants.region')}</label>
                  <input id={`${id}-region`} className="form-control" value={g.code} placeholder="LOM" onChange={(e) => update(i, { code: e.target.value.toUpperCase() })} />
                </div>
              )}
              {g.kind === 'province' && (
                <div className="select-wrapper">
                  <label htmlFor={`${id}-province`}>{t('admin.grants.province')}</label>
                  <select id={`${id}-province`} value={g.code} onChange={(e) => update(i, { code: e.target.value })}>
                    <option value="">{t('admin.grants.choose')}</option>
                    {provinces.map((p) => <option key={p.code} value={p.code}>{p.name} ({p.code})</option>)}
                  </select>
                </div>
              )}
              {(g.kind === 'office' || g.kind === 'desk') && (
                <div className="select-wrapper">
                  <label htmlFor={`${id}-office`}>{t('admin.grants.office')}</label>
                  <select id={`${id}-office`} value={g.officeId} onChange={(e) => update(i, { officeId: e.target.value, deskId: '' })}>
                    <option value="">{t('admin.grants.choose')}</option>
                    {offices.map((o) => <option key={o.id} value={o.id}>{o.name} ({o.code})</option>)}
                  </select>
                </div>
              )}
              {g.kind === 'desk' && <DeskSelect id={`${id}-desk`} officeId={g.officeId} value={g.deskId} onChange={(v) => update(i, { deskId: v })} />}
            </div>
            <div className="col-12 col-md-2">
              <button type="button" className="btn btn-outline-danger btn-sm" onClick={() => onChange(value.filter((_, j) => j !== i))}>
                {t('admin.grants.remove')}
                <span className="visually-hidden"> {t('admin.grants.row', { n: i + 1 })}</span>
              </button>
            </div>
          </div>
        );
      })}
      <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => onChange([...value, { role: '', kind: 'office', code: '', officeId: '', deskId: '' }])}>
        {t('admin.grants.add')}
      </button>
    </fieldset>
  );
}

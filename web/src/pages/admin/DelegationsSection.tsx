import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/StateViews';
import { formatDateTime } from '../../lib/time';
import { staffApi, useStaffData, staff } from './adminApi';
import type { Delegation, OfficeCompany } from './drawerAdminApi';
import { ProblemMessage } from './ProblemMessage';
import { useAction } from './useAction';

/** Consultants' delegations for the companies of the admin's offices: grant one, list them, revoke one (after a confirmation). */
export function DelegationsSection({ companies, onChanged }: { companies: OfficeCompany[]; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'it';
  const [withRevoked, setWithRevoked] = useState(false);
  const list = useStaffData(`/api/staff/drawer/delegations${withRevoked ? '' : '?active=true'}`, () => staffApi.GET('/api/staff/drawer/delegations', { params: { query: withRevoked ? {} : { active: 'true' } } }));
  const consultants = useStaffData('/api/staff/drawer/consultants', () => staffApi.GET('/api/staff/drawer/consultants'));
  const action = useAction();
  const [f, setF] = useState({ companyId: '', consultantId: '' });
  const [asking, setAsking] = useState<Delegation | null>(null);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);

  const grant = async (e: FormEvent) => {
    e.preventDefault();
    const who = consultants.data?.items.find((c) => c.id === f.consultantId);
    if (await action.run(() => staff(staffApi.POST('/api/staff/drawer/delegations', { body: f })), t('admin.drawerAdmin.granted', { name: who?.name ?? '' }))) {
      setF({ companyId: '', consultantId: '' });
      list.reload();
      onChanged();
    }
  };
  const revoke = async (d: Delegation) => {
    setAsking(null);
    if (await action.run(() => staff(staffApi.POST('/api/staff/drawer/delegations/{id}/revoke', { params: { path: { id: d.id } } })), t('admin.drawerAdmin.revoked', { name: d.consultantName, company: d.companyName }))) {
      list.reload();
      onChanged();
    }
  };
  const items = list.data?.items ?? [];
  const people = consultants.data?.items ?? [];
  return (
    <section aria-labelledby="dd-title" className="mb-5 admin-section">
      <h2 id="dd-title" className="h4">{t('admin.drawerAdmin.delegations')}</h2>
      <h3 className="h5" id="dd-new">{t('admin.drawerAdmin.newDelegation')}</h3>
      {consultants.data && people.length === 0 ? <p className="text-muted">{t('admin.drawerAdmin.noConsultants')}</p> : (
        <form onSubmit={(e) => void grant(e)} aria-labelledby="dd-new" className="mb-4">
          <div className="row">
            <div className="col-12 col-md-6 mb-3">
              <label htmlFor="dd-company" className="form-label">{t('admin.drawerAdmin.company')}</label>
              <select id="dd-company" className="form-select" required value={f.companyId} onChange={(e) => setF({ ...f, companyId: e.target.value })}>
                <option value="" disabled>—</option>
                {companies.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.matricola})</option>)}
              </select>
            </div>
            <div className="col-12 col-md-6 mb-3">
              <label htmlFor="dd-consultant" className="form-label">{t('admin.drawerAdmin.consultant')}</label>
              <select id="dd-consultant" className="form-select" required value={f.consultantId} onChange={(e) => setF({ ...f, consultantId: e.target.value })}>
                <option value="" disabled>—</option>
                {people.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.username})</option>)}
              </select>
            </div>
          </div>
          <button type="submit" className="btn btn-outline-primary" disabled={action.busy}>{t('admin.drawerAdmin.grant')}</button>
        </form>
      )}
      <ProblemMessage error={action.error ?? consultants.error} />
      <div aria-live="polite">{action.done && <div className="alert alert-success" role="status">{action.done}</div>}</div>
      <div className="form-check my-3">
        <input id="dd-revoked" type="checkbox" className="form-check-input" checked={withRevoked} onChange={(e) => setWithRevoked(e.target.checked)} />
        <label htmlFor="dd-revoked" className="form-check-label">{t('admin.drawerAdmin.showRevoked')}</label>
      </div>
      <ProblemMessage error={list.error} />
      {list.loading && !list.data && <Loading inline />}
      {list.data && (items.length === 0 ? <p>{t('admin.drawerAdmin.noDelegations')}</p> : (
        <ul className="list-unstyled">
          {items.map((d) => (
            <li key={d.id} className="border-bottom py-2" data-testid="delegation">
              <div className="d-flex flex-wrap align-items-center gap-2">
                <span className="flex-grow-1">
                  <strong>{d.companyName}</strong> (<code>{d.matricola}</code>) · {d.consultantName} · {t('admin.drawerAdmin.since')} {formatDateTime(d.grantedAt, lang)}
                  {' · '}{d.revokedAt ? t('admin.drawerAdmin.revokedState', { when: formatDateTime(d.revokedAt, lang) }) : t('admin.drawerAdmin.activeState')}
                </span>
                {!d.revokedAt && asking?.id !== d.id && (
                  <button type="button" className="btn btn-outline-danger btn-sm" disabled={action.busy} onClick={() => setAsking(d)}
                    aria-label={t('admin.drawerAdmin.revoke', { name: d.consultantName, company: d.companyName })}>
                    {t('admin.drawerAdmin.revokeShort')}
                  </button>
                )}
              </div>
              {asking?.id === d.id && (
                <div className="alert alert-warning mt-2 mb-0" role="alertdialog" aria-labelledby={`dd-ask-${d.id}`}>
                  <p id={`dd-ask-${d.id}`}>{t('admin.drawerAdmin.confirm', { name: d.consultantName, company: d.companyName })}</p>
                  <div className="d-flex flex-wrap gap-2">
                    <button ref={yes} type="button" className="btn btn-danger btn-sm" onClick={() => void revoke(d)}>{t('admin.drawerAdmin.confirmYes')}</button>
                    <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => setAsking(null)}>{t('admin.drawerAdmin.confirmNo')}</button>
                  </div>
                </div>
              )}
            </li>
          ))}
        </ul>
      ))}
    </section>
  );
}

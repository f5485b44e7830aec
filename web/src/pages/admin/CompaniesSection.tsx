import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/StateViews';
import { type AdminApiError, staffApi, useStaffData, staff } from './adminApi';
import type { OfficeCompany } from './drawerAdminApi';
import { ProblemMessage } from './ProblemMessage';
import { useAction } from './useAction';

const EMPTY = { matricola: '', name: '', officeId: '' };

/** The companies of the admin's offices, with their active delegations, and a new company. */
export function CompaniesSection({ companies }: { companies: { data: { items: OfficeCompany[] } | null; error: AdminApiError | null; loading: boolean; reload: () => void } }) {
  const { t } = useTranslation();
  const offices = useStaffData('/api/staff/admin/offices', () => staffApi.GET('/api/staff/admin/offices'));
  const action = useAction();
  const [f, setF] = useState(EMPTY);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    const body = { matricola: f.matricola.trim(), name: f.name.trim(), officeId: f.officeId };
    if (await action.run(() => staff(staffApi.POST('/api/staff/drawer/companies', { body })), t('admin.drawerAdmin.companyCreated', { name: body.name }))) {
      setF(EMPTY);
      companies.reload();
    }
  };
  const items = companies.data?.items ?? [];
  return (
    <section aria-labelledby="dc-title" className="mb-5 admin-section">
      <h2 id="dc-title" className="h4">{t('admin.drawerAdmin.companies')}</h2>
      <ProblemMessage error={companies.error} />
      {companies.loading && !companies.data && <Loading inline />}
      {companies.data && (items.length === 0 ? <p>{t('admin.drawerAdmin.noCompanies')}</p> : (
        <div className="table-responsive" tabIndex={0} role="region" aria-labelledby="dc-title">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('admin.drawerAdmin.companyName')}</th>
                <th scope="col">{t('admin.drawerAdmin.matricola')}</th>
                <th scope="col">{t('admin.drawerAdmin.office')}</th>
                <th scope="col">{t('admin.drawerAdmin.delegations')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  <td><code>{c.matricola}</code></td>
                  <td>{c.officeName}</td>
                  <td>{t('admin.drawerAdmin.activeCount', { count: c.activeDelegations })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <h3 className="h5 mt-4" id="dc-new">{t('admin.drawerAdmin.newCompany')}</h3>
      <form onSubmit={(e) => void create(e)} aria-labelledby="dc-new">
        <div className="row">
          <div className="form-group col-12 col-md-4">
            <label htmlFor="dc-matricola" className="active">{t('admin.drawerAdmin.matricola')}</label>
            <input id="dc-matricola" type="text" className="form-control" required inputMode="numeric" pattern="[0-9]{10}" maxLength={10} aria-describedby="dc-matricola-help"
              value={f.matricola} onChange={(e) => setF({ ...f, matricola: e.target.value })} />
            <small id="dc-matricola-help" className="form-text">{t('admin.drawerAdmin.matricolaHelp')}</small>
          </div>
          <div className="form-group col-12 col-md-8">
            <label htmlFor="dc-name" className="active">{t('admin.drawerAdmin.companyName')}</label>
            <input id="dc-name" type="text" className="form-control" required maxLength={200} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
          </div>
          <div className="col-12 col-md-8 mb-3">
            <label htmlFor="dc-office" className="form-label">{t('admin.drawerAdmin.office')}</label>
            <select id="dc-office" className="form-select" required value={f.officeId} onChange={(e) => setF({ ...f, officeId: e.target.value })}>
              <option value="" disabled>—</option>
              {(offices.data?.items ?? []).map((o) => <option key={o.id} value={o.id}>{o.name} ({o.code})</option>)}
            </select>
          </div>
        </div>
        <button type="submit" className="btn btn-outline-primary" disabled={action.busy}>{t('admin.drawerAdmin.createCompany')}</button>
      </form>
      <ProblemMessage error={action.error} />
      <div aria-live="polite">{action.done && <div className="alert alert-success mt-3" role="status">{action.done}</div>}</div>
    </section>
  );
}

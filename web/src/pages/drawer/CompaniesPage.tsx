/** The consultant's home: the companies with an active delegation, and their requests. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import { staffApi, useStaffData } from '../../staff/api';
import { Problem, ThreadTable } from './parts';

export default function CompaniesPage() {
  const { t } = useTranslation();
  useTitle(t('drawer.companies.title'));
  const companies = useStaffData('/api/drawer/companies', () => staffApi.GET('/api/drawer/companies'));
  const threads = useStaffData('/api/drawer/threads?limit=100', () => staffApi.GET('/api/drawer/threads', { params: { query: { limit: 100 } } }));
  return (
    <>
      <h1 className="h2">{t('drawer.companies.title')}</h1>
      <p>{t('drawer.companies.lead')}</p>
      <Problem error={companies.error ?? threads.error} />
      {companies.loading && !companies.data ? <Loading /> : companies.data && (
        companies.data.items.length === 0 ? <p>{t('drawer.companies.empty')}</p> : (
          <ul className="list-unstyled row g-3">
            {companies.data.items.map((c) => (
              <li key={c.id} className="col-12 col-md-6 col-lg-4">
                <div className="card card-bg h-100 border rounded">
                  <div className="card-body">
                    <h2 className="h5 card-title">{c.name}</h2>
                    <p className="mb-1">{t('drawer.companies.matricola', { matricola: c.matricola })}</p>
                    <p className="mb-2 small">{t('drawer.companies.office', { office: c.officeName })}</p>
                    <p className="mb-2">
                      <span className="badge bg-primary me-1">{t('drawer.companies.open', { count: c.open })}</span>
                      <span className="badge bg-warning text-dark">{t('drawer.companies.inCharge', { count: c.inCharge })}</span>
                    </p>
                    <Link className="btn btn-outline-primary btn-sm" to={`/cassetto/nuova?azienda=${c.id}`}>
                      {t('drawer.companies.newFor', { name: c.name })}
                    </Link>
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )
      )}
      <h2 className="h3 mt-4">{t('drawer.companies.threads')}</h2>
      {threads.loading && !threads.data ? <Loading /> : threads.data && <ThreadTable items={threads.data.items} showAssignee={false} />}
    </>
  );
}

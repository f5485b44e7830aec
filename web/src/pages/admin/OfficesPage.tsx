import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import { staffApi, useStaffData } from './adminApi';
import { ProblemMessage } from './ProblemMessage';

/** The offices the admin administers (an office admin: theirs; a regional admin: the region). */
export default function OfficesPage() {
  const { t } = useTranslation();
  useTitle(t('admin.offices.title'));
  const offices = useStaffData('/api/staff/admin/offices', () => staffApi.GET('/api/staff/admin/offices'));
  return (
    <>
      <h1>{t('admin.offices.title')}</h1>
      <p className="lead">{t('admin.offices.lead')}</p>
      <ProblemMessage error={offices.error} />
      {offices.loading && !offices.data && <Loading inline />}
      {offices.data && (
        <div className="table-responsive" tabIndex={0} role="region" aria-label={t('admin.offices.title')}>
          <table className="table">
            <caption>{t('admin.offices.caption', { count: offices.data.items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.offices.office')}</th>
                <th scope="col">{t('admin.offices.code')}</th>
                <th scope="col">{t('admin.offices.province')}</th>
                <th scope="col">{t('admin.offices.desks')}</th>
              </tr>
            </thead>
            <tbody>
              {offices.data.items.map((o) => (
                <tr key={o.id}>
                  <th scope="row"><Link to={`/admin/sedi/${o.id}`}>{o.name}</Link> <span className="text-muted">({o.town})</span></th>
                  <td>{o.code}</td>
                  <td>{o.provinceCode}</td>
                  <td>{o.deskCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

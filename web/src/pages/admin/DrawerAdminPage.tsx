import './intermediaries-i18n';
import { useTranslation } from 'react-i18next';
import { useTitle } from '../../components/useTitle';
import { staffApi, useStaffData } from './adminApi';
import { CompaniesSection } from './CompaniesSection';
import { DelegationsSection } from './DelegationsSection';

/** The drawer's companies and their consultants' delegations, for the office's or the region's administrator. */
export default function DrawerAdminPage() {
  const { t } = useTranslation();
  useTitle(t('admin.drawerAdmin.title'));
  const companies = useStaffData('/api/staff/drawer/companies', () => staffApi.GET('/api/staff/drawer/companies'));
  return (
    <>
      <h1>{t('admin.drawerAdmin.title')}</h1>
      <p className="lead">{t('admin.drawerAdmin.lead')}</p>
      <CompaniesSection companies={companies} />
      <DelegationsSection companies={companies.data?.items ?? []} onChanged={companies.reload} />
    </>
  );
}

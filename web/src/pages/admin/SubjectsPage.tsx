import './subjects-i18n';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import { staff, staffApi, useStaffData } from './adminApi';
import { ProblemMessage } from './ProblemMessage';
import { SubjectArea } from './SubjectArea';
import { SubjectForm, type NewSubject } from './SubjectForm';
import { useAction } from './useAction';

/** The drawer's two-level subject tree of the region (regional administrator): areas, subjects, SLA, desk. */
export default function SubjectsPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('admin.subjects.title'));
  const tree = useStaffData('/api/staff/drawer/subjects', () => staffApi.GET('/api/staff/drawer/subjects'));
  const action = useAction();
  const items = tree.data?.items ?? [];
  const areas = items.filter((s) => s.level === 1);
  const createArea = async (fields: NewSubject) => {
    const ok = await action.run(() => staff(staffApi.POST('/api/staff/drawer/subjects', { body: fields })), t('admin.subjects.created', { name: i18n.language === 'en' ? fields.en : fields.it }));
    if (ok) tree.reload();
    return ok;
  };
  return (
    <>
      <h1>{t('admin.subjects.title')}</h1>
      <p className="lead">{t('admin.subjects.lead', { region: tree.data?.regionCode ?? '' })}</p>
      <ProblemMessage error={tree.error} />
      <div aria-live="polite">{action.done && <div className="alert alert-success" role="status">{action.done}</div>}</div>
      <ProblemMessage error={action.error} />
      {tree.loading && !tree.data && <Loading inline />}
      {tree.data && areas.length === 0 && <p>{t('admin.subjects.none')}</p>}
      {areas.map((a) => (
        <SubjectArea key={a.id} area={a} subjects={items.filter((s) => s.parentId === a.id)} action={action} onChanged={tree.reload} />
      ))}
      {tree.data && (
        <section aria-labelledby="new-area" className="admin-section border-top pt-3">
          <h2 id="new-area" className="h4">{t('admin.subjects.newArea')}</h2>
          <SubjectForm idPrefix="new-area" leaf={false} submitLabel={t('admin.subjects.createArea')} busy={action.busy} onSubmit={createArea} />
        </section>
      )}
    </>
  );
}

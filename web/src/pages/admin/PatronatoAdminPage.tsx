import './intermediaries-i18n';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import { staff, staffApi, useStaffData } from './adminApi';
import { PatronatoOffices } from './PatronatoOffices';
import { PatronatoOperators } from './PatronatoOperators';
import { ProblemMessage } from './ProblemMessage';
import { useAction } from './useAction';

/** One patronato (regional administrator): its name and state, its local offices, its operators. */
export default function PatronatoAdminPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const location = useLocation();
  const p = useStaffData(`/api/staff/patronati/${id}`, () => staffApi.GET('/api/staff/patronati/{id}', { params: { path: { id: id ?? '' } } }));
  useTitle(p.data ? p.data.name : t('admin.patronati.title'));
  const action = useAction();
  const [f, setF] = useState({ name: '', active: true });
  useEffect(() => {
    if (p.data) setF({ name: p.data.name, active: p.data.active });
  }, [p.data]);
  const arrived = (location.state as { notice?: string } | null)?.notice ?? null;

  if (!p.data) return p.error ? <ProblemMessage error={p.error} /> : <Loading />;
  const pat = p.data;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (await action.run(() => staff(staffApi.PATCH('/api/staff/patronati/{id}', { params: { path: { id: pat.id } }, body: { name: f.name.trim(), active: f.active } })), t('admin.patronati.saved'))) p.reload();
  };
  return (
    <>
      <p><Link to="/admin/patronati">{t('admin.patronati.back')}</Link></p>
      <h1>
        <span className="d-block small text-muted">{pat.accreditationCode}</span>
        {pat.name}
      </h1>
      <div aria-live="polite">
        {(action.done ?? arrived) && <div className="alert alert-success" role="status">{action.done ?? arrived}</div>}
      </div>
      <section aria-labelledby="pat-edit" className="mb-5 admin-section">
        <h2 id="pat-edit" className="h4">{t('admin.patronati.editTitle')}</h2>
        <form onSubmit={(e) => void save(e)}>
          <div className="row align-items-end">
            <div className="form-group col-12 col-md-6">
              <label htmlFor="pe-name" className="active">{t('admin.patronati.name')}</label>
              <input id="pe-name" type="text" className="form-control" required minLength={2} maxLength={120} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
            </div>
            <div className="form-check col-12 col-md-6 mb-4">
              <input id="pe-active" type="checkbox" className="form-check-input" checked={f.active} onChange={(e) => setF({ ...f, active: e.target.checked })} />
              <label htmlFor="pe-active" className="form-check-label">{t('admin.patronati.activeLabel')}</label>
            </div>
          </div>
          <button type="submit" className="btn btn-primary" disabled={action.busy}>{t('admin.patronati.save')}</button>
        </form>
        <ProblemMessage error={action.error} />
      </section>
      <PatronatoOffices patronato={pat} onChanged={p.reload} />
      <PatronatoOperators patronato={pat} onChanged={p.reload} />
    </>
  );
}

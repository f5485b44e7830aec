import './intermediaries-i18n';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import { staff, staffApi, useStaffData } from './adminApi';
import type { Patronato } from './patronatiApi';
import { ProblemMessage } from './ProblemMessage';
import { useAction } from './useAction';

/** The region's patronati (regional administrator): the list, and a new organisation. */
export default function PatronatiPage() {
  const { t } = useTranslation();
  useTitle(t('admin.patronati.title'));
  const list = useStaffData('/api/staff/patronati', () => staffApi.GET('/api/staff/patronati'));
  const navigate = useNavigate();
  const action = useAction();
  const [f, setF] = useState({ name: '', accreditationCode: '' });

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const box: { made?: Patronato } = {};
    const ok = await action.run(async () => {
      box.made = await staff(staffApi.POST('/api/staff/patronati', { body: { name: f.name.trim(), accreditationCode: f.accreditationCode.trim() } }));
    }, t('admin.patronati.created', { name: f.name.trim() }));
    if (ok && box.made) navigate(`/admin/patronati/${box.made.id}`, { state: { notice: t('admin.patronati.created', { name: box.made.name }) } });
  };

  return (
    <>
      <h1>{t('admin.patronati.title')}</h1>
      <p className="lead">{t('admin.patronati.lead')}</p>
      <ProblemMessage error={list.error} />
      {list.loading && !list.data && <Loading inline />}
      {list.data && (list.data.items.length === 0 ? <p>{t('admin.patronati.none')}</p> : (
        <div className="table-responsive mb-5" tabIndex={0} role="region" aria-label={t('admin.patronati.title')}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('admin.patronati.name')}</th>
                <th scope="col">{t('admin.patronati.code')}</th>
                <th scope="col">{t('admin.patronati.state')}</th>
                <th scope="col">{t('admin.patronati.offices')}</th>
                <th scope="col">{t('admin.patronati.operators')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => (
                <tr key={p.id}>
                  <th scope="row"><Link to={`/admin/patronati/${p.id}`} aria-label={t('admin.patronati.open', { name: p.name })}>{p.name}</Link></th>
                  <td><code>{p.accreditationCode}</code></td>
                  <td>{p.active ? t('admin.patronati.active') : t('admin.patronati.inactive')}</td>
                  <td>{p.offices.length}</td>
                  <td>{p.operators.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <section aria-labelledby="pat-new" className="admin-section">
        <h2 id="pat-new" className="h4">{t('admin.patronati.newTitle')}</h2>
        <form onSubmit={(e) => void create(e)}>
          <div className="row">
            <div className="form-group col-12 col-md-6">
              <label htmlFor="pat-name" className="active">{t('admin.patronati.name')}</label>
              <input id="pat-name" type="text" className="form-control" required minLength={2} maxLength={120} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
            </div>
            <div className="form-group col-12 col-md-6">
              <label htmlFor="pat-code" className="active">{t('admin.patronati.code')}</label>
              <input id="pat-code" type="text" className="form-control" required maxLength={20} pattern="[A-Za-z0-9][A-Za-z0-9\-]{1,19}" aria-describedby="pat-code-help"
                value={f.accreditationCode} onChange={(e) => setF({ ...f, accreditationCode: e.target.value })} />
              <small id="pat-code-help" className="form-text">{t('admin.patronati.codeHelp')}</small>
            </div>
          </div>
          <button type="submit" className="btn btn-primary" disabled={action.busy}>{t('admin.patronati.create')}</button>
        </form>
        <ProblemMessage error={action.error} />
      </section>
    </>
  );
}

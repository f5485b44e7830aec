import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import { staffApi, useStaffData } from './adminApi';
import { ProblemMessage } from './ProblemMessage';
import { roleLabel, scopeLabel } from './roleLabels';

/** Staff accounts within the admin's scope: search, state, roles; link to each. */
export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'it';
  useTitle(t('admin.users.title'));
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const path = `/api/staff/users?limit=50${query ? `&q=${encodeURIComponent(query)}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  const users = useStaffData(path, () => staffApi.GET('/api/staff/users', { params: { query: { limit: 50, ...(query ? { q: query } : {}), ...(cursor ? { cursor } : {}) } } }));
  const roles = useStaffData('/api/staff/roles', () => staffApi.GET('/api/staff/roles'));

  const search = (e: FormEvent) => {
    e.preventDefault();
    setCursor(null);
    setQuery(q.trim());
  };

  return (
    <>
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-3 mb-3">
        <h1 className="mb-0">{t('admin.users.title')}</h1>
        <Link to="/admin/utenti/nuovo" className="btn btn-primary">{t('admin.users.new')}</Link>
      </div>
      <form role="search" className="d-flex gap-2 align-items-end mb-4" onSubmit={search}>
        <div className="form-group mb-0 flex-grow-1">
          <label htmlFor="users-q" className="active">{t('admin.users.search')}</label>
          <input id="users-q" type="search" className="form-control" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <button type="submit" className="btn btn-outline-primary">{t('admin.users.searchButton')}</button>
      </form>
      <ProblemMessage error={users.error} />
      {users.loading && !users.data && <Loading inline />}
      {users.data && (
        <div className="table-responsive" tabIndex={0} role="region" aria-label={t('admin.users.title')}>
          <table className="table">
            <caption>{t('admin.users.caption', { count: users.data.items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.users.username')}</th>
                <th scope="col">{t('admin.users.name')}</th>
                <th scope="col">{t('admin.users.roles')}</th>
                <th scope="col">{t('admin.users.state')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    <Link to={`/admin/utenti/${u.id}`}>{u.username}</Link>
                  </th>
                  <td>{u.displayName}</td>
                  <td>
                    <ul className="list-unstyled mb-0">
                      {u.grants.map((g) => (
                        <li key={g.id}>
                          {roleLabel(roles.data?.items ?? null, g.role, lang)} — {scopeLabel(g, lang)}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {!u.active ? t('admin.users.disabled') : u.locked ? t('admin.users.locked') : t('admin.users.active')}
                    {u.demo && <span className="badge bg-warning text-dark ms-2">{t('admin.users.demo')}</span>}
                    {u.sso && <span className="badge bg-secondary ms-2">SSO</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {users.data?.nextCursor && (
        <button type="button" className="btn btn-outline-primary" onClick={() => setCursor(users.data!.nextCursor)}>
          {t('admin.users.more')}
        </button>
      )}
    </>
  );
}

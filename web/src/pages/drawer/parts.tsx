/** Small pieces shared by the drawer's screens. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { AdminApiError } from '../../staff/api';
import { formatDateTime } from '../../lib/time';
import type { ThreadState, ThreadSummary } from './api';

export const useLang = (): 'it' | 'en' => (useTranslation().i18n.language === 'en' ? 'en' : 'it');

export function Problem({ error }: { error: AdminApiError | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!error) return null;
  const p = error.problem;
  return (
    <div className="alert alert-danger" role="alert">
      <p className="mb-0">{p ? p.messages[lang] : t('drawer.common.error')}</p>
      {p?.fields && p.fields.length > 0 && (
        <ul className="mb-0 mt-2">
          {p.fields.map((f, i) => (
            <li key={i}>{f[lang]}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

const BADGE: Record<ThreadState, string> = { open: 'bg-primary', in_charge: 'bg-warning text-dark', closed: 'bg-secondary' };

export function StateBadge({ state }: { state: ThreadState }) {
  const { t } = useTranslation();
  return <span className={`badge ${BADGE[state]}`}>{t(`drawer.state.${state}`)}</span>;
}

/** The list of requests: a table that scrolls sideways on a phone. */
export function ThreadTable({ items, showAssignee }: { items: ThreadSummary[]; showAssignee: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (items.length === 0) return <p>{t('drawer.list.empty')}</p>;
  return (
    <div className="table-responsive">
      <table className="table table-sm align-middle">
        <caption className="visually-hidden">{t('drawer.list.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('drawer.list.protocol')}</th>
            <th scope="col">{t('drawer.list.company')}</th>
            <th scope="col">{t('drawer.list.subject')}</th>
            <th scope="col">{t('drawer.list.state')}</th>
            <th scope="col">{t('drawer.list.due')}</th>
            {showAssignee && <th scope="col">{t('drawer.list.assignee')}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((x) => (
            <tr key={x.id}>
              <th scope="row">
                <Link to={`/cassetto/pratiche/${x.id}`}>{x.protocol}</Link>
                <div className="small fw-normal">{x.title}</div>
              </th>
              <td>
                {x.company.name}
                <div className="small text-muted">{x.company.matricola}</div>
              </td>
              <td>{lang === 'it' ? x.subject.it : x.subject.en}</td>
              <td><StateBadge state={x.state} /></td>
              <td>
                {formatDateTime(x.dueAt, lang)}
                {x.overdue && <span className="badge bg-danger ms-1">{t('drawer.list.overdue')}</span>}
              </td>
              {showAssignee && <td>{x.assignee?.name ?? '—'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

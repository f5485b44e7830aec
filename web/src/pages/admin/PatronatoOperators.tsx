import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { staff, staffApi, useStaffData } from './adminApi';
import type { Patronato } from './patronatiApi';
import { ProblemMessage } from './ProblemMessage';
import { useAction } from './useAction';

/** The operators who work for a patronato: linked accounts (role patronato_operator), link and unlink. */
export function PatronatoOperators({ patronato, onChanged }: { patronato: Patronato; onChanged: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const accounts = useStaffData('/api/staff/users?role=patronato_operator&limit=200', () => staffApi.GET('/api/staff/users', { params: { query: { role: 'patronato_operator', limit: 200 } } }));
  const [chosen, setChosen] = useState('');
  const linked = new Set(patronato.operators.map((o) => o.id));
  const candidates = (accounts.data?.items ?? []).filter((u) => u.active && !linked.has(u.id));

  const link = async (e: FormEvent) => {
    e.preventDefault();
    const who = candidates.find((u) => u.id === chosen);
    if (!who) return;
    if (await action.run(() => staff(staffApi.PUT('/api/staff/patronati/{id}/operators/{userId}', { params: { path: { id: patronato.id, userId: who.id } } })), t('admin.patronati.linked', { name: who.displayName }))) {
      setChosen('');
      onChanged();
    }
  };
  const unlink = async (userId: string) => {
    if (await action.run(() => staff(staffApi.DELETE('/api/staff/patronati/{id}/operators/{userId}', { params: { path: { id: patronato.id, userId } } })), t('admin.patronati.unlinked'))) onChanged();
  };
  return (
    <section aria-labelledby="pat-operators" className="mb-5 admin-section">
      <h2 id="pat-operators" className="h4">{t('admin.patronati.operators')}</h2>
      <p>{t('admin.patronati.operatorsLead')}</p>
      {patronato.operators.length === 0 ? <p>{t('admin.patronati.noOperators')}</p> : (
        <ul className="list-unstyled">
          {patronato.operators.map((o) => (
            <li key={o.id} className="d-flex flex-wrap align-items-center gap-2 border-bottom py-2">
              <span className="flex-grow-1"><strong>{o.displayName}</strong> <code>{o.username}</code></span>
              <button type="button" className="btn btn-outline-danger btn-sm" disabled={action.busy} onClick={() => void unlink(o.id)}
                aria-label={t('admin.patronati.unlink', { name: o.displayName })}>
                {t('admin.patronati.unlinkShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ProblemMessage error={accounts.error} />
      {accounts.data && (candidates.length === 0 ? <p className="text-muted">{t('admin.patronati.noCandidates')}</p> : (
        <form onSubmit={(e) => void link(e)} className="mt-3">
          <div className="mb-3 col-12 col-md-8 px-0">
            <label htmlFor="pop-user" className="form-label">{t('admin.patronati.operator')}</label>
            <select id="pop-user" className="form-select" required value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value="" disabled>—</option>
              {candidates.map((u) => <option key={u.id} value={u.id}>{u.displayName} ({u.username})</option>)}
            </select>
          </div>
          <button type="submit" className="btn btn-outline-primary" disabled={action.busy || !chosen}>{t('admin.patronati.link')}</button>
        </form>
      ))}
      <ProblemMessage error={action.error} />
      <div aria-live="polite">{action.done && <div className="alert alert-success mt-3" role="status">{action.done}</div>}</div>
    </section>
  );
}

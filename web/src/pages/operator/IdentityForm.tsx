import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiData } from '../../api/client';
import { AdminApiError, staff, staffApi } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';
import { maskTaxCode, type AgendaItem } from './operatorApi';

export function IdentityForm({ item, onDone }: { item: AgendaItem; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const [taxCode, setTaxCode] = useState('');
  const [pin, setPin] = useState('');
  const [result, setResult] = useState<ApiData<'/api/staff/agenda/bookings/{id}/identity', 'post'> | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const cf = useId();
  const pinId = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setResult(await staff(staffApi.POST('/api/staff/agenda/bookings/{id}/identity', { params: { path: { id: item.bookingId } }, body: { taxCode, pin } })));
      setPin('');
      await onDone();
    } catch (err) {
      setError(err as AdminApiError);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="mb-3" aria-labelledby={`${cf}-h`}>
      <h3 id={`${cf}-h`} className="h6">{t('operator.identity.title')}</h3>
      {item.identityVerified && <p className="text-success">{t('operator.identity.already')}</p>}
      <div className="row g-2 align-items-end">
        <div className="col-sm-5">
          <label htmlFor={cf} className="form-label">{t('operator.identity.taxCode')}</label>
          <input id={cf} type="password" className="form-control" autoComplete="off" spellCheck={false} value={taxCode} onChange={(e) => setTaxCode(e.target.value)} aria-describedby={`${cf}-m`} />
          <small id={`${cf}-m`} className="form-text" data-testid="masked-cf">{taxCode ? maskTaxCode(taxCode) : t('operator.identity.taxCodeHelp')}</small>
        </div>
        <div className="col-sm-3">
          <label htmlFor={pinId} className="form-label">{t('operator.identity.pin')}</label>
          <input id={pinId} type="password" inputMode="numeric" className="form-control" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
        </div>
        <div className="col-sm-4">
          <button type="submit" className="btn btn-primary" disabled={!taxCode || !pin}>{t('operator.identity.check')}</button>
        </div>
      </div>
      <div aria-live="polite">
        {result && (
          <p className={`mt-2 ${result.verified ? 'text-success' : 'text-danger'}`} data-testid="identity-result">
            {t(`operator.identity.result.${result.result}`, { count: result.attemptsLeft ?? 0 })}
            {result.flagged && ` ${t('operator.identity.flagged')}`}
          </p>
        )}
      </div>
      {error && <ProblemMessage error={error} />}
    </form>
  );
}

/** A free slot of the follow-up desk, picked from its real availability (never a typed time). */

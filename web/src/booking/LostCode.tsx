import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, write } from '../api/client';
import { currentLang } from '../i18n';
import { ProblemAlert } from './ProblemAlert';
import { normaliseTaxCode, taxCodeProblem } from './validation';

/** "I lost my code": the bookings are sent again to the contact they were made with. */
export function LostCode() {
  const { t } = useTranslation();
  const id = useId();
  const [taxCode, setTaxCode] = useState('');
  const [contact, setContact] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  return (
    <section className="mt-5 lost-code" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="h4">
        {t('lost.title')}
      </h2>
      <button type="button" className="btn btn-link px-0" aria-expanded={open} aria-controls={`${id}-form`} onClick={() => setOpen((o) => !o)}>
        {t('lost.open')}
      </button>
      {open && (
      <div id={`${id}-form`}>
      <p>{t('lost.lead')}</p>
      <form
        className="sp-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const tax = normaliseTaxCode(taxCode);
          const p = taxCodeProblem(tax);
          if (p) return setProblem(t(`form.error.taxCode.${p}`, { count: tax.length }));
          if (!contact.trim()) return setProblem(t('lost.contactRequired'));
          setProblem(null);
          setError(null);
          setBusy(true);
          const body = contact.includes('@') ? { taxCode: tax, email: contact.trim() } : { taxCode: tax, phone: contact.trim() };
          write((init) => api.POST('/api/bookings/resend', { body, ...init })).then(
            (r) => {
              setAnswer(r.data.message[currentLang()]);
              setBusy(false);
            },
            (err: unknown) => {
              setError(err);
              setBusy(false);
            },
          );
        }}
      >
        <div className="form-group sp-field">
          <label htmlFor={`${id}-tax`}>{t('form.taxCode.label')}</label>
          <input id={`${id}-tax`} className="form-control tax-code-input" value={taxCode} autoComplete="off" autoCapitalize="characters" spellCheck={false} onChange={(e) => setTaxCode(e.target.value)} />
        </div>
        <div className="form-group sp-field">
          <label htmlFor={`${id}-contact`}>{t('lost.contact')}</label>
          <small id={`${id}-contact-hint`} className="form-text sp-hint">
            {t('lost.contactHint')}
          </small>
          <input id={`${id}-contact`} className="form-control" value={contact} autoComplete="email" aria-describedby={`${id}-contact-hint`} onChange={(e) => setContact(e.target.value)} />
        </div>
        <div aria-live="polite">
          {problem && (
            <p className="sp-error">
              <span className="visually-hidden">{t('form.errorPrefix')} </span>
              {problem}
            </p>
          )}
        </div>
        {error !== null && !busy && <ProblemAlert error={error} />}
        <p role="status" className={answer ? 'alert alert-success' : 'visually-hidden'}>
          {answer ?? ''}
        </p>
        <button type="submit" className="btn btn-outline-primary" disabled={busy}>
          {busy ? t('state.loading') : t('lost.send')}
        </button>
      </form>
      </div>
      )}
    </section>
  );
}

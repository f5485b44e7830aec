import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { BookingKey } from '../api/booking';
import { ProblemAlert } from './ProblemAlert';
import { normaliseTaxCode, taxCodeProblem } from './validation';
import { mayBeBookingCode, readWaitlistCode } from '../../../src/domain/booking/booking-code';

/** The code as typed, tidied; the server reads it (readBookingCode: no dashes, 0/O and 1/I confused). */
const tidyCode = (input: string): string => input.trim().toUpperCase().replace(/\s+/g, ' ');

/** Code + tax code: a booking's, or a waiting-list place's (LA-…). */
export function LookupForm({
  initial,
  onSearch,
  busy,
  error,
}: {
  initial: BookingKey | null;
  onSearch: (k: BookingKey) => void;
  busy: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [code, setCode] = useState(initial?.code ?? '');
  const [taxCode, setTaxCode] = useState(initial?.taxCode ?? '');
  const [errors, setErrors] = useState<{ code?: string; taxCode?: string }>({});
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  const check = (field: 'code' | 'taxCode', c = code, tc = taxCode) => {
    if (field === 'code') {
      const v = tidyCode(c);
      return v === '' ? t('manage.error.codeRequired') : mayBeBookingCode(v) || readWaitlistCode(v) ? undefined : t('manage.error.codeFormat');
    }
    const p = taxCodeProblem(tc);
    return p ? t(`form.error.taxCode.${p}`, { count: normaliseTaxCode(tc).length }) : undefined;
  };

  return (
    <form
      className="sp-form lookup-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const next = { code: check('code'), taxCode: check('taxCode') };
        setErrors(next);
        if (next.code) document.getElementById(`${id}-code`)?.focus();
        else if (next.taxCode) document.getElementById(`${id}-tax`)?.focus();
        else onSearch({ code: tidyCode(code), taxCode: normaliseTaxCode(taxCode) });
      }}
    >
      <div className={`form-group sp-field${errors.code ? ' has-error' : ''}`}>
        <label htmlFor={`${id}-code`}>{t('manage.code')}</label>
        <small id={`${id}-code-hint`} className="form-text sp-hint">
          {t('manage.codeHint')}
        </small>
        <input
          id={`${id}-code`}
          className="form-control font-monospace"
          value={code}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          onChange={(e) => setCode(e.target.value)}
          onBlur={() => setErrors((x) => ({ ...x, code: code ? check('code') : undefined }))}
          aria-invalid={errors.code ? true : undefined}
          aria-describedby={`${id}-code-hint${errors.code ? ` ${id}-code-error` : ''}`}
        />
        <div aria-live="polite">
          {errors.code && (
            <p id={`${id}-code-error`} className="sp-error">
              <span className="visually-hidden">{t('form.errorPrefix')} </span>
              {errors.code}
            </p>
          )}
        </div>
      </div>
      <div className={`form-group sp-field${errors.taxCode ? ' has-error' : ''}`}>
        <label htmlFor={`${id}-tax`}>{t('form.taxCode.label')}</label>
        <input
          id={`${id}-tax`}
          className="form-control tax-code-input"
          value={taxCode}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          onChange={(e) => setTaxCode(e.target.value)}
          onBlur={() => setErrors((x) => ({ ...x, taxCode: taxCode ? check('taxCode') : undefined }))}
          aria-invalid={errors.taxCode ? true : undefined}
          aria-describedby={errors.taxCode ? `${id}-tax-error` : undefined}
        />
        <div aria-live="polite">
          {errors.taxCode && (
            <p id={`${id}-tax-error`} className="sp-error">
              <span className="visually-hidden">{t('form.errorPrefix')} </span>
              {errors.taxCode}
            </p>
          )}
        </div>
      </div>
      <div ref={errorRef} tabIndex={-1} className="focus-target">
        {error !== null && !busy && <ProblemAlert error={error} />}
      </div>
      <button type="submit" className="btn btn-primary mt-2" disabled={busy}>
        {busy ? t('state.loading') : t('manage.search')}
      </button>
      <p className="mt-4">
        {t('manage.noCode')} <Link to="/prenota">{t('manage.bookNew')}</Link>
      </p>
    </form>
  );
}


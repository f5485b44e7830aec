import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** The booking's PIN (shown once when booking, never sent in messages): asked before a cancel or a move. */
export function PinField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string | null }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className={`form-group sp-field${error ? ' has-error' : ''}`}>
      <label htmlFor={`${id}-pin`}>{t('pin.label')}</label>
      <input
        id={`${id}-pin`}
        className="form-control pin-input"
        inputMode="numeric"
        autoComplete="off"
        maxLength={8}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-pin-hint${error ? ` ${id}-pin-error` : ''}`}
      />
      <small id={`${id}-pin-hint`} className="form-text sp-hint">
        {t('pin.hint')}
      </small>
      {error && (
        <p id={`${id}-pin-error`} className="sp-error">
          {error}
        </p>
      )}
    </div>
  );
}

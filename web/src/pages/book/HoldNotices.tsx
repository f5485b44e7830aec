import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { updateFlow } from '../../booking/flow';
import { STEP_PATH } from './FlowFrame';
import { dropHold } from './holdShared';

export function HoldLost({ reason }: { reason: 'expired' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="alert alert-danger hold-expired" role="alert" tabIndex={-1} ref={ref} data-testid="hold-expired">
      <h2 className="h4">{t(`hold.${reason}Title`)}</h2>
      <p>{t(`hold.${reason}Text`)}</p>
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => {
          void dropHold();
          navigate(STEP_PATH.slot);
        }}
      >
        {t('hold.backToSlots')}
      </button>
    </div>
  );
}

/**
 * The server gave the place back after a refusal (already booked here, too many bookings on
 * one contact): said instead of a countdown that would claim the place is still held.
 */
export function HoldReleased({ backToSlots }: { backToSlots: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="alert alert-info hold-released" data-testid="hold-released">
      <p className="mb-2">{t('hold.releasedText')}</p>
      {backToSlots && (
        <button
          type="button"
          className="btn btn-outline-primary"
          onClick={() => {
            updateFlow({ hold: null, submit: null });
            navigate(STEP_PATH.slot);
          }}
        >
          {t('hold.backToSlots')}
        </button>
      )}
    </div>
  );
}

/** Step 6: personal data, while the place is held. */

import { MessagesSent } from '../../booking/MessagesSent';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { BookingDetails, CalendarButton, WhatNext } from '../../booking/BookingDetails';
import { resetFlow, useFlow } from '../../booking/flow';
import { personPayload } from '../../booking/validation';
import { FlowFrame, STEP_PATH } from './FlowFrame';

export function DoneStep() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const flow = useFlow();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const result = flow.result;
  if (!result) return null;
  const { booking, pin } = result;
  const taxCode = personPayload(flow.person).taxCode;
  return (
    <FlowFrame step="done" title={t('done.title')}>
      <div className="alert alert-success done-box" role="status" tabIndex={-1} ref={ref}>
        <p className="fs-5 mb-2">{t('done.booked')}</p>
        <div className="done-secrets">
          <div>
            <p className="done-label mb-0">{t('booking.code')}</p>
            <p className="done-value mb-0" data-testid="done-code">
              {booking.code}
            </p>
          </div>
          <div>
            <p className="done-label mb-0">{t('done.pin')}</p>
            <p className="done-value mb-0" data-testid="done-pin">
              {pin}
            </p>
          </div>
        </div>
        <p className="mt-3 mb-0 fw-semibold">{t('done.keep')}</p>
      </div>
      <BookingDetails booking={booking} />
      <WhatNext booking={booking} station={flow.station} />
      <MessagesSent bookingKey={{ code: booking.code, taxCode }} />
      <div className="d-flex flex-wrap gap-3 mt-4 d-print-none">
        <CalendarButton bookingKey={{ code: booking.code, taxCode }} />
        <button type="button" className="btn btn-outline-primary" onClick={() => window.print()}>
          {t('done.print')}
        </button>
        <Link to="/prenotazione" className="btn btn-outline-primary">
          {t('done.manage')}
        </Link>
        <button
          type="button"
          className="btn btn-link"
          onClick={() => {
            resetFlow();
            navigate(STEP_PATH.province);
          }}
        >
          {t('done.another')}
        </button>
      </div>
    </FlowFrame>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import { formatDateTime } from '../../lib/time';
import type { ApiData } from '../../api/client';
import { CodeGroups } from './BookingList';
import { Kbd } from './Kbd';
import { StationReadOut, type ReceptionStation } from './StationChoice';

/** What a booking made on a caller's behalf answers (at a desk or, the citizen's view, at a station), with its station. */
export type MadeBooking = (ApiData<'/api/staff/bookings', 'post'> | ApiData<'/api/staff/stations/{id}/bookings', 'post'>) & { station: ReceptionStation | null };

export function BookingDone({ result }: { result: MadeBooking }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [copied, setCopied] = useState(false);
  const b = result.booking;
  const pinGroups = `${result.pin.slice(0, 3)} ${result.pin.slice(3)}`;
  const copy = async () => {
    const text = `${b.code} PIN ${result.pin}`;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.createElement('textarea');
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
  };
  return (
    <section className="rc-result" aria-labelledby="rc-result-title">
      <h2 id="rc-result-title" className="h4">
        {t('reception.done.title')}
      </h2>
      <p className="visually-hidden" role="status">
        {t('reception.done.announce', { code: b.code.split('-').join(' '), pin: result.pin.split('').join(' ') })}
      </p>
      <dl className="rc-readout">
        <div>
          <dt>{t('reception.done.code')}</dt>
          <dd data-testid="booking-code">
            <CodeGroups code={b.code} />
          </dd>
        </div>
        <div>
          <dt>{t('reception.done.pin')}</dt>
          <dd className="rc-mono" data-testid="booking-pin">
            {pinGroups}
          </dd>
        </div>
      </dl>
      <p className="mb-2">
        {formatDateTime(b.start, lang)} · {b.office.name} · {t('reception.book.deskN', { number: b.desk.number })} {b.desk.name[lang]}
      </p>
      {result.station && <StationReadOut station={result.station} />}
      <p className="small mb-2">{t('reception.done.readOut')}</p>
      <div className="d-flex flex-wrap align-items-center gap-2">
        <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => void copy()}>
          {t('reception.done.copy')}
        </button>
        <span role="status" className="small">
          {copied ? t('reception.done.copied') : ''}
        </span>
        <span className="small ms-auto rc-next">
          {t('reception.done.next')} <Kbd keys="Alt+N" />
        </span>
      </div>
    </section>
  );
}

/** What the citizen sent through the booking's upload link ("documents needed"), in the console: the link's state and each document to download. */
import '../uploads/i18n';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import { formatDateTime } from '../../lib/time';
import type { ApiData } from '../../api/client';
import { staff, staffApi } from '../../staff/api';
import { formatSize } from '../uploads/api';

type Documents = ApiData<'/api/staff/agenda/bookings/{id}/documents'>;

export function BookingDocuments({ bookingId, version }: { bookingId: string; version: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [d, setD] = useState<Documents | null>(null);
  useEffect(() => {
    let live = true;
    staff(staffApi.GET('/api/staff/agenda/bookings/{id}/documents', { params: { path: { id: bookingId } } })).then((x) => live && setD(x), () => undefined);
    return () => {
      live = false;
    };
  }, [bookingId, version]);
  if (!d?.link) return null;
  const { link } = d;
  const expired = !link.usedAt && Date.parse(link.expiresAt) <= Date.now();
  return (
    <section className="mb-2" aria-labelledby={`docs-${bookingId}`} data-testid="booking-documents">
      <h3 className="h6" id={`docs-${bookingId}`}>{t('uploads.console.title')}</h3>
      <p className="small mb-1">
        {link.usedAt ? t('uploads.console.linkUsed', { when: formatDateTime(link.usedAt, lang) })
          : expired ? t('uploads.console.linkExpired', { when: formatDateTime(link.expiresAt, lang) })
            : t('uploads.console.linkOpen', { when: formatDateTime(link.expiresAt, lang) })}
        {!link.noticeSentAt && !link.usedAt ? ` ${t('uploads.console.notSent')}` : ''}
      </p>
      {d.items.length === 0 ? <p className="small">{t('uploads.console.none')}</p> : (
        <ul className="small">
          {d.items.map((x) => (
            <li key={x.id}>
              <a href={`/api/staff/booking-documents/${x.id}`} download={x.name}>{t('uploads.console.download', { name: x.name, size: formatSize(x.size, lang) })}</a>
              {' · '}{x.scannedBy === 'clamav' ? t('uploads.console.scanned') : t('uploads.console.notScanned')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

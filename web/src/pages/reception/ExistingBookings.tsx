import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findBookings, type StaffBooking } from './api';
import { BookingList } from './BookingList';

/** The caller's bookings, read as soon as the tax code is right (to move or cancel one instead of booking again). */
export function ExistingBookings({ taxValue, taxProblem }: { taxValue: string; taxProblem: string | null }) {
  const { t } = useTranslation();
  const [existing, setExisting] = useState<{ taxCode: string; items: StaffBooking[] | null; failed?: boolean } | null>(null);
  const [existingN, setExistingN] = useState(0);
  useEffect(() => {
    if (taxProblem) return;
    let live = true;
    setExisting((e) => (e?.taxCode === taxValue ? e : { taxCode: taxValue, items: null }));
    findBookings('taxCode', taxValue).then(
      (items) => live && setExisting({ taxCode: taxValue, items }),
      () => live && setExisting({ taxCode: taxValue, items: [], failed: true }),
    );
    return () => {
      live = false;
    };
  }, [taxValue, taxProblem, existingN]);
  const existingItems = existing && !taxProblem && existing.taxCode === taxValue ? existing.items : undefined;
  return (
    <section className="rc-existing mt-3" aria-labelledby="rc-existing-title">
      <h3 id="rc-existing-title" className="h6 mb-1">
        {t('reception.book.existing')}
      </h3>
      <div aria-live="polite">
        {existingItems === undefined && <p className="mb-0 small">{t('reception.book.existingHint')}</p>}
        {existingItems === null && <p className="mb-0 small">{t('reception.common.loading')}</p>}
        {existingItems && existingItems.length === 0 && <p className="mb-0 small">{existing?.failed ? t('reception.book.existingFailed') : t('reception.book.existingNone')}</p>}
        {existingItems && existingItems.length > 0 && <p className="visually-hidden">{t('reception.book.existingCount', { count: existingItems.length })}</p>}
      </div>
      {existingItems && existingItems.length > 0 && <BookingList items={existingItems} onChanged={() => setExistingN((n) => n + 1)} labelledBy="rc-existing-title" />}
    </section>
  );
}

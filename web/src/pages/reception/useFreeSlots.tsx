import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Slot } from './api';

/**
 * The first free slots of the place chosen (read again whenever the choice changes; none chosen:
 * nothing read), shown `size` at a time, and the one selected.
 */
export function useFreeSlots(loadSlots: () => Promise<Slot[]> | null, size: number) {
  const { t } = useTranslation();
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [slotsError, setSlotsError] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    setSelected(null);
    setPage(0);
    setSlots(null);
    setSlotsError(null);
    const loading = loadSlots();
    if (!loading) return;
    let live = true;
    loading.then(
      (list) => live && setSlots(list),
      () => live && setSlotsError(t('reception.slots.error')),
    );
    return () => {
      live = false;
    };
  }, [loadSlots, t]);
  const shown = useMemo(() => (slots ?? []).slice(page * size, page * size + size), [slots, page, size]);
  return { slots, setSlots, slotsError, page, setPage, selected, setSelected, shown };
}

/** Previous / next page of the free slots, when there is more than one page. */
export function SlotPages({ count, page, size, onPage }: { count: number; page: number; size: number; onPage: (page: number) => void }) {
  const { t } = useTranslation();
  if (count <= size) return null;
  return (
    <div className="d-flex gap-2 mt-2">
      <button type="button" className="btn btn-outline-primary btn-xs" disabled={page === 0} onClick={() => onPage(page - 1)}>
        {t('reception.slots.previous')}
      </button>
      <button type="button" className="btn btn-outline-primary btn-xs" disabled={(page + 1) * size >= count} onClick={() => onPage(page + 1)}>
        {t('reception.slots.next')}
      </button>
    </div>
  );
}

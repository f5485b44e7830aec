import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getFirstAvailable, slotsQuery } from '../api/booking';
import type { Channel, FirstAvailable } from '../api/types';
import { useApiRead } from '../api/useApiRead';
import { InlineError, Loading } from '../components/StateViews';
import { currentLang } from '../i18n';
import { addDays, formatDateTime, todayInRome } from '../lib/time';
import { isBookable } from './dayKind';
import { PickDays } from './PickDays';

/** The API serves at most 62 days per call. */
const MAX_DAYS = 62;

export interface SlotPickerProps {
  deskId: string;
  horizonDays: number;
  channel: Channel;
  priority: boolean;
  /** A slot was chosen. */
  onPick(slot: { start: string; end: string }): void;
  /** Start of the slot being held right now (its button shows it). */
  busy: string | null;
  /** Start of the slot the citizen already has (held or booked): marked, not offered again. */
  current?: string | null;
  /** Changes → the slots are loaded again (after a place was taken under our feet). */
  reloadKey: number;
  /** Shown instead of the days when nothing at all is free in the whole horizon. */
  nothingFree?: ReactNode;
  /** At a municipal station: only the slots inside its opening hours. */
  stationId?: string | null;
  /** The day to show first (chosen on the desk page), when it has free times. */
  initialDay?: string | null;
}

export function SlotPicker(props: SlotPickerProps) {
  const { t } = useTranslation();
  const lang = currentLang();
  const today = todayInRome();
  const days = Math.min(MAX_DAYS, props.horizonDays + 1);
  const to = addDays(today, days - 1);
  // At a municipal station: the desk's video slots inside the station's opening hours.
  const atStation = props.stationId ?? null;
  const deskSlots = useApiRead(atStation ? null : '/api/desks/{id}/slots', { path: { id: props.deskId }, query: slotsQuery(today, to, props.channel, props.priority) });
  const stationSlots = useApiRead(atStation ? '/api/stations/{id}/slots' : null, { path: { id: atStation ?? '' }, query: { from: today, to } });
  const slots = atStation ? stationSlots : deskSlots;
  const [first, setFirst] = useState<{ state: 'loading' | 'ready' | 'error'; data?: FirstAvailable }>({ state: 'loading' });
  const [firstAttempt, setFirstAttempt] = useState(0);
  const reload = useRef(props.reloadKey);
  const retrySlots = slots.retry;

  useEffect(() => {
    if (reload.current !== props.reloadKey) {
      reload.current = props.reloadKey;
      retrySlots();
    }
  }, [props.reloadKey, retrySlots]);

  useEffect(() => {
    const controller = new AbortController();
    setFirst({ state: 'loading' });
    getFirstAvailable(props.deskId, props.channel, props.priority, controller.signal).then(
      (data) => setFirst({ state: 'ready', data }),
      () => {
        if (!controller.signal.aborted) setFirst({ state: 'error' });
      },
    );
    return () => controller.abort();
  }, [props.deskId, props.channel, props.priority, props.reloadKey, firstAttempt]);

  const firstSlot = first.data?.slot ?? null;
  const anyOpen = slots.status === 'ready' && slots.data.days.some((d) => d.slots.some(isBookable));
  const nothing = first.state === 'ready' && firstSlot === null && slots.status === 'ready' && !anyOpen;

  return (
    <div className="slot-picker">
      <section className="first-available" aria-labelledby="first-available-title">
        <h2 id="first-available-title" className="h4">
          {t('pick.firstTitle')}
        </h2>
        {first.state === 'loading' ? (
          <Loading inline />
        ) : first.state === 'error' ? (
          <p>
            {t('pick.firstError')}{' '}
            <button type="button" className="btn btn-link p-0 align-baseline" onClick={() => setFirstAttempt((n) => n + 1)}>
              {t('state.retry')}
            </button>
          </p>
        ) : firstSlot ? (
          <div className="d-flex flex-wrap align-items-center gap-3">
            <p className="mb-0 fs-5 fw-semibold" data-testid="first-available">
              {formatDateTime(firstSlot.start, lang)}
            </p>
            <button
              type="button"
              className="btn btn-primary"
              disabled={props.busy !== null}
              aria-describedby="first-available-title"
              onClick={() => props.onPick(firstSlot)}
            >
              {props.busy === firstSlot.start ? t('pick.holding') : t('pick.takeFirst')}
            </button>
          </div>
        ) : (
          <p className="mb-0">{t('pick.noneFirst')}</p>
        )}
      </section>

      {nothing && props.nothingFree}

      <section aria-labelledby="days-title" className="mt-4">
        <h2 id="days-title" className="h4">
          {t('pick.daysTitle')}
        </h2>
        <p>{t('pick.daysIntro')}</p>
        {slots.status === 'loading' ? (
          <Loading inline />
        ) : slots.status === 'error' ? (
          <InlineError error={slots.error} retry={slots.retry} />
        ) : (
          <PickDays days={slots.data.days} onPick={props.onPick} busy={props.busy} current={props.current ?? null} initialDay={props.initialDay ?? null} />
        )}
      </section>
    </div>
  );
}


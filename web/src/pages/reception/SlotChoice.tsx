import { forwardRef, useImperativeHandle, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import { formatDay, formatTime, romeDateOf } from '../../lib/time';
import type { Slot } from './api';
import { Kbd } from './Kbd';
import { digitOf } from './keys';

export interface SlotChoiceHandle {
  /** Selects the n-th slot shown (1–9) and focuses it; false if there is none. */
  pick(n: number): boolean;
  focus(): void;
}

interface Props {
  id: string;
  legend: string;
  slots: readonly Slot[];
  selected: string | null;
  onSelect: (start: string) => void;
  loading?: boolean;
  error?: string | null;
  /** id of a message about the choice (e.g. "choose a slot") */
  describedBy?: string;
}

/** Up to nine slots as radio buttons, each picked with its number key. */
export const SlotChoice = forwardRef<SlotChoiceHandle, Props>(function SlotChoice({ id, legend, slots, selected, onSelect, loading, error, describedBy }, ref) {
  const { t } = useTranslation();
  const lang = currentLang();
  const radios = useRef<(HTMLInputElement | null)[]>([]);
  const shown = slots.slice(0, 9);

  const pick = (n: number): boolean => {
    const slot = shown[n - 1];
    if (!slot) return false;
    onSelect(slot.start);
    radios.current[n - 1]?.focus();
    return true;
  };
  useImperativeHandle(ref, () => ({
    pick,
    focus: () => {
      const i = Math.max(0, shown.findIndex((s) => s.start === selected));
      radios.current[i]?.focus();
    },
  }));

  const onKeyDown = (e: KeyboardEvent) => {
    const n = digitOf(e);
    if (n !== null && pick(n)) e.preventDefault();
  };

  let lastDay = '';
  return (
    <fieldset className="rc-slots" onKeyDown={onKeyDown} aria-describedby={describedBy} aria-busy={loading ? true : undefined}>
      <legend className="h6 mb-2">
        {legend} <Kbd keys="1…9" className="ms-1" />
      </legend>
      {loading && shown.length === 0 && <p className="mb-0">{t('reception.slots.loading')}</p>}
      {error && <p className="mb-0 text-danger">{error}</p>}
      {!loading && !error && shown.length === 0 && <p className="mb-0">{t('reception.slots.none')}</p>}
      <div className="rc-slot-grid">
        {shown.map((s, i) => {
          const day = romeDateOf(s.start);
          const newDay = day !== lastDay;
          lastDay = day;
          return (
            <div key={s.start} className={`rc-slot${s.start === selected ? ' is-selected' : ''}`}>
              <input
                ref={(el) => {
                  radios.current[i] = el;
                }}
                type="radio"
                className="rc-slot-input"
                id={`${id}-${i + 1}`}
                name={id}
                value={s.start}
                checked={s.start === selected}
                onChange={() => onSelect(s.start)}
              />
              <label htmlFor={`${id}-${i + 1}`}>
                <kbd className="rc-slot-key">{i + 1}</kbd>
                <span className="rc-slot-when">
                  <span className={newDay ? 'rc-slot-day' : 'rc-slot-day rc-slot-day-same'}>{formatDay(day, lang)}</span>{' '}
                  <strong>{formatTime(s.start, lang)}</strong>
                </span>
                <span className="rc-slot-left">{t('reception.slots.remaining', { count: s.remaining })}</span>
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
});

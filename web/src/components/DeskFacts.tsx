import { useTranslation } from 'react-i18next';
import type { Desk } from '../api/types';

/** Channels and call length of a desk, as a definition list. */
export function DeskFacts({ desk }: { desk: Desk }) {
  const { t } = useTranslation();
  return (
    <dl className="facts mb-0">
      <dt>{t('desk.channels')}</dt>
      <dd>
        <ul className="list-unstyled mb-0">
          {desk.channels.map((c) => (
            <li key={c}>{t(`desk.channel.${c}`, { defaultValue: c })}</li>
          ))}
        </ul>
      </dd>
      <dt>{t('desk.slotLength')}</dt>
      <dd>{t('desk.minutes', { count: desk.slotMinutes })}</dd>
    </dl>
  );
}

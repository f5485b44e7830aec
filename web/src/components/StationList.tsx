import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ApiItem } from '../api/client';
import { useApiRead } from '../api/useApiRead';

type PublicStation = ApiItem<'/api/stations'>;

/** "lun 09:00–12:00, mar 09:00–12:00 e 14:00–15:30" */
function hoursText(hours: PublicStation['hours'], days: string[], and: string): string {
  const byDay = new Map<number, string[]>();
  for (const h of hours) byDay.set(h.weekday, [...(byDay.get(h.weekday) ?? []), `${h.from}–${h.to}`]);
  return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([d, list]) => `${days[d - 1]} ${list.join(` ${and} `)}`).join(', ');
}

/**
 * The municipal stations of a province or an office (public pages, poster): where to go for a
 * video call with the office, when it is open, how accessible it is, and a link to book there.
 */
export function StationList({ query, poster = false }: { query: { province?: string; office?: string }; poster?: boolean }) {
  const { t } = useTranslation();
  const list = useApiRead('/api/stations', { query });
  if (list.status !== 'ready' || list.data.items.length === 0) return null;
  const days = t('stations.days', { returnObjects: true }) as string[];
  return (
    <section aria-labelledby="stations-title" className="mb-5" data-testid="station-list">
      <h2 id="stations-title" className={poster ? 'h3' : 'h4'}>{t('stations.title')}</h2>
      <p>{t('stations.lead')}</p>
      <ul className="list-unstyled">
        {list.data.items.map((s) => (
          <li key={s.id} className="mb-3">
            <strong>{s.name}</strong>
            <br />
            {s.address}
            <br />
            {t('stations.hours', { hours: hoursText(s.hours, days, t('stations.and')) })}
            {s.accessibility && <><br />{t('stations.accessibility', { notes: s.accessibility })}</>}
            {!poster && <><br /><Link to={`/prenota?postazione=${encodeURIComponent(s.id)}`}>{t('stations.book', { comune: s.comune })}</Link></>}
          </li>
        ))}
      </ul>
    </section>
  );
}

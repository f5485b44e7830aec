import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { alternativesQuery } from '../api/booking';
import type { Channel } from '../api/types';
import { useApiRead } from '../api/useApiRead';
import { currentLang } from '../i18n';
import { formatDateTime } from '../lib/time';

/**
 * When a desk has nothing free: the same service at the nearest offices that have a free
 * place (issue 21), each with its first free time and a link to book there. Says nothing
 * while loading or when the list cannot be had (the waiting list beside it still works).
 */
export function NearbyOffices({ deskId, channel, priority }: { deskId: string; channel: Channel; priority: boolean }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const nearby = useApiRead('/api/desks/{id}/alternatives', { path: { id: deskId }, query: alternativesQuery(channel, priority) });
  if (nearby.status !== 'ready') return null;
  const list = nearby.data.alternatives;
  if (list.length === 0) {
    return (
      <p className="nearby-none mt-4" data-testid="nearby-none">
        {t('book.nearby.none')}
      </p>
    );
  }
  return (
    <section className="nearby-offices mt-4" aria-labelledby="nearby-title" data-testid="nearby-offices">
      <h2 id="nearby-title" className="h4">
        {t('book.nearby.title')}
      </h2>
      <p>{t('book.nearby.lead')}</p>
      <ul className="list-unstyled">
        {list.map((a) => (
          <li key={a.deskId} className="border rounded p-3 mb-3">
            <div className="d-flex flex-wrap align-items-center justify-content-between gap-3">
              <div>
                <h3 className="h5 mb-1">
                  {a.officeName}
                  {a.town !== a.officeName && <span className="fw-normal"> ({a.town})</span>}
                </h3>
                {a.distanceKm !== null && <p className="mb-1">{t('book.nearby.distance', { km: a.distanceKm })}</p>}
                <p className="mb-0">{t('book.nearby.first', { when: formatDateTime(a.firstSlot.start, lang) })}</p>
              </div>
              <Link className="btn btn-outline-primary" to={`/prenota?sportello=${encodeURIComponent(a.deskId)}`}>
                {t('book.nearby.book', { office: a.officeName })}
              </Link>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

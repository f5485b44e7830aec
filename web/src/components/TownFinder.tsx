import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useTowns } from '../api/useOfficeFinder';

/** Any comune of the region → its competent office, with a link to the others of its province. */
export function TownFinder() {
  const { t } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  const { towns, pending } = useTowns(query);
  const asked = query.trim().length >= 2;
  return (
    <form role="search" className="search-form town-finder" onSubmit={(e) => e.preventDefault()} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="h3">
        {t('home.findTitle')}
      </h2>
      <div className="form-group mb-2">
        <label htmlFor={id}>{t('home.findLabel')}</label>
        <input
          id={id}
          type="search"
          className="form-control"
          value={query}
          autoComplete="address-level2"
          aria-describedby={`${id}-hint`}
          onChange={(e) => setQuery(e.target.value)}
        />
        <small id={`${id}-hint`} className="form-text">
          {t('home.findHint')}
        </small>
      </div>
      <p role="status" aria-live="polite" className="text-muted-strong">
        {!asked ? '' : pending ? t('province.searching') : t('home.findResults', { count: towns.length })}
      </p>
      {asked && !pending && towns.length > 0 && (
        <ul className="card-list town-list" role="list">
          {towns.map((town) => (
            <li key={`${town.provinceCode}-${town.name}`} className="card-list-item">
              <h3 className="h5 mb-1">
                {town.name} <span className="text-muted-strong">({town.provinceName})</span>
              </h3>
              {town.office ? (
                <p className="mb-1">
                  {t('home.findCompetent')}{' '}
                  <Link to={`/sedi/${encodeURIComponent(town.office.id)}`}>{town.office.name}</Link>
                  {town.office.address ? ` · ${town.office.address}, ${town.office.town}` : ` · ${town.office.town}`}
                </p>
              ) : (
                <p className="mb-1">{t('province.noOffices')}</p>
              )}
              <Link to={`/province/${encodeURIComponent(town.provinceCode)}?q=${encodeURIComponent(town.name)}`}>
                {t('home.findOthers', { province: town.provinceName })}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

import { Badge } from 'design-react-kit';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { OfficeSummary, Province } from '../api/types';
import { useApiRead } from '../api/useApiRead';
import { Crumbs } from '../components/Crumbs';
import { useOfficeKind } from '../components/OfficeKind';
import { ReceptionPhone } from '../components/Phone';
import { ErrorView, Loading, NotFoundView } from '../components/StateViews';
import { useTitle } from '../components/useTitle';
import { useOfficeFinder } from '../api/useOfficeFinder';
import { useProvinceDirectory, type DirectoryOffice } from '../api/useProvinceDirectory';
import { currentLang } from '../i18n';
import { summariseWeekly } from '../lib/hours';
import { StationList } from '../components/StationList';

export default function ProvincePage() {
  const { code = '' } = useParams();
  const upper = code.toUpperCase();
  const provinces = useApiRead('/api/provinces');
  const offices = useApiRead('/api/offices', { query: { province: upper } });

  if (provinces.status === 'error') return <ErrorView error={provinces.error} retry={provinces.retry} />;
  if (offices.status === 'error') return <ErrorView error={offices.error} retry={offices.retry} />;
  if (provinces.status === 'loading' || offices.status === 'loading') return <Loading />;
  const province = provinces.data.items.find((p) => p.code === upper);
  if (!province) return <NotFoundView />;
  return <ProvinceView province={province} offices={offices.data.items} />;
}

/** An office's desks with their hours and a booking link (loaded after the list). */
function OfficeDesks({ office }: { office: DirectoryOffice | undefined }) {
  const { t } = useTranslation();
  const lang = currentLang();
  if (!office || office.deskDetails.length === 0) return null;
  return (
    <ul className="office-desks" role="list" aria-label={t('province.desksOf', { office: office.name })}>
      {office.deskDetails.map((d) => (
        <li key={d.id}>
          <p className="mb-0 fw-semibold">
            <Link to={`/sportelli/${encodeURIComponent(d.id)}`}>
              {t('desk.number', { number: d.number })} – {d.name[lang]}
            </Link>
          </p>
          {summariseWeekly(d.weekly, lang).map((line) => (
            <p key={line} className="mb-0 desk-hours">
              {line}
            </p>
          ))}
          <Link to={`/prenota?sportello=${encodeURIComponent(d.id)}`} className="btn btn-sm btn-outline-primary mt-1">
            {t('province.book')}
            <span className="visually-hidden">
              : {d.name[lang]}, {office.name}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function ProvinceView({ province, offices }: { province: Province; offices: OfficeSummary[] }) {
  const directory = useProvinceDirectory(province.code);
  const details = directory.status === 'ready' && directory.data ? directory.data.offices : [];
  const { t } = useTranslation();
  const kind = useOfficeKind();
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const searchId = useId();
  const title = t('province.title', { name: province.name });
  useTitle(title);

  const { found: shown, pending } = useOfficeFinder(offices, query, province.code);

  const setQuery = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('q', value);
    else next.delete('q');
    setParams(next, { replace: true });
  };

  return (
    <div className="container-xxl app-container py-4">
      <Crumbs items={[{ label: province.name }]} />
      <h1 className="mb-3">{title}</h1>
      <p className="lead">{t('province.intro')}</p>
      {province.receptionPhone && <ReceptionPhone phone={province.receptionPhone} className="mb-3" />}
      <div className="d-flex flex-wrap gap-3 mb-4">
        <Link to={`/prenota?provincia=${encodeURIComponent(province.code)}`} className="btn btn-primary">
          {t('home.bookCta')}
        </Link>
        <Link to={`/province/${encodeURIComponent(province.code)}/manifesto`} className="btn btn-outline-primary">
          {t('province.poster')}
        </Link>
      </div>

      {offices.length === 0 ? (
        <p>{t('province.noOffices')}</p>
      ) : (
        <>
          <form role="search" className="search-form" onSubmit={(e) => e.preventDefault()}>
            <div className="form-group mb-2">
              <label htmlFor={searchId} className="active">
                {t('province.searchLabel')}
              </label>
              <input
                id={searchId}
                type="search"
                className="form-control"
                value={query}
                autoComplete="off"
                aria-describedby={`${searchId}-hint`}
                onChange={(e) => setQuery(e.target.value)}
              />
              <small id={`${searchId}-hint`} className="form-text">
                {t('province.searchHint', { town: province.exampleTown })}
              </small>
            </div>
          </form>
          <h2 className="h4 mt-2">{t('province.listTitle')}</h2>
          <p role="status" aria-live="polite" className="text-muted-strong">
            {pending && shown.length === 0 ? t('province.searching') : t('province.results', { count: shown.length })}
          </p>
          <ul className="card-list office-list" role="list">
            {shown.map(({ office: o, competentFor }) => (
              <li key={o.id} className="card-list-item">
                <h3 className="h5 mb-1">
                  <Link to={`/sedi/${encodeURIComponent(o.id)}`}>{o.name}</Link>
                </h3>
                <p className="mb-2">
                  <Badge color="primary" className="office-kind">
                    {kind(o.kind)}
                  </Badge>
                </p>
                {competentFor.length > 0 && <p className="mb-2 fw-semibold competent-for">{t('province.competentFor', { towns: competentFor.join(', ') })}</p>}
                <dl className="facts facts-inline mb-0">
                  <dt>{t('office.town')}</dt>
                  <dd>{o.town}</dd>
                  <dt>{t('office.address')}</dt>
                  <dd>{o.address ?? <span className="text-muted-strong">{t('office.addressMissing')}</span>}</dd>
                </dl>
                <OfficeDesks office={details.find((d) => d.id === o.id)} />
              </li>
            ))}
          </ul>
          {query && shown.length === 0 && (
            <button type="button" className="btn btn-outline-primary" onClick={() => setQuery('')}>
              {t('province.clearSearch')}
            </button>
          )}
        </>
      )}
      <StationList query={{ province: province.code }} />
    </div>
  );
}

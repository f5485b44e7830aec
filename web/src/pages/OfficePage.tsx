import { Badge, Card, CardBody } from 'design-react-kit';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Office } from '../api/types';
import { useApiRead } from '../api/useApiRead';
import { Crumbs } from '../components/Crumbs';
import { DeskFacts } from '../components/DeskFacts';
import { useOfficeKind } from '../components/OfficeKind';
import { ReceptionPhone } from '../components/Phone';
import { ErrorView, Loading } from '../components/StateViews';
import { useTitle } from '../components/useTitle';
import { currentLang } from '../i18n';
import { formatMonthDay } from '../lib/time';
import { StationList } from '../components/StationList';

export default function OfficePage() {
  const { officeId = '' } = useParams();
  const office = useApiRead('/api/offices/{id}', { path: { id: officeId } });
  const provinces = useApiRead('/api/provinces');
  if (office.status === 'error') return <ErrorView error={office.error} retry={office.retry} />;
  if (office.status === 'loading') return <Loading />;
  // The province name only decorates the breadcrumb: fall back to its code.
  const province =
    provinces.status === 'ready' ? provinces.data.items.find((p) => p.code === office.data.provinceCode) : undefined;
  return <OfficeView office={office.data} provinceName={province?.name ?? office.data.provinceCode} />;
}

function OfficeView({ office, provinceName }: { office: Office; provinceName: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const kind = useOfficeKind();
  useTitle(office.name);
  const desks = office.desks.filter((d) => d.active).sort((a, b) => a.number - b.number);

  return (
    <div className="container-xxl app-container py-4">
      <Crumbs
        items={[{ label: provinceName, to: `/province/${encodeURIComponent(office.provinceCode)}` }, { label: office.name }]}
      />
      <h1 className="mb-2">{office.name}</h1>
      <p className="mb-4">
        <Badge color="primary" className="office-kind">
          {kind(office.kind)}
        </Badge>
      </p>

      <section aria-labelledby="office-details" className="mb-5">
        <h2 id="office-details" className="visually-hidden">
          {t('office.details')}
        </h2>
        <dl className="facts facts-inline mb-3">
          <dt>{t('office.town')}</dt>
          <dd>{office.town}</dd>
          <dt>{t('office.address')}</dt>
          <dd>{office.address ?? <span className="text-muted-strong">{t('office.addressMissing')}</span>}</dd>
          <dt>{t('office.code')}</dt>
          <dd>{office.code}</dd>
        </dl>
        {office.receptionPhone && <ReceptionPhone phone={office.receptionPhone} />}
      </section>

      <section aria-labelledby="desks-title" className="mb-5">
        <h2 id="desks-title" className="h3">
          {t('office.desksTitle')}
        </h2>
        <p>{t('office.desksIntro')}</p>
        {desks.length === 0 ? (
          <p>{t('office.noDesks')}</p>
        ) : (
          <ul className="desk-list" role="list">
            {desks.map((desk) => (
              <li key={desk.id}>
                <Card className="desk-card h-100" tag="article">
                  <CardBody>
                    <p className="desk-number mb-1">{t('desk.number', { number: desk.number })}</p>
                    <h3 className="h4 card-title mb-2">{desk.name[lang]}</h3>
                    <p className="card-text">{desk.description[lang]}</p>
                    <DeskFacts desk={desk} />
                    <Link
                      to={`/sportelli/${encodeURIComponent(desk.id)}`}
                      className="btn btn-primary mt-3"
                      aria-label={t('office.viewSlotsOf', { name: desk.name[lang] })}
                    >
                      {t('office.viewSlots')}
                    </Link>{' '}
                    <Link
                      to={`/prenota?sportello=${encodeURIComponent(desk.id)}`}
                      className="btn btn-outline-primary mt-3"
                      aria-label={t('office.bookAt', { name: desk.name[lang] })}
                    >
                      {t('desk.book')}
                    </Link>
                  </CardBody>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>

      <StationList query={{ office: office.code }} />

      {office.localHolidays.length > 0 && (
        <section aria-labelledby="holidays-title">
          <h2 id="holidays-title" className="h4">
            {t('office.localHolidaysTitle')}
          </h2>
          <ul>
            {office.localHolidays.map((h) => (
              <li key={h.date}>
                {formatMonthDay(h.date, lang)}: {h.name}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

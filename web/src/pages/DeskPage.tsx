import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { DeskDetail, WeeklyOpening } from '../api/types';
import { useApiRead } from '../api/useApiRead';
import { Crumbs } from '../components/Crumbs';
import { DayList } from '../components/DayList';
import { DeskFacts } from '../components/DeskFacts';
import { ErrorView, InlineError, Loading } from '../components/StateViews';
import { useTitle } from '../components/useTitle';
import { currentLang } from '../i18n';
import { addDays, capitalize, todayInRome } from '../lib/time';

const DAYS_SHOWN = 14;

export default function DeskPage() {
  const { deskId = '' } = useParams();
  const today = todayInRome();
  const desk = useApiRead('/api/desks/{id}', { path: { id: deskId } });
  const slots = useApiRead('/api/desks/{id}/slots', { path: { id: deskId }, query: { from: today, to: addDays(today, DAYS_SHOWN - 1) } });
  const provinces = useApiRead('/api/provinces');

  if (desk.status === 'error') return <ErrorView error={desk.error} retry={desk.retry} />;
  if (desk.status === 'loading') return <Loading />;
  const province =
    provinces.status === 'ready' ? provinces.data.items.find((p) => p.code === desk.data.office.provinceCode) : undefined;

  return (
    <DeskView desk={desk.data} provinceName={province?.name ?? desk.data.office.provinceCode}>
      {!desk.data.active ? null : slots.status === 'loading' ? (
        <Loading inline />
      ) : slots.status === 'error' ? (
        <InlineError error={slots.error} retry={slots.retry} />
      ) : (
        <DayList
          days={slots.data.days}
          today={today}
          notBefore={Date.now() + desk.data.minNoticeMinutes * 60_000}
          bookPath={`/prenota?sportello=${encodeURIComponent(desk.data.id)}`}
        />
      )}
    </DeskView>
  );
}

function DeskView({ desk, provinceName, children }: { desk: DeskDetail; provinceName: string; children: ReactNode }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const name = desk.name[lang];
  useTitle(`${name} – ${desk.office.name}`);
  const officePath = `/sedi/${encodeURIComponent(desk.office.id)}`;

  return (
    <div className="container-xxl app-container py-4">
      <Crumbs
        items={[
          { label: provinceName, to: `/province/${encodeURIComponent(desk.office.provinceCode)}` },
          { label: desk.office.name, to: officePath },
          { label: name },
        ]}
      />
      <p className="desk-number mb-1">{t('desk.number', { number: desk.number })}</p>
      <h1 className="mb-2">{name}</h1>
      <p className="mb-3">
        {t('desk.office')}: <Link to={officePath}>{desk.office.name}</Link> ({desk.office.town})
      </p>
      <p className="lead">{desk.description[lang]}</p>

      <div className="mb-4">
        <DeskFacts desk={desk} />
      </div>
      {desk.active && (
        <p className="mb-4">
          <Link to={`/prenota?sportello=${encodeURIComponent(desk.id)}`} className="btn btn-primary btn-lg">
            {t('desk.book')}
          </Link>
        </p>
      )}

      <section aria-labelledby="slots-title">
        <h2 id="slots-title" className="h3">
          {t('slots.title')}
        </h2>
        {desk.active ? <p>{t('slots.intro')}</p> : <p className="fw-semibold">{t('desk.inactive')}</p>}
        {children}
      </section>

      <div className="row g-4 mt-2">
        {desk.topics.length > 0 && (
          <section className="col-12 col-md-6" aria-labelledby="topics-title">
            <h2 id="topics-title" className="h4">
              {t('desk.topics')}
            </h2>
            <ul>
              {desk.topics.map((topic) => (
                <li key={topic.key}>{topic[lang]}</li>
              ))}
            </ul>
          </section>
        )}
        <section className="col-12 col-md-6" aria-labelledby="weekly-title">
          <h2 id="weekly-title" className="h4">
            {t('desk.weeklyTitle')}
          </h2>
          <WeeklyHours weekly={desk.weekly} />
        </section>
      </div>
    </div>
  );
}

function WeeklyHours({ weekly }: { weekly: WeeklyOpening[] }) {
  const { t } = useTranslation();
  const byDay = useMemo(() => {
    const map = new Map<number, WeeklyOpening[]>();
    for (const w of [...weekly].sort((a, b) => a.weekday - b.weekday || a.from.localeCompare(b.from))) {
      map.set(w.weekday, [...(map.get(w.weekday) ?? []), w]);
    }
    return [...map.entries()];
  }, [weekly]);
  if (byDay.length === 0) return <p>{t('desk.noWeekly')}</p>;
  return (
    <dl className="facts weekly mb-0">
      {byDay.map(([weekday, ranges]) => (
        <div key={weekday} className="weekly-row">
          <dt>{capitalize(t(`weekday.${weekday}`))}</dt>
          <dd>
            {ranges.map((r) => (
              <span key={r.from} className="d-block">
                {r.from}–{r.to}{' '}
                <span className="text-muted-strong">({t('desk.weeklyPlaces', { count: r.places })})</span>
              </span>
            ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}

import { useState, type FormEvent } from 'react';
import { PatronatoShare } from './PatronatoShare';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import type { ApiBody } from '../../api/client';
import { staffApi, useStaffData } from './adminApi';
import { ChangeFeedback, useChange, type Change } from './ChangeFlow';
import { ReminderSettings } from './ContactSettings';
import { type AdminDesk, type Opening } from './officeApi';
import { ProblemMessage } from './ProblemMessage';
import { Exceptions } from './DeskExceptions';
import { Roster, WEEKDAYS } from './DeskRoster';


/** A desk of an office: settings, weekly opening pattern (with preview), dated exceptions, duty roster. */
export default function DeskAdminPage() {
  const { t, i18n } = useTranslation();
  const { id, deskId } = useParams();
  const office = useStaffData(`/api/staff/admin/offices/${id}`, () => staffApi.GET('/api/staff/admin/offices/{id}', { params: { path: { id: id ?? '' } } }));
  const desk = office.data?.desks.find((d) => d.id === deskId);
  const name = desk ? (i18n.language === 'en' ? desk.nameEn : desk.nameIt) : null;
  useTitle(name ?? t('admin.offices.title'));
  // The changes live here: a section's form starts again from what is saved after each
  // change (keyed by the data), and its preview, result or dialog stays on screen.
  const weekly = useChange(office.reload);
  const roster = useChange(office.reload);
  const settings = useChange(office.reload);
  if (!office.data) return office.error ? <ProblemMessage error={office.error} /> : <Loading inline />;
  if (!desk) return <p>{t('admin.desk.notFound')}</p>;
  return (
    <>
      <nav aria-label={t('admin.office.crumbs')} className="mb-2">
        <Link to="/admin/sedi">{t('admin.offices.title')}</Link> › <Link to={`/admin/sedi/${office.data.id}`}>{office.data.name}</Link>
      </nav>
      <h1>{name}</h1>
      <p className="lead">{t('admin.desk.lead', { number: desk.number, office: office.data.name })}</p>
      <Weekly key={`w-${JSON.stringify(desk.weekly)}-${desk.slotMinutes}`} desk={desk} change={weekly} />
      <Exceptions desk={desk} reload={office.reload} />
      <Roster key={`r-${JSON.stringify(desk.roster)}`} desk={desk} office={office.data} change={roster} />
      <Settings key={`s-${JSON.stringify(desk)}`} desk={desk} change={settings} />
      <PatronatoShare key={`p-${desk.patronatoPercent}-${desk.patronatoReleaseHours}`} deskId={desk.id} percent={desk.patronatoPercent} releaseHours={desk.patronatoReleaseHours} onSaved={office.reload} />
      <ReminderSettings deskId={desk.id} />
    </>
  );
}

function Weekly({ desk, change }: { desk: AdminDesk; change: Change }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Opening[]>(desk.weekly);
  const set = (i: number, patch: Partial<Opening>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const send = (b: ApiBody<'/api/staff/admin/desks/{id}/calendar'>) => staffApi.POST('/api/staff/admin/desks/{id}/calendar', { params: { path: { id: desk.id } }, body: b });
  const body = () => ({ weekly: rows.map((r) => ({ ...r, places: Number(r.places), weekday: Number(r.weekday) })) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void change.save(send, body());
  };
  return (
    <section aria-labelledby="weekly-title" className="mb-5 admin-section">
      <h2 id="weekly-title" className="h4">{t('admin.desk.weekly')}</h2>
      <p>{t('admin.desk.weeklyLead', { slot: desk.slotMinutes })}</p>
      <form onSubmit={submit} className="admin-rows">
        {rows.length === 0 && <p>{t('admin.desk.noOpenings')}</p>}
        {rows.map((r, i) => (
          <fieldset key={i} className="row align-items-end">
            <legend className="visually-hidden">{t('admin.desk.openingN', { n: i + 1 })}</legend>
            <div className="form-group col-12 col-sm-6 col-lg-3">
              <label htmlFor={`w-day-${i}`} className="active">{t('admin.desk.weekday')}</label>
              <select id={`w-day-${i}`} className="form-select" value={r.weekday} onChange={(e) => set(i, { weekday: Number(e.target.value) })}>
                {WEEKDAYS.map((d) => <option key={d} value={d}>{t(`weekday.${d}`)}</option>)}
              </select>
            </div>
            <div className="form-group col-4 col-lg-2">
              <label htmlFor={`w-from-${i}`} className="active">{t('admin.desk.from')}</label>
              <input id={`w-from-${i}`} type="time" className="form-control" value={r.from} onChange={(e) => set(i, { from: e.target.value })} required />
            </div>
            <div className="form-group col-4 col-lg-2">
              <label htmlFor={`w-to-${i}`} className="active">{t('admin.desk.to')}</label>
              <input id={`w-to-${i}`} type="time" className="form-control" value={r.to} onChange={(e) => set(i, { to: e.target.value })} required />
            </div>
            <div className="form-group col-4 col-lg-2">
              <label htmlFor={`w-places-${i}`} className="active">{t('admin.desk.places')}</label>
              <input id={`w-places-${i}`} type="number" min={1} max={200} className="form-control" value={r.places} onChange={(e) => set(i, { places: Number(e.target.value) })} required />
            </div>
            <div className="form-group col-12 col-lg-3">
              <button type="button" className="btn btn-outline-danger btn-sm" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                {t('admin.desk.removeOpening', { n: i + 1 })}
              </button>
            </div>
          </fieldset>
        ))}
        <div className="d-flex flex-wrap gap-2 mt-2">
          <button type="button" className="btn btn-outline-primary" onClick={() => setRows([...rows, { weekday: 1, from: '14:00', to: '16:00', places: 1 }])}>{t('admin.desk.addOpening')}</button>
          <button type="button" className="btn btn-outline-primary" disabled={change.busy} onClick={() => void change.previewChange(send, body())}>{t('admin.change.preview')}</button>
          <button type="submit" className="btn btn-primary" disabled={change.busy}>{t('admin.desk.saveWeekly')}</button>
        </div>
      </form>
      <ChangeFeedback change={change} previewTitle={t('admin.desk.weeklyPreview')} />
    </section>
  );
}

function Settings({ desk, change }: { desk: AdminDesk; change: Change }) {
  const { t } = useTranslation();
  const [f, setF] = useState({
    nameIt: desk.nameIt, nameEn: desk.nameEn, descriptionIt: desk.descriptionIt, descriptionEn: desk.descriptionEn,
    phone: desk.channels.includes('phone'), video: desk.channels.includes('video'),
    slotMinutes: String(desk.slotMinutes), horizonDays: String(desk.horizonDays), minNoticeMinutes: String(desk.minNoticeMinutes),
    release: desk.release !== null, releaseWeekday: String(desk.release?.weekday ?? 1), releaseTime: desk.release?.time ?? '08:00', releaseWeeksAhead: String(desk.release?.weeksAhead ?? 1),
    priorityPercent: String(desk.priorityPercent), priorityReleaseHours: String(desk.priorityReleaseHours), holdMinutes: String(desk.holdMinutes),
    waitlistOfferMinutes: String(desk.waitlistOfferMinutes), maxActivePerPerson: desk.maxActivePerPerson === null ? '' : String(desk.maxActivePerPerson),
    active: desk.active, placesFollowRoster: desk.placesFollowRoster,
    topics: desk.topics.map((x) => `${x.key} | ${x.it} | ${x.en}`).join('\n'),
  });
  const body = () => ({
    nameIt: f.nameIt, nameEn: f.nameEn, descriptionIt: f.descriptionIt, descriptionEn: f.descriptionEn,
    channels: [...(f.phone ? ['phone' as const] : []), ...(f.video ? ['video' as const] : [])],
    ...(Number(f.slotMinutes) !== desk.slotMinutes ? { slotMinutes: Number(f.slotMinutes) } : {}),
    horizonDays: Number(f.horizonDays), minNoticeMinutes: Number(f.minNoticeMinutes),
    release: f.release ? { weekday: Number(f.releaseWeekday), time: f.releaseTime, weeksAhead: Number(f.releaseWeeksAhead) } : null,
    priorityPercent: Number(f.priorityPercent), priorityReleaseHours: Number(f.priorityReleaseHours), holdMinutes: Number(f.holdMinutes),
    waitlistOfferMinutes: Number(f.waitlistOfferMinutes), maxActivePerPerson: f.maxActivePerPerson.trim() ? Number(f.maxActivePerPerson) : null,
    active: f.active,
    ...(f.placesFollowRoster !== desk.placesFollowRoster ? { placesFollowRoster: f.placesFollowRoster } : {}),
    topics: f.topics.split('\n').map((l) => l.split('|').map((x) => x.trim())).filter((p) => p[0]).map(([key, it, en]) => ({ key: key!, it: it ?? key!, en: en ?? it ?? key! })),
  });
  const send = (b: ApiBody<'/api/staff/admin/desks/{id}', 'patch'>) => staffApi.PATCH('/api/staff/admin/desks/{id}', { params: { path: { id: desk.id } }, body: b });
  type Key = keyof typeof f;
  const input = (name: Key, label: string, type = 'text', help?: string, cls = 'col-12 col-md-6 col-lg-4') => (
    <div className={`form-group ${cls}`}>
      <label htmlFor={`s-${name}`} className="active">{label}</label>
      <input id={`s-${name}`} type={type} className="form-control" value={String(f[name])} onChange={(e) => setF({ ...f, [name]: e.target.value })}
        aria-describedby={help ? `s-${name}-help` : undefined} />
      {help && <small id={`s-${name}-help`} className="form-text">{help}</small>}
    </div>
  );
  const check = (name: Key, label: string) => (
    <div className="form-check col-12 col-md-6">
      <input id={`s-${name}`} type="checkbox" className="form-check-input" checked={Boolean(f[name])} onChange={(e) => setF({ ...f, [name]: e.target.checked })} />
      <label htmlFor={`s-${name}`} className="form-check-label">{label}</label>
    </div>
  );
  return (
    <section aria-labelledby="settings-title" className="mb-5 admin-section">
      <h2 id="settings-title" className="h4">{t('admin.desk.settings')}</h2>
      <form onSubmit={(e) => {
        e.preventDefault();
        void change.save(send, body());
      }}>
        <div className="row">
          {input('nameIt', t('admin.desk.nameIt'))}
          {input('nameEn', t('admin.desk.nameEn'))}
          <div className="form-group col-12 col-lg-6">
            <label htmlFor="s-descriptionIt" className="active">{t('admin.desk.descriptionIt')}</label>
            <textarea id="s-descriptionIt" className="form-control" rows={3} value={f.descriptionIt} onChange={(e) => setF({ ...f, descriptionIt: e.target.value })} />
          </div>
          <div className="form-group col-12 col-lg-6">
            <label htmlFor="s-descriptionEn" className="active">{t('admin.desk.descriptionEn')}</label>
            <textarea id="s-descriptionEn" className="form-control" rows={3} value={f.descriptionEn} onChange={(e) => setF({ ...f, descriptionEn: e.target.value })} />
          </div>
          <div className="form-group col-12">
            <label htmlFor="s-topics" className="active">{t('admin.desk.topics')}</label>
            <textarea id="s-topics" className="form-control" rows={3} value={f.topics} onChange={(e) => setF({ ...f, topics: e.target.value })} aria-describedby="s-topics-help" />
            <small id="s-topics-help" className="form-text">{t('admin.desk.topicsHelp')}</small>
          </div>
        </div>
        <fieldset className="row mb-3">
          <legend className="h6">{t('admin.desk.channels')}</legend>
          {check('phone', t('admin.desk.channel.phone'))}
          {check('video', t('admin.desk.channel.video'))}
        </fieldset>
        <div className="row">
          {input('slotMinutes', t('admin.desk.slotMinutes'), 'number', t('admin.desk.slotHelp'))}
          {input('horizonDays', t('admin.desk.horizonDays'), 'number')}
          {input('minNoticeMinutes', t('admin.desk.minNoticeMinutes'), 'number')}
          {input('holdMinutes', t('admin.desk.holdMinutes'), 'number')}
          {input('waitlistOfferMinutes', t('admin.desk.waitlistOfferMinutes'), 'number')}
          {input('maxActivePerPerson', t('admin.desk.maxActivePerPerson'), 'number', t('admin.desk.maxActiveHelp'))}
          {input('priorityPercent', t('admin.desk.priorityPercent'), 'number')}
          {input('priorityReleaseHours', t('admin.desk.priorityReleaseHours'), 'number')}
        </div>
        <fieldset className="row mb-3">
          <legend className="h6">{t('admin.desk.release')}</legend>
          {check('release', t('admin.desk.releaseOn'))}
          {f.release && (
            <>
              <div className="form-group col-12 col-md-4">
                <label htmlFor="s-releaseWeekday" className="active">{t('admin.desk.weekday')}</label>
                <select id="s-releaseWeekday" className="form-select" value={f.releaseWeekday} onChange={(e) => setF({ ...f, releaseWeekday: e.target.value })}>
                  {WEEKDAYS.map((d) => <option key={d} value={d}>{t(`weekday.${d}`)}</option>)}
                </select>
              </div>
              {input('releaseTime', t('admin.desk.releaseTime'), 'time', undefined, 'col-6 col-md-4')}
              {input('releaseWeeksAhead', t('admin.desk.releaseWeeksAhead'), 'number', undefined, 'col-6 col-md-4')}
            </>
          )}
        </fieldset>
        <div className="row mb-3">
          {check('active', t('admin.desk.active'))}
          {check('placesFollowRoster', t('admin.desk.placesFollowRoster'))}
        </div>
        <button type="submit" className="btn btn-primary" disabled={change.busy}>{t('admin.desk.saveSettings')}</button>
      </form>
      <ChangeFeedback change={change} />
    </section>
  );
}

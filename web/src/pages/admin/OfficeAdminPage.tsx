import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import type { ApiBody } from '../../api/client';
import { AdminApiError, staff, staffApi, useStaffData } from './adminApi';
import { ChangeFeedback, useChange } from './ChangeFlow';
import { TelephonySettings } from './ContactSettings';
import { longDate, type AdminOffice } from './officeApi';
import { ProblemMessage } from './ProblemMessage';
import { StationsSection } from './StationsSection';
import { Absences } from './OfficeAbsences';

/** One office: its desks (open a new one), local holidays, operators' absences, the office file. */
export default function OfficeAdminPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const office = useStaffData(`/api/staff/admin/offices/${id}`, () => staffApi.GET('/api/staff/admin/offices/{id}', { params: { path: { id: id ?? '' } } }));
  useTitle(office.data ? t('admin.office.title', { name: office.data.name }) : t('admin.offices.title'));
  if (!office.data) return office.error ? <ProblemMessage error={office.error} /> : <Loading inline />;
  const o = office.data;
  return (
    <>
      <nav aria-label={t('admin.office.crumbs')} className="mb-2">
        <Link to="/admin/sedi">{t('admin.offices.title')}</Link>
      </nav>
      <h1>{t('admin.office.title', { name: o.name })}</h1>
      <p className="lead">{t('admin.office.lead', { code: o.code, town: o.town, province: o.provinceCode })}</p>
      <Desks office={o} />
      <NewDesk office={o} />
      <Holidays office={o} reload={office.reload} />
      <Absences office={o} reload={office.reload} />
      <StationsSection office={o} />
      <TelephonySettings office={o} />
      <OfficeFile office={o} />
    </>
  );
}

function Desks({ office }: { office: AdminOffice }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="desks-title" className="mb-5 admin-section">
      <h2 id="desks-title" className="h4">{t('admin.office.desks')}</h2>
      <ul className="list-group">
        {office.desks.map((d) => (
          <li key={d.id} className="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2">
            <span>
              <strong>{d.number}. {i18n.language === 'en' ? d.nameEn : d.nameIt}</strong>
              {!d.active && <span className="badge bg-secondary ms-2">{t('admin.office.inactive')}</span>}
              <br />
              <small>{t('admin.office.deskFacts', { slot: d.slotMinutes, intervals: d.weekly.length, shifts: d.roster.length })}</small>
            </span>
            <Link className="btn btn-outline-primary btn-sm" to={`/admin/sedi/${office.id}/sportelli/${d.id}`}
              aria-label={t('admin.office.editDeskNamed', { name: i18n.language === 'en' ? d.nameEn : d.nameIt })}>
              {t('admin.office.editDesk')}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function NewDesk({ office }: { office: AdminOffice }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const next = Math.max(0, ...office.desks.map((d) => d.number)) + 1;
  const [f, setF] = useState({ key: '', number: String(next), nameIt: '', nameEn: '', slotMinutes: '10' });
  const [error, setError] = useState<AdminApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await staff(staffApi.POST('/api/staff/admin/offices/{id}/desks', { params: { path: { id: office.id } }, body: {
        key: f.key.trim(), number: Number(f.number), nameIt: f.nameIt, nameEn: f.nameEn, slotMinutes: Number(f.slotMinutes), weekly: [],
      } }));
      navigate(`/admin/sedi/${office.id}/sportelli/${r.id}`);
    } catch (err) {
      setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
    }
  };
  const field = (name: keyof typeof f, label: string, type = 'text', help?: string) => (
    <div className="form-group col-12 col-md-6 col-lg-4">
      <label htmlFor={`nd-${name}`} className="active">{label}</label>
      <input id={`nd-${name}`} type={type} className="form-control" value={f[name]} onChange={(e) => setF({ ...f, [name]: e.target.value })} required
        aria-describedby={help ? `nd-${name}-help` : undefined} />
      {help && <small id={`nd-${name}-help`} className="form-text">{help}</small>}
    </div>
  );
  return (
    <section aria-labelledby="newdesk-title" className="mb-5 admin-section">
      <details>
        <summary id="newdesk-title" className="h5">{t('admin.office.newDesk')}</summary>
        <form onSubmit={submit} className="mt-3">
          <div className="row">
            {field('nameIt', t('admin.desk.nameIt'))}
            {field('nameEn', t('admin.desk.nameEn'))}
            {field('key', t('admin.desk.key'), 'text', t('admin.desk.keyHelp'))}
            {field('number', t('admin.desk.number'), 'number')}
            {field('slotMinutes', t('admin.desk.slotMinutes'), 'number')}
          </div>
          <ProblemMessage error={error} />
          <button type="submit" className="btn btn-primary">{t('admin.office.createDesk')}</button>
        </form>
      </details>
    </section>
  );
}

function Holidays({ office, reload }: { office: AdminOffice; reload: () => void }) {
  const { t, i18n } = useTranslation();
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const change = useChange(useCallback(() => {
    reload();
    setDate('');
    setName('');
  }, [reload]));
  const send = (b: ApiBody<'/api/staff/admin/offices/{id}/holidays'>) => staffApi.POST('/api/staff/admin/offices/{id}/holidays', { params: { path: { id: office.id } }, body: b });
  const remove = (date: string) => () => staffApi.DELETE('/api/staff/admin/offices/{id}/holidays/{date}', { params: { path: { id: office.id, date } } });
  const label = (d: string) => (/^\d{4}-/.test(d) ? longDate(d, i18n.language) : t('admin.office.everyYear', { date: d.split('-').reverse().join('/') }));
  return (
    <section aria-labelledby="holidays-title" className="mb-5 admin-section">
      <h2 id="holidays-title" className="h4">{t('admin.office.holidays')}</h2>
      <p>{t('admin.office.holidaysLead')}</p>
      {office.localHolidays.length === 0 ? <p>{t('admin.office.noHolidays')}</p> : (
        <ul className="list-group mb-3">
          {office.localHolidays.map((h) => (
            <li key={h.date} className="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2">
              <span><strong>{label(h.date)}</strong> — {h.name}</span>
              <button type="button" className="btn btn-outline-danger btn-sm" disabled={change.busy}
                onClick={() => void change.save(remove(h.date), {})} aria-label={t('admin.office.removeHolidayNamed', { name: h.name })}>
                {t('admin.office.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="row align-items-end" onSubmit={(e) => {
        e.preventDefault();
        void change.save(send, { date: date.trim(), name: name.trim() });
      }}>
        <div className="form-group col-12 col-md-4">
          <label htmlFor="hol-date" className="active">{t('admin.office.holidayDate')}</label>
          <input id="hol-date" type="text" className="form-control" value={date} onChange={(e) => setDate(e.target.value)} placeholder="2027-06-03" required aria-describedby="hol-date-help" />
          <small id="hol-date-help" className="form-text">{t('admin.office.holidayDateHelp')}</small>
        </div>
        <div className="form-group col-12 col-md-5">
          <label htmlFor="hol-name" className="active">{t('admin.office.holidayName')}</label>
          <input id="hol-name" type="text" className="form-control" value={name} onChange={(e) => setName(e.target.value)} required />
        </div>
        <div className="form-group col-12 col-md-3 d-flex gap-2">
          <button type="button" className="btn btn-outline-primary" disabled={change.busy} onClick={() => void change.previewChange(send, { date: date.trim(), name: name.trim() })}>{t('admin.change.preview')}</button>
          <button type="submit" className="btn btn-primary" disabled={change.busy}>{t('admin.office.addHoliday')}</button>
        </div>
      </form>
      <ChangeFeedback change={change} />
    </section>
  );
}

function OfficeFile({ office }: { office: AdminOffice }) {
  const { t } = useTranslation();
  const [format, setFormat] = useState<'json' | 'yaml' | 'csv'>('json');
  const [content, setContent] = useState('');
  const [dryRun, setDryRun] = useState(true);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const download = async () => {
    setError(null);
    try {
      const file = await staff(staffApi.GET('/api/staff/admin/offices/{id}/export', { params: { path: { id: office.id } } }));
      const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `sede-${office.code}.json`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (err) {
      setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
    }
  };
  const upload = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    try {
      const r = await staff(staffApi.POST('/api/staff/admin/offices/import', { body: { format, content, dryRun } }));
      setNotice(r.dryRun ? t('admin.file.checked', { count: r.offices }) : t('admin.file.imported', { count: r.offices }));
    } catch (err) {
      setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
    }
  };
  return (
    <section aria-labelledby="file-title" className="mb-5 admin-section">
      <h2 id="file-title" className="h4">{t('admin.file.title')}</h2>
      <p>{t('admin.file.lead')}</p>
      <button type="button" className="btn btn-outline-primary mb-3" onClick={() => void download()}>{t('admin.file.export', { code: office.code })}</button>
      <form onSubmit={upload}>
        <div className="form-group">
          <label htmlFor="file-pick" className="active">{t('admin.file.pick')}</label>
          <input id="file-pick" type="file" className="form-control" accept=".json,.yaml,.yml,.csv" onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            setFormat(/\.csv$/i.test(file.name) ? 'csv' : /\.ya?ml$/i.test(file.name) ? 'yaml' : 'json');
            void file.text().then(setContent);
          }} />
        </div>
        <div className="form-group">
          <label htmlFor="file-content" className="active">{t('admin.file.content')}</label>
          <textarea id="file-content" className="form-control" rows={6} value={content} onChange={(e) => setContent(e.target.value)} required />
        </div>
        <div className="row align-items-end">
          <div className="form-group col-12 col-md-4">
            <label htmlFor="file-format" className="active">{t('admin.file.format')}</label>
            <select id="file-format" className="form-select" value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
              <option value="json">JSON</option>
              <option value="yaml">YAML</option>
              <option value="csv">CSV</option>
            </select>
          </div>
          <div className="form-group col-12 col-md-4">
            <div className="form-check">
              <input id="file-dry" type="checkbox" className="form-check-input" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
              <label htmlFor="file-dry" className="form-check-label">{t('admin.file.dryRun')}</label>
            </div>
          </div>
          <div className="form-group col-12 col-md-4">
            <button type="submit" className="btn btn-primary">{dryRun ? t('admin.file.check') : t('admin.file.import')}</button>
          </div>
        </div>
      </form>
      <ProblemMessage error={error} />
      <div aria-live="polite">{notice && <div className="alert alert-success" role="status">{notice}</div>}</div>
    </section>
  );
}

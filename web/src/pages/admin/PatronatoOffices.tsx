import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { staff, staffApi } from './adminApi';
import type { Patronato } from './patronatiApi';
import { ProblemMessage } from './ProblemMessage';
import { useAction } from './useAction';

const EMPTY = { provinceCode: '', name: '', address: '', phone: '' };

/** A patronato's local offices (sedi zonali): the list with removal, and a new office. */
export function PatronatoOffices({ patronato, onChanged }: { patronato: Patronato; onChanged: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [provinces, setProvinces] = useState<{ code: string; name: string }[]>([]);
  const [f, setF] = useState(EMPTY);
  useEffect(() => {
    void staff(staffApi.GET('/api/provinces')).then((r) => setProvinces(r.items), () => undefined);
  }, []);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const body = { provinceCode: f.provinceCode, name: f.name.trim(), ...(f.address.trim() ? { address: f.address.trim() } : {}), ...(f.phone.trim() ? { phone: f.phone.trim() } : {}) };
    if (await action.run(() => staff(staffApi.POST('/api/staff/patronati/{id}/offices', { params: { path: { id: patronato.id } }, body })), t('admin.patronati.officeAdded', { name: body.name }))) {
      setF(EMPTY);
      onChanged();
    }
  };
  const remove = async (officeId: string) => {
    if (await action.run(() => staff(staffApi.DELETE('/api/staff/patronati/{id}/offices/{officeId}', { params: { path: { id: patronato.id, officeId } } })), t('admin.patronati.officeRemoved'))) onChanged();
  };
  return (
    <section aria-labelledby="pat-offices" className="mb-5 admin-section">
      <h2 id="pat-offices" className="h4">{t('admin.patronati.offices')}</h2>
      <p>{t('admin.patronati.officesLead')}</p>
      {patronato.offices.length === 0 ? <p>{t('admin.patronati.noOffices')}</p> : (
        <ul className="list-unstyled">
          {patronato.offices.map((o) => (
            <li key={o.id} className="d-flex flex-wrap align-items-center gap-2 border-bottom py-2">
              <span className="flex-grow-1">
                <strong>{o.name}</strong> ({o.provinceCode}){o.address && ` · ${o.address}`}{o.phone && <> · <span>{o.phone}</span></>}
              </span>
              <button type="button" className="btn btn-outline-danger btn-sm" disabled={action.busy} onClick={() => void remove(o.id)}
                aria-label={t('admin.patronati.removeOffice', { name: o.name })}>
                {t('admin.patronati.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void add(e)} className="mt-3">
        <div className="row">
          <div className="col-12 col-md-4 mb-3">
            <label htmlFor="po-province" className="form-label">{t('admin.patronati.province')}</label>
            <select id="po-province" className="form-select" required value={f.provinceCode} onChange={(e) => setF({ ...f, provinceCode: e.target.value })}>
              <option value="" disabled>—</option>
              {provinces.map((p) => <option key={p.code} value={p.code}>{p.name} ({p.code})</option>)}
            </select>
          </div>
          <div className="form-group col-12 col-md-8">
            <label htmlFor="po-name" className="active">{t('admin.patronati.officeName')}</label>
            <input id="po-name" type="text" className="form-control" required minLength={2} maxLength={120} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
          </div>
          <div className="form-group col-12 col-md-8">
            <label htmlFor="po-address" className="active">{t('admin.patronati.address')}</label>
            <input id="po-address" type="text" className="form-control" maxLength={200} value={f.address} onChange={(e) => setF({ ...f, address: e.target.value })} />
          </div>
          <div className="form-group col-12 col-md-4">
            <label htmlFor="po-phone" className="active">{t('admin.patronati.phone')}</label>
            <input id="po-phone" type="tel" className="form-control" maxLength={30} autoComplete="off" value={f.phone} onChange={(e) => setF({ ...f, phone: e.target.value })} />
          </div>
        </div>
        <button type="submit" className="btn btn-outline-primary" disabled={action.busy}>{t('admin.patronati.addOffice')}</button>
      </form>
      <ProblemMessage error={action.error} />
      <div aria-live="polite">{action.done && <div className="alert alert-success mt-3" role="status">{action.done}</div>}</div>
    </section>
  );
}

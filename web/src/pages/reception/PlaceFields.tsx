import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import { Kbd } from './Kbd';
import { StationSelect } from './StationChoice';
import type { PlaceChoice } from './usePlaceChoice';

interface Props {
  place: PlaceChoice;
  provinces: readonly string[];
  /** The fields the console's shortcuts focus (Alt+C, Alt+O, Alt+U). */
  refs: { town: RefObject<HTMLInputElement>; office: RefObject<HTMLSelectElement>; desk: RefObject<HTMLSelectElement> };
  onActivity: () => void;
}

/** The booking panel's "where": province, the caller's town, office, desk, or a municipal station. */
export function PlaceFields({ place, provinces, refs, onActivity }: Props) {
  const { t } = useTranslation();
  const lang = currentLang();
  const { town, setTown, province, setProvince, officeId, setOfficeId, deskId, setDeskId, stationId, setStationId, offices, towns, desks, stations, station } = place;
  return (
    <div className="row g-3 mt-1">
      {provinces.length > 1 && (
        <div className="col-12 col-md-3">
          <label htmlFor="rc-province" className="rc-label">
            {t('reception.book.province')}
          </label>
          <select id="rc-province" className="form-select" value={province} onChange={(e) => setProvince(e.target.value)}>
            {provinces.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="col-12 col-md-4">
        <label htmlFor="rc-town" className="rc-label">
          {t('reception.book.town')} <Kbd keys="Alt+C" />
        </label>
        <input
          ref={refs.town}
          id="rc-town"
          aria-keyshortcuts="Alt+C"
          className="form-control"
          list="rc-towns"
          autoComplete="off"
          value={town}
          aria-describedby="rc-town-help"
          onChange={(e) => {
            onActivity();
            setTown(e.target.value);
          }}
        />
        <datalist id="rc-towns">
          {towns.map((x) => (
            <option key={x} value={x} />
          ))}
        </datalist>
        <div id="rc-town-help" className="form-text">
          {t('reception.book.townHelp')}
        </div>
      </div>
      <div className="col-12 col-md-4">
        <label htmlFor="rc-office" className="rc-label">
          {t('reception.book.office')} <Kbd keys="Alt+O" />
        </label>
        <select ref={refs.office} id="rc-office" aria-keyshortcuts="Alt+O" className="form-select" disabled={!!station} value={officeId ?? ''} onChange={(e) => setOfficeId(e.target.value || null)}>
          {offices.length === 0 && <option value="">{t('reception.common.loading')}</option>}
          {offices.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} ({o.kind})
            </option>
          ))}
        </select>
      </div>
      <div className="col-12 col-md-4">
        <label htmlFor="rc-desk" className="rc-label">
          {t('reception.book.desk')} <Kbd keys="Alt+U" />
        </label>
        <select ref={refs.desk} id="rc-desk" aria-keyshortcuts="Alt+U" className="form-select" disabled={!!station} value={deskId ?? ''} onChange={(e) => setDeskId(e.target.value || null)}>
          {desks.length === 0 && <option value="">{t('reception.common.loading')}</option>}
          {desks.map((d) => (
            <option key={d.id} value={d.id}>
              {d.number} · {d.name[lang]}
            </option>
          ))}
        </select>
      </div>
      <StationSelect stations={stations} value={stationId} onChange={(id) => { onActivity(); setStationId(id); }} />
    </div>
  );
}

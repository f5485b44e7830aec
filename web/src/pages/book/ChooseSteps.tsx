import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { OfficeSummary } from '../../api/types';
import { useApiRead } from '../../api/useApiRead';
import { chooseDesk, chooseOffice, chooseProvince, updateFlow, useFlow } from '../../booking/flow';
import { useOfficeKind } from '../../components/OfficeKind';
import { ReceptionPhone } from '../../components/Phone';
import { InlineError, Loading } from '../../components/StateViews';
import { currentLang } from '../../i18n';
import { useOfficeFinder } from '../../api/useOfficeFinder';
import { FlowFrame, STEP_PATH } from './FlowFrame';
import { desksForNeed } from '../../../../src/domain/catalog/needs';

/** Step 1: the province. */
export function ProvinceStep() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const flow = useFlow();
  const provinces = useApiRead('/api/provinces');
  return (
    <FlowFrame step="province" title={t('book.province.title')} lead={t('book.province.lead')}>
      {provinces.status === 'loading' ? (
        <Loading inline />
      ) : provinces.status === 'error' ? (
        <InlineError error={provinces.error} retry={provinces.retry} />
      ) : (
        <ul className="choice-list choice-grid" role="list">
          {provinces.data.items.map((p) => (
            <li key={p.code}>
              <button
                type="button"
                className={`choice${flow.provinceCode === p.code ? ' choice-current' : ''}`}
                onClick={() => {
                  chooseProvince(p.code);
                  navigate(STEP_PATH.office);
                }}
              >
                <span className="choice-title">{p.name}</span>
                <span className="choice-meta">{t('home.officeCount', { count: p.officeCount })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-4">
        <Link to="/prenotazione">{t('book.manageLink')}</Link>
      </p>
    </FlowFrame>
  );
}

const NO_OFFICES: OfficeSummary[] = [];

/** Step 2: the office, with a search by town (any comune of the province finds its competent office). */
export function OfficeStep({ provinceCode }: { provinceCode: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const kind = useOfficeKind();
  const flow = useFlow();
  const searchId = useId();
  const [query, setQuery] = useState('');
  const offices = useApiRead('/api/offices', { query: { province: provinceCode } });
  const provinces = useApiRead('/api/provinces');
  const province = provinces.status === 'ready' ? provinces.data.items.find((p) => p.code === provinceCode) : undefined;
  const { found: shown, pending } = useOfficeFinder(offices.status === 'ready' ? offices.data.items : NO_OFFICES, query, provinceCode);

  return (
    <FlowFrame step="office" title={t('book.office.title')} lead={t('book.office.lead', { province: province?.name ?? provinceCode })}>
      <p>
        <Link to={STEP_PATH.province}>{t('book.changeProvince')}</Link>
      </p>
      {province?.receptionPhone && <ReceptionPhone phone={province.receptionPhone} className="mb-3" />}
      {offices.status === 'loading' ? (
        <Loading inline />
      ) : offices.status === 'error' ? (
        <InlineError error={offices.error} retry={offices.retry} />
      ) : (
        <>
          <form role="search" className="search-form sp-form" onSubmit={(e) => e.preventDefault()}>
            <div className="form-group mb-2">
              <label htmlFor={searchId}>{t('book.office.search')}</label>
              <input
                id={searchId}
                type="search"
                className="form-control"
                value={query}
                autoComplete="address-level2"
                aria-describedby={`${searchId}-hint`}
                onChange={(e) => setQuery(e.target.value)}
              />
              <small id={`${searchId}-hint`} className="form-text">
                {t('province.searchHint', { town: province?.exampleTown ?? '' })}
              </small>
            </div>
          </form>
          <p role="status" aria-live="polite" className="text-muted-strong">
            {pending && shown.length === 0 ? t('province.searching') : t('province.results', { count: shown.length })}
          </p>
          <ul className="choice-list" role="list">
            {shown.map(({ office: o, competentFor }) => (
              <li key={o.id}>
                <button
                  type="button"
                  className={`choice${flow.officeId === o.id ? ' choice-current' : ''}`}
                  onClick={() => {
                    chooseOffice(o.id);
                    navigate(STEP_PATH.desk);
                  }}
                >
                  <span className="choice-title">{o.name}</span>
                  <span className="choice-meta">
                    {kind(o.kind)} · {o.town}
                    {o.address ? ` · ${o.address}` : ''}
                  </span>
                  {competentFor.length > 0 && <span className="choice-meta fw-semibold">{t('province.competentFor', { towns: competentFor.join(', ') })}</span>}
                </button>
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
    </FlowFrame>
  );
}

/** Step 3: the desk, described in plain words with examples. */
export function DeskStep({ officeId }: { officeId: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const navigate = useNavigate();
  const flow = useFlow();
  const office = useApiRead('/api/offices/{id}', { path: { id: officeId } });
  const needId = useId();
  const all = office.status === 'ready' ? office.data.desks.filter((d) => d.active).sort((a, b) => a.number - b.number) : [];
  const fitting = desksForNeed(flow.need, all);
  const desks = [...fitting, ...all.filter((d) => !fitting.includes(d))];
  return (
    <FlowFrame
      step="desk"
      title={t('book.desk.title')}
      lead={office.status === 'ready' ? t('book.desk.lead', { office: office.data.name }) : null}
    >
      <p>
        <Link to={STEP_PATH.office}>{t('book.changeOffice')}</Link>
      </p>
      {office.status === 'loading' ? (
        <Loading inline />
      ) : office.status === 'error' ? (
        <InlineError error={office.error} retry={office.retry} />
      ) : desks.length === 0 ? (
        <p>{t('office.noDesks')}</p>
      ) : (
        <>
        <form role="search" className="search-form sp-form" onSubmit={(e) => e.preventDefault()}>
          <div className="form-group mb-2">
            <label htmlFor={needId}>{t('book.desk.need')}</label>
            <input
              id={needId}
              type="search"
              className="form-control"
              value={flow.need}
              autoComplete="off"
              aria-describedby={`${needId}-hint`}
              onChange={(e) => updateFlow({ need: e.target.value.slice(0, 80) })}
            />
            <small id={`${needId}-hint`} className="form-text">
              {t('book.desk.needHint')}
            </small>
          </div>
        </form>
        <p role="status" aria-live="polite" className="text-muted-strong">
          {flow.need.trim() === '' ? '' : fitting.length > 0 ? t('book.desk.needFound', { desk: fitting[0]!.name[lang] }) : t('book.desk.needNone')}
        </p>
        <ul className="choice-list desk-choices" role="list">
          {desks.map((d) => (
            <li key={d.id} className={`desk-choice${flow.deskId === d.id ? ' choice-current' : ''}`}>
              {d === fitting[0] && <p className="fw-semibold mb-1 need-fit">{t('book.desk.needFit')}</p>}
              <p className="desk-number mb-1">{t('desk.number', { number: d.number })}</p>
              <h2 className="h4 mb-2">{d.name[lang]}</h2>
              <p>{d.description[lang]}</p>
              {d.topics.length > 0 && (
                <>
                  <p className="fw-semibold mb-1">{t('book.desk.examples')}</p>
                  <ul className="mb-3">
                    {d.topics.map((x) => (
                      <li key={x.key}>{x[lang]}</li>
                    ))}
                  </ul>
                </>
              )}
              <button
                type="button"
                className="btn btn-primary"
                aria-label={t('book.desk.chooseNamed', { name: d.name[lang] })}
                onClick={() => {
                  chooseDesk(d.id);
                  navigate(STEP_PATH.channel);
                }}
              >
                {t('book.desk.choose')}
              </button>
            </li>
          ))}
        </ul>
        </>
      )}
    </FlowFrame>
  );
}

/** Step 4: how to be contacted, and the priority the agency's charter grants. */

/** Today's figures of the scope, kept current by the live stream (polling /live when the stream fails). */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { AdminApiError, staff, staffApi } from '../../staff/api';
import { BASE, query, scoped, type Live } from './api';
import { ExportLinks, InlineLoading, Problem, ScopeCrumbs, TableScroll, useScope, useScopeHref } from './common';
import { formatClock, formatDate, formatDuration, formatInt, formatPercent, formatShortDateTime, significantChanges } from './format';
import { AlertList, Figure } from './LiveParts';

export const POLL_MS = 15_000;
/** Polls between two attempts to reopen the live stream (4 × 15 s). */
const RETRY_STREAM_EVERY = 4;
type Mode = 'connecting' | 'stream' | 'polling';

/** Errors that polling again will not cure (bad scope, out of reach, unknown). */
const final = (e: AdminApiError) => e.status === 400 || e.status === 401 || e.status === 403 || e.status === 404;

function useLive(scope: string | null) {
  const { t } = useTranslation();
  const [live, setLive] = useState<Live | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [mode, setMode] = useState<Mode>('connecting');
  const [announcement, setAnnouncement] = useState('');
  const tr = useRef(t);
  tr.current = t;

  useEffect(() => {
    let closed = false;
    let prev: Live | null = null;
    let poll: ReturnType<typeof setInterval> | undefined;
    let es: EventSource | null = null;
    const qs = query({ scope });
    setLive(null);
    setError(null);
    setMode('connecting');
    setAnnouncement('');

    const accept = (next: Live) => {
      if (closed) return;
      const changes = significantChanges(prev, next, currentLang());
      prev = next;
      setLive(next);
      setError(null);
      if (changes.length > 0) setAnnouncement(changes.map((c) => tr.current(c.key, c.values)).join(' '));
    };
    const load = async () => {
      try {
        accept(await staff(staffApi.GET('/api/monitoring/live', { params: { query: scoped(scope) } })));
      } catch (e) {
        if (closed) return;
        const err = e instanceof AdminApiError ? e : new AdminApiError(0, null);
        setError(err);
        if (final(err) && poll) {
          clearInterval(poll);
          poll = undefined;
        }
      }
    };
    let ticks = 0;
    const streams = typeof EventSource === 'function';
    const startPolling = () => {
      if (closed || poll) return;
      setMode('polling');
      if (prev) setAnnouncement(tr.current('monitoring.announce.polling'));
      poll = setInterval(() => {
        void load();
        // Every minute of polling, try the stream again; its first event ends the polling.
        ticks += 1;
        if (streams && !es && ticks % RETRY_STREAM_EVERY === 0) openStream();
      }, POLL_MS);
      void load();
    };
    const openStream = () => {
      const source = new EventSource(`${BASE}/live/stream${qs}`);
      es = source;
      source.addEventListener('figures', (ev) => {
        if (poll) {
          clearInterval(poll);
          poll = undefined;
        }
        setMode('stream');
        try {
          accept(JSON.parse((ev as MessageEvent<string>).data) as Live);
        } catch {
          // a malformed event: the next one (or polling) brings the figures
        }
      });
      source.onerror = () => {
        source.close();
        if (es === source) es = null;
        startPolling();
      };
    };

    if (streams) openStream();
    else startPolling();
    return () => {
      closed = true;
      es?.close();
      if (poll) clearInterval(poll);
    };
  }, [scope]);

  return { live, error, mode, announcement };
}

export default function LiveView() {
  const { t } = useTranslation();
  const lang = currentLang();
  const scope = useScope();
  const href = useScopeHref();
  const { live, error, mode, announcement } = useLive(scope);
  useTitle(live ? `${t('monitoring.nav.live')}: ${live.scope.name}` : t('monitoring.nav.live'));

  return (
    <>
      <div aria-live="polite" className="visually-hidden" data-testid="announcer">
        {announcement}
      </div>
      {error && <Problem error={error} />}
      {!live && !error && <InlineLoading />}
      {live && (
        <>
          <ScopeCrumbs scope={live.scope} />
          <AlertList alerts={live.alerts} scope={scope ?? `${live.scope.level}:${live.scope.id}`} />

          <div className="d-flex flex-wrap align-items-baseline justify-content-between gap-2 mb-2">
            <h2 className="h4 mb-0">{t('monitoring.live.heading', { day: formatDate(live.day, lang) })}</h2>
            <p className="mb-0 small" data-testid="updated-at">
              {t('monitoring.live.updatedAt', { time: formatClock(live.generatedAt, lang) })} ·{' '}
              <span className={mode === 'stream' ? 'mon-live' : undefined}>{t(`monitoring.live.${mode === 'stream' ? 'streaming' : mode}`)}</span>
            </p>
          </div>

          <section aria-labelledby="mon-bookings" className="mb-4">
            <h3 id="mon-bookings" className="h5">
              {t('monitoring.live.bookings')}
            </h3>
            <dl className="mon-figures">
              <Figure id="offered" label={t('monitoring.figures.offered')} value={formatInt(live.figures.offered, lang)} />
              <Figure id="booked" label={t('monitoring.figures.booked')} value={formatInt(live.figures.booked, lang)} />
              <Figure id="fillRate" label={t('monitoring.figures.fillRate')} value={formatPercent(live.figures.fillRate, lang)} />
              <Figure id="served" label={t('monitoring.figures.served')} value={formatInt(live.figures.served, lang)} />
              <Figure
                id="noAnswer"
                label={t('monitoring.figures.noAnswer')}
                value={formatInt(live.figures.noAnswer, lang)}
                detail={`${t('monitoring.figures.noAnswerRate')}: ${formatPercent(live.figures.noAnswerRate, lang)}`}
              />
              <Figure id="cancelled" label={t('monitoring.figures.cancelled')} value={formatInt(live.figures.cancelled, lang)} />
            </dl>
          </section>

          <section aria-labelledby="mon-now" className="mb-4">
            <h3 id="mon-now" className="h5">
              {t('monitoring.live.now')}
            </h3>
            <dl className="mon-figures">
              <Figure id="callsInProgress" label={t('monitoring.live.callsInProgress')} value={formatInt(live.now.callsInProgress, lang)} />
              <Figure id="onDuty" label={t('monitoring.live.onDuty')} value={formatInt(live.now.operatorsOnDuty, lang)} />
              <Figure id="onCall" label={t('monitoring.live.onCall')} value={formatInt(live.now.operatorsOnCall, lang)} />
              <Figure id="idle" label={t('monitoring.live.idle')} value={formatInt(live.now.operatorsIdle, lang)} />
              <Figure id="flagged" label={t('monitoring.live.flagged')} value={formatInt(live.now.flaggedIdentityChecks, lang)} />
            </dl>
          </section>

          <section aria-labelledby="mon-durations" className="mb-4">
            <h3 id="mon-durations" className="h5">
              {t('monitoring.live.durations')}
            </h3>
            <dl className="mon-figures">
              <Figure id="calls" label={t('monitoring.figures.calls')} value={formatInt(live.figures.calls, lang)} />
              <Figure id="meanCall" label={t('monitoring.figures.meanCall')} value={formatDuration(live.figures.meanCallSec)} />
              <Figure id="p90Call" label={t('monitoring.figures.p90Call')} value={formatDuration(live.figures.p90CallSec)} />
              <Figure id="overrunRate" label={t('monitoring.figures.overrunRate')} value={formatPercent(live.figures.overrunRate, lang)} />
            </dl>
            <p className="small mt-2 mb-0" data-testid="slot-length">
              {live.now.slotMinutes !== null ? t('monitoring.live.slotLength', { minutes: live.now.slotMinutes }) : t('monitoring.live.slotVaries')}
            </p>
          </section>

          <section aria-labelledby="mon-contacts" className="mb-4">
            <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-2">
              <h3 id="mon-contacts" className="h5 mb-0">
                {t('monitoring.live.contactsByReason')}
              </h3>
              {live.contactsByReason.length > 0 && (
                <ExportLinks table="contacts" scope={scope ?? `${live.scope.level}:${live.scope.id}`} from={live.day} to={live.day} />
              )}
            </div>
            {live.contactsByReason.length === 0 ? (
              <p>{t('monitoring.live.contactsNone')}</p>
            ) : (
              <TableScroll label={t('monitoring.live.contactsCaption')}>
                <table className="table table-sm mon-narrow" data-testid="contacts-table">
                  <caption>{t('monitoring.live.contactsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('monitoring.live.reason')}</th>
                      <th scope="col" className="text-end">
                        {t('monitoring.live.count')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {live.contactsByReason.map((r) => (
                      <tr key={r.reason}>
                        <th scope="row">{t(`monitoring.reasons.${r.reason}`, { defaultValue: r.reason })}</th>
                        <td className="text-end">{formatInt(r.count, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </section>

          {live.scope.level !== 'desk' && (
            <section aria-labelledby="mon-children" className="mb-4">
              <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-2">
                <h3 id="mon-children" className="h5 mb-0">
                  {t(`monitoring.children.${live.scope.level}`)}
                </h3>
                <ExportLinks table="live" scope={scope ?? `${live.scope.level}:${live.scope.id}`} />
              </div>
              {live.children.length === 0 ? (
                <p>{t('monitoring.live.noChildren')}</p>
              ) : (
                <TableScroll label={t('monitoring.live.childrenCaption', { children: t(`monitoring.children.${live.scope.level}`), name: live.scope.name })}>
                  <table className="table table-sm table-hover" data-testid="children-table">
                    <caption>{t('monitoring.live.childrenCaption', { children: t(`monitoring.children.${live.scope.level}`), name: live.scope.name })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t(`monitoring.level.${live.children[0]!.level}`)}</th>
                        <th scope="col" className="text-end">{t('monitoring.figures.offered')}</th>
                        <th scope="col" className="text-end">{t('monitoring.figures.booked')}</th>
                        <th scope="col" className="text-end">{t('monitoring.figures.fillRate')}</th>
                        <th scope="col" className="text-end">{t('monitoring.figures.served')}</th>
                        <th scope="col" className="text-end">{t('monitoring.figures.noAnswer')}</th>
                        <th scope="col" className="text-end">{t('monitoring.figures.cancelled')}</th>
                        <th scope="col">{t('monitoring.live.firstFree')}</th>
                        <th scope="col" className="text-end">{t('monitoring.live.leadTime')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {live.children.map((c) => (
                        <tr key={c.id} data-testid={`child-${c.id}`}>
                          <th scope="row">
                            <Link to={href(c)}>{c.name}</Link>
                          </th>
                          <td className="text-end">{formatInt(c.offered, lang)}</td>
                          <td className="text-end">{formatInt(c.booked, lang)}</td>
                          <td className="text-end">{formatPercent(c.fillRate, lang)}</td>
                          <td className="text-end">{formatInt(c.served, lang)}</td>
                          <td className="text-end">{formatInt(c.noAnswer, lang)}</td>
                          <td className="text-end">{formatInt(c.cancelled, lang)}</td>
                          <td>{c.firstFreeSlot ? formatShortDateTime(c.firstFreeSlot, lang) : t('monitoring.live.none')}</td>
                          <td className="text-end">
                            {c.leadTimeWorkingDays === null ? '—' : t('monitoring.live.workingDays', { count: c.leadTimeWorkingDays })}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              )}
            </section>
          )}
          {live.scope.level === 'desk' && (
            <div className="mb-4">
              <ExportLinks table="live" scope={scope ?? `${live.scope.level}:${live.scope.id}`} labelled />
            </div>
          )}
        </>
      )}
    </>
  );
}

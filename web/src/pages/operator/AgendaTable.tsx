import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { currentLang } from '../../i18n';
import { formatTime } from '../../lib/time';
import { mmss, type Agenda, type CallView } from './operatorApi';

export function StatusStrip({ agenda, now }: { agenda: Agenda; now: number }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const next = agenda.items.find((i) => i.bookingId === agenda.next);
  // Counted from the slot start: before it begins, the whole slot is left.
  const from = agenda.slotStartsAt ? Math.max(now, Date.parse(agenda.slotStartsAt)) : now;
  const left = agenda.slotEndsAt ? Math.max(0, (Date.parse(agenda.slotEndsAt) - from) / 1000) : null;
  const late = next && !agenda.current ? Math.max(0, Math.floor((now - Date.parse(next.nextAttemptAt ?? next.start)) / 60_000)) : agenda.delayMinutes;
  return (
    <dl className="op-status row g-2 mb-3">
      <div className="col-6 col-md-3">
        <dt>{t('operator.status.next')}</dt>
        <dd>{next ? `${formatTime(next.nextAttemptAt ?? next.start, lang)} · ${next.citizen.fullName ?? next.code}` : t('operator.status.nothing')}</dd>
      </div>
      <div className="col-6 col-md-3">
        <dt>{t('operator.status.timeLeft')}</dt>
        <dd data-testid="time-left">{left === null ? '—' : mmss(left)}</dd>
      </div>
      <div className="col-6 col-md-3">
        <dt>{t('operator.status.delay')}</dt>
        <dd className={late > 0 ? 'text-danger fw-semibold' : undefined}>{late > 0 ? t('operator.status.late', { count: late }) : t('operator.status.onTime')}</dd>
      </div>
      <div className="col-6 col-md-3">
        <dt>{t('operator.status.progress')}</dt>
        <dd>{t('operator.status.done', { done: agenda.done, total: agenda.total })}</dd>
      </div>
    </dl>
  );
}

export function AgendaTable({ agenda, selected, select }: { agenda: Agenda; selected: string | null; select: (id: string) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <div className="table-responsive">
      <table className="table table-sm align-middle">
        <caption>{t('operator.agenda.caption', { count: agenda.items.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('operator.agenda.time')}</th>
            <th scope="col">{t('operator.agenda.citizen')}</th>
            <th scope="col">{t('operator.agenda.code')}</th>
            <th scope="col">{t('operator.agenda.state')}</th>
            <th scope="col"><span className="visually-hidden">{t('operator.agenda.open')}</span></th>
          </tr>
        </thead>
        <tbody>
          {agenda.items.map((i) => (
            <tr key={i.bookingId} className={i.bookingId === selected ? 'fw-semibold' : undefined} style={i.bookingId === selected ? { boxShadow: 'inset 4px 0 0 #0066cc' } : undefined} aria-current={i.bookingId === selected ? 'true' : undefined}>
              <td>{formatTime(i.start, lang)}</td>
              <td>
                {i.citizen.fullName}
                {i.citizen.channel === 'video' && <span className="badge bg-primary ms-1" data-testid="video-badge">{t('operator.agenda.video')}</span>}
                {i.citizen.channel === 'video' && i.bookingActive && i.state !== 'done' && (
                  <Link to={`/operatore/video/${i.bookingId}`} className="btn btn-primary btn-xs btn-sm ms-2" data-testid="video-join"
                    aria-label={t('video.joinFor', { name: i.citizen.fullName ?? i.code })}>{t('video.join')}</Link>
                )}
                {i.citizen.station && <span className="badge bg-secondary ms-1" data-testid="station-badge">{t('operator.agenda.station', { comune: i.citizen.station })}</span>}
                {i.citizen.phoneInstead && <span className="badge bg-warning text-dark ms-1" data-testid="phone-instead-badge">{t('operator.agenda.phoneInstead')}</span>}
                {i.citizen.priority && <span className="badge bg-warning text-dark ms-1">{t('operator.agenda.priority')}</span>}
                {i.flagged && <span className="badge bg-danger ms-1">{t('operator.agenda.flagged')}</span>}
              </td>
              <td><code>{i.code}</code></td>
              <td>
                {t(`operator.state.${i.state}`)}
                {i.state === 'retry' && i.nextAttemptAt && ` · ${formatTime(i.nextAttemptAt, lang)}`}
                {i.outcome && ` · ${t(`operator.outcome.${i.outcome}`)}`}
              </td>
              <td>
                <button type="button" className="btn btn-outline-primary btn-xs btn-sm" onClick={() => select(i.bookingId)} aria-label={t('operator.agenda.openFor', { name: i.citizen.fullName ?? i.code })}>
                  {t('operator.agenda.open')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CallStatus({ c, now }: { c: CallView; now: number }) {
  const { t } = useTranslation();
  const running = c.state === 'answered' && c.answeredAt ? (now - Date.parse(c.answeredAt)) / 1000 : null;
  return (
    <p className="mb-2" role="status" aria-live="polite" data-testid="call-state">
      <strong>{t(c.state === 'requested' ? `operator.call.requested.${c.adapter === 'manual' ? 'manual' : c.adapter === 'simulated' ? 'simulated' : 'pbx'}` : `operator.call.state.${c.state}`)}</strong>
      {c.cause && (c.state === 'failed' || c.state === 'ended') && ` (${t(`operator.call.cause.${c.cause.split(':')[0]}`, { defaultValue: c.cause })})`}
      {running !== null && ` · ${mmss(running)}`}
      {c.talkSeconds !== null && c.state !== 'answered' && ` · ${t('operator.call.talk', { time: mmss(c.talkSeconds) })}`}
      {' · '}
      {t(`operator.adapter.${c.adapter}`)}
    </p>
  );
}

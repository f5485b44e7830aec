import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../../video/i18n';
import { useTitle } from '../../components/useTitle';
import { AdminApiError, staff, staffApi } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';
import { DutyPanel } from './DutyPanel';
import { type Agenda } from './operatorApi';
import { AgendaTable, StatusStrip } from './AgendaTable';
import { CallPanel } from './CallPanel';

/** Reloads on every live event of the console (Server-Sent Events); falls back to polling. */
function useLiveAgenda() {
  const [agenda, setAgenda] = useState<Agenda | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [skew, setSkew] = useState(0);
  const [live, setLive] = useState(false);
  const load = useCallback(async () => {
    try {
      const a = await staff(staffApi.GET('/api/staff/operator/agenda'));
      setSkew(Date.parse(a.serverTime) - Date.now());
      setAgenda(a);
      setError(null);
    } catch (e) {
      setError(e instanceof AdminApiError ? e : new AdminApiError(0, null));
    }
  }, []);
  useEffect(() => {
    void load();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const es = typeof EventSource === 'function' ? new EventSource('/api/staff/operator/events') : null;
    const debounce = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 100);
    };
    es?.addEventListener('change', debounce);
    if (es) {
      es.onopen = () => setLive(true);
      es.onerror = () => setLive(false);
    }
    const poll = setInterval(() => void load(), 30_000);
    return () => {
      es?.close();
      clearInterval(poll);
      clearTimeout(timer);
    };
  }, [load]);
  return { agenda, error, reload: load, skew, live };
}

function useNow(skew: number): number {
  const [now, setNow] = useState(() => Date.now() + skew);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now() + skew), 1000);
    return () => clearInterval(t);
  }, [skew]);
  return now;
}

export default function ConsolePage() {
  const { t } = useTranslation();
  useTitle(t('operator.console.title'));
  const { agenda, error, reload, skew, live } = useLiveAgenda();
  const now = useNow(skew);
  const [selected, setSelected] = useState<string | null>(null);
  const chosen = useMemo(() => {
    if (!agenda) return null;
    return agenda.items.find((i) => i.bookingId === (selected ?? agenda.current ?? agenda.next)) ?? null;
  }, [agenda, selected]);
  // The panel stays on the booking being handled until the operator moves on.
  useEffect(() => {
    if (!selected && chosen) setSelected(chosen.bookingId);
  }, [selected, chosen]);
  if (!agenda) return error ? <ProblemMessage error={error} /> : <p>{t('operator.loading')}</p>;
  return (
    <>
      <h1 className="h2">{t('operator.console.title')}</h1>
      <p className="small text-muted">{live ? t('operator.console.live') : t('operator.console.notLive')}</p>
      <DutyPanel agenda={agenda} reload={reload} />
      <StatusStrip agenda={agenda} now={now} />
      <div className="row">
        <div className="col-lg-6">
          <section aria-labelledby="op-agenda">
            <h2 id="op-agenda" className="h5">{t('operator.agenda.title')}</h2>
            {agenda.items.length === 0 ? <p>{t('operator.agenda.empty')}</p> : <AgendaTable agenda={agenda} selected={chosen?.bookingId ?? null} select={setSelected} />}
          </section>
        </div>
        <div className="col-lg-6">{chosen && <CallPanel key={chosen.bookingId} item={chosen} agenda={agenda} reload={reload} now={now} onNext={() => setSelected(agenda.next)} />}</div>
      </div>
    </>
  );
}

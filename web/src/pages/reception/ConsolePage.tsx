import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useTitle } from '../../components/useTitle';
import { staff, staffApi, useStaffData } from '../../staff/api';
import { useSession } from '../../staff/session';
import { AnswersPanel, type AnswersPanelHandle } from './AnswersPanel';
import { clock, type ContactReason, type ShortAnswer } from './api';
import { BookPanel, type BookField, type BookPanelHandle } from './BookPanel';
import { ConsoleCtx, type ConsoleApi } from './ConsoleContext';
import { ContactLog, type ContactLogHandle } from './ContactLog';
import { FindPanel, type FindPanelHandle } from './FindPanel';
import { IncomingCall, type TakenCall } from './IncomingCall';
import { PatronatoCaller } from './PatronatoCaller';
import { Kbd } from './Kbd';
import { altLetter, digitOf, isEditable } from './keys';
import { Shortcuts } from './Shortcuts';
import { Summary } from './Summary';

type Tool = 'book' | 'find' | 'answers';
const TOOLS: { tool: Tool; keys: string }[] = [
  { tool: 'book', keys: 'Alt+P' },
  { tool: 'find', keys: 'Alt+R' },
  { tool: 'answers', keys: 'Alt+A' },
];
const MAX_SECONDS = 14_400;

/** The reception line's console: one call at a time, from "new caller" to the contact log. */
export default function ConsolePage() {
  const { t } = useTranslation();
  useTitle(t('reception.title'));
  const { session } = useSession();
  const user = session?.user;

  // Where the agent works: provinces of their reception grants (all of them with a region-wide grant).
  const grants = useMemo(() => (user?.grants ?? []).filter((g) => g.role === 'reception_agent'), [user]);
  const regionWide = grants.some((g) => g.scope.kind === 'region');
  const allProvinces = useStaffData(regionWide ? '/api/provinces' : null, () => staffApi.GET('/api/provinces'));
  const provinces = useMemo(
    () => (regionWide ? (allProvinces.data?.items ?? []).map((p) => p.code) : [...new Set(grants.map((g) => g.scope.provinceCode).filter((p): p is string => !!p))]),
    [regionWide, allProvinces.data, grants],
  );
  const officeIds = useMemo(
    () => (grants.length > 0 && grants.every((g) => g.scope.kind === 'office' || g.scope.kind === 'desk') ? grants.map((g) => g.scope.officeId ?? '') : null),
    [grants],
  );

  const [tool, setTool] = useState<Tool>('book');
  const [callN, setCallN] = useState(0);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [suggestion, setSuggestion] = useState<{ reason: ContactReason; bookingCode?: string; n: number; focus: boolean } | null>(null);
  const [answer, setAnswer] = useState<ShortAnswer | null>(null);
  const [logged, setLogged] = useState<string | null>(null);
  const [summaryN, setSummaryN] = useState(0);
  // The incoming call being handled (taken from the PBX's events): its duration is the call's.
  const [inbound, setInbound] = useState<TakenCall | null>(null);
  const inboundRef = useRef<TakenCall | null>(null);
  inboundRef.current = inbound;

  const book = useRef<BookPanelHandle>(null);
  const find = useRef<FindPanelHandle>(null);
  const answers = useRef<AnswersPanelHandle>(null);
  const log = useRef<ContactLogHandle>(null);
  const startedRef = useRef<number | null>(null);
  startedRef.current = startedAt;

  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);

  // The panel is shown and focused at once (synchronously): the agent types straight after the shortcut.
  const show = useCallback((next: Tool, field?: BookField) => {
    flushSync(() => setTool(next));
    if (next === 'book') book.current?.focus(field ?? 'taxCode');
    else if (next === 'find') find.current?.focus();
    else answers.current?.focus();
  }, []);

  const reset = useCallback((start: boolean) => {
    flushSync(() => {
      setCallN((n) => n + 1);
      setStartedAt(start ? Date.now() : null);
      setNow(Date.now());
      setSuggestion(null);
      setAnswer(null);
      setTool('book');
    });
    book.current?.focus('taxCode');
  }, []);

  const newCaller = useCallback(() => {
    setLogged(null);
    reset(true);
  }, [reset]);

  const sendLog = useCallback(
    async (entry: { reason: ContactReason; bookingCode?: string; shortAnswerId?: string; note?: string }) => {
      const started = startedRef.current;
      const durationSeconds = started === null ? 0 : Math.min(MAX_SECONDS, Math.max(0, Math.round((Date.now() - started) / 1000)));
      const taken = inboundRef.current;
      await staff(staffApi.POST('/api/staff/contacts', {
        body: { ...entry, durationSeconds, ...(provinces.length > 1 ? { provinceCode: taken?.provinceCode ?? provinces[0] } : {}), ...(taken ? { inboundCallId: taken.id } : {}) },
      }));
      setInbound(null);
      setLogged(t('reception.log.done', { reason: t(`reception.reason.${entry.reason}`), duration: clock(durationSeconds) }));
      setSummaryN((n) => n + 1);
      reset(false);
    },
    [provinces, reset, t],
  );

  // An incoming call taken: a new caller, their number in the search and their bookings shown.
  const openIncoming = useCallback(
    (c: TakenCall) => {
      setLogged(null);
      reset(true);
      setInbound(c);
      if (c.answeredAt) setStartedAt(Date.parse(c.answeredAt));
      flushSync(() => setTool('find'));
      if (c.caller) find.current?.searchFor(c.caller);
      else find.current?.focus();
    },
    [reset],
  );

  const api = useMemo<ConsoleApi>(
    () => ({
      activity: () => setStartedAt((s) => s ?? Date.now()),
      outcome: (reason, bookingCode, focus = false) => setSuggestion((s) => ({ reason, ...(bookingCode ? { bookingCode } : {}), n: (s?.n ?? 0) + 1, focus })),
      answerOpened: (a) => {
        setStartedAt((s) => s ?? Date.now());
        if (a.source !== 'office') setAnswer(a);
      },
      logAnswerUsed: (a) => (a.source === 'office' ? sendLog({ reason: 'other', note: a.title }) : sendLog({ reason: 'short_answer', shortAnswerId: a.id })),
    }),
    [sendLog],
  );

  // Shortcuts anywhere on the page (Alt+letter), and the slot number keys outside text fields.
  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    if (e.defaultPrevented) return;
    const letter = altLetter(e);
    if (letter) {
      const actions: Record<string, () => void> = {
        N: newCaller,
        P: () => show('book'),
        R: () => show('find'),
        A: () => show('answers'),
        L: () => log.current?.focus(),
        C: () => show('book', 'town'),
        O: () => show('book', 'office'),
        U: () => show('book', 'desk'),
        I: () => {
          setTool('book');
          book.current?.toggleConsent();
        },
      };
      const action = actions[letter];
      if (action) {
        e.preventDefault();
        action();
      }
      return;
    }
    const n = digitOf(e);
    const target = e.target instanceof Element ? e.target : null;
    if (n !== null && tool === 'book' && !isEditable(target) && !target?.closest('.rc-log, .rc-inline-form')) {
      if (book.current?.pickSlot(n)) e.preventDefault();
    }
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  if (grants.length === 0) {
    return (
      <>
        <h1>{t('reception.title')}</h1>
        <p>{t('reception.noAccess')}</p>
        {user?.roles.some((r) => r === 'urp_monitor' || r === 'regional_admin') && <Link to="/reception/risposte">{t('reception.nav.answers')}</Link>}
      </>
    );
  }

  const elapsed = startedAt === null ? null : Math.max(0, Math.round((now - startedAt) / 1000));
  return (
    <ConsoleCtx.Provider value={api}>
      <div className="rc-topbar">
        <h1 className="h3 mb-0">{t('reception.title')}</h1>
        <span className="rc-province">{t('reception.provinces', { list: provinces.join(', ') })}</span>
        <span className="rc-timer" aria-live="off">
          {elapsed === null ? t('reception.call.idle') : t('reception.call.running', { time: clock(elapsed) })}
        </span>
        <button type="button" className="btn btn-primary btn-sm ms-auto" aria-keyshortcuts="Alt+N" onClick={newCaller}>
          {t('reception.call.new')} <Kbd keys="Alt+N" />
        </button>
      </div>
      <div className="row g-4">
        <div className="col-12 col-lg-8">
          <nav className="rc-tools" aria-label={t('reception.tools.label')}>
            {TOOLS.map(({ tool: x, keys: k }) => (
              <button key={x} type="button" className={`btn btn-sm ${tool === x ? 'btn-primary' : 'btn-outline-primary'}`} aria-pressed={tool === x} aria-keyshortcuts={k} onClick={() => show(x)}>
                {t(`reception.tools.${x}`)} <Kbd keys={k} />
              </button>
            ))}
          </nav>
          <IncomingCall
            current={inbound}
            idle={startedAt === null && inbound === null}
            onOpen={openIncoming}
            onUpdate={(c) => setInbound((x) => (x && x.id === c.id ? { ...x, ...c } : x))}
          />
          <PatronatoCaller phone={inbound?.caller ?? null} />
          <div className="rc-panel" hidden={tool !== 'book'}>
            <BookPanel key={`b${callN}`} ref={book} provinces={provinces} officeIds={officeIds} />
          </div>
          <div className="rc-panel" hidden={tool !== 'find'}>
            <FindPanel key={`f${callN}`} ref={find} />
          </div>
          <div className="rc-panel" hidden={tool !== 'answers'}>
            <AnswersPanel key={`a${callN}`} ref={answers} used={answer} />
          </div>
          <p className="rc-logged mb-2" role="status">
            {logged}
          </p>
          <ContactLog key={`l${callN}`} ref={log} suggestion={suggestion} answer={answer} onLog={sendLog} />
        </div>
        <aside className="col-12 col-lg-4" aria-label={t('reception.side')}>
          <Summary n={summaryN} />
          <Shortcuts />
        </aside>
      </div>
    </ConsoleCtx.Provider>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../../telephony/i18n';
import type { ApiData, ApiItem } from '../../api/client';
import { AdminApiError, staff, staffApi } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';
import { clock } from './api';

export type IncomingCallView = ApiItem<'/api/staff/reception/calls'>;
export type TakenCall = ApiData<'/api/staff/reception/calls/{id}/take', 'post'>;

const STORAGE_KEY = 'sportello.receptionExtension';
const POLL_MS = 2000;
const EXTENSION = /^\+?[0-9A-Za-z*#._-]{1,40}$/;

function storedExtension(): string {
  try {
    return window.localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

interface Props {
  /** The call being handled on the console (taken), if any. */
  current: TakenCall | null;
  /** Whether the console is free to open a new caller by itself. */
  idle: boolean;
  /** A call was taken: open its caller on the console. */
  onOpen(call: TakenCall): void;
  /** The handled call's state changed (answered, ended…). */
  onUpdate(call: IncomingCallView): void;
}

/**
 * Incoming calls at the agent's reception extension, as the PBX reports them (polled every
 * 2 seconds): a new call is taken and opened at once when the console is free, or offered
 * with a button; the handled call's state and conversation time come from the PBX.
 */
export function IncomingCall({ current, idle, onOpen, onUpdate }: Props) {
  const { t } = useTranslation();
  const [extension, setExtension] = useState(storedExtension);
  const [items, setItems] = useState<IncomingCallView[]>([]);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const taking = useRef(new Set<string>());
  const live = EXTENSION.test(extension.trim());

  useEffect(() => {
    try {
      window.localStorage.setItem(STORAGE_KEY, extension.trim());
    } catch {
      // not kept across visits
    }
  }, [extension]);

  useEffect(() => {
    if (!live) return;
    let stop = false;
    const poll = async () => {
      try {
        const r = await staff(staffApi.GET('/api/staff/reception/calls', { params: { query: { extension: extension.trim() } } }));
        if (!stop) setItems(r.items);
      } catch {
        // the next poll tries again
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [live, extension]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const take = async (c: IncomingCallView) => {
    if (taking.current.has(c.id)) return;
    taking.current.add(c.id);
    setError(null);
    try {
      onOpen(await staff(staffApi.POST('/api/staff/reception/calls/{id}/take', { params: { path: { id: c.id } } })));
    } catch (err) {
      setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
    }
  };

  const mine = current ? items.find((c) => c.id === current.id) : undefined;
  useEffect(() => {
    if (mine && current && (mine.state !== current.state || mine.talkSeconds !== current.talkSeconds)) onUpdate(mine);
    // Runs on purpose only when these change: tells the console when the handled call's state or time changes, not on every poll.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mine?.state, mine?.talkSeconds]);

  const waiting = items.find((c) => c.taken === null && (c.state === 'ringing' || c.state === 'answered') && c.id !== current?.id);
  useEffect(() => {
    if (waiting && idle) void take(waiting);
    // Runs on purpose only when these change: takes a new waiting call once, when it appears or the console becomes free.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [waiting?.id, idle]);

  const shown = current ? { ...current, ...mine } : null;
  const status = !shown
    ? t('telephony.incoming.none')
    : shown.state === 'ringing' ? t('telephony.incoming.ringing', { extension: shown.extension })
    : shown.state === 'answered' ? t('telephony.incoming.answered', { time: clock(shown.answeredAt ? (now - Date.parse(shown.answeredAt)) / 1000 : 0) })
    : shown.state === 'ended' ? t('telephony.incoming.ended', { time: clock(shown.talkSeconds ?? 0) })
    : t('telephony.incoming.missed');

  return (
    <section className="rc-incoming mb-3" aria-labelledby="rc-incoming-title">
      <h2 id="rc-incoming-title" className="h6 mb-1">{t('telephony.incoming.title')}</h2>
      <div className="d-flex flex-wrap align-items-end gap-2">
        <div>
          <label htmlFor="rc-extension" className="rc-label">{t('telephony.incoming.extension')}</label>
          <input id="rc-extension" className="form-control form-control-sm rc-mono" style={{ width: '8rem' }} value={extension} autoComplete="off"
            aria-describedby="rc-extension-help" onChange={(e) => setExtension(e.target.value)} />
        </div>
        <p id="rc-extension-help" className="small mb-1">{live ? t('telephony.incoming.watching', { extension: extension.trim() }) : t('telephony.incoming.extensionHelp')}</p>
      </div>
      <p className="mb-1 mt-2" role="status" data-testid="incoming-status">
        {status}
        {shown?.caller !== undefined && ` · ${shown.caller ?? t('telephony.incoming.hidden')}`}
      </p>
      {shown && <p className="small mb-1">{t('telephony.incoming.fromCall')}</p>}
      {waiting && !idle && (
        <button type="button" className="btn btn-sm btn-primary" onClick={() => void take(waiting)}>
          {t('telephony.incoming.open')} ({t('telephony.incoming.ringing', { extension: waiting.extension })})
        </button>
      )}
      <ProblemMessage error={error} />
    </section>
  );
}

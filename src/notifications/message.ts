/**
 * From a job to a message: the booking's current data is read at send time (the queue holds
 * no personal data), checked (a message about a start the booking no longer has, or about a
 * booking no longer in that state, is obsolete), and rendered with the template in force.
 */
import type { Queryable } from '../storage/db.js';
import type { OutgoingMessage } from './channels/channel.js';
import { appointmentIcs } from './ics.js';
import type { Channel, Language, NotificationKind } from './kinds.js';
import type { Job } from './queue.js';
import { render, type Template, type Variables } from './templates.js';

const ZONE = 'Europe/Rome';

export interface MessageContext {
  jobId: string;
  status: 'held' | 'booked' | 'cancelled' | 'expired';
  startsAt: Date;
  endsAt: Date;
  code: string;
  appointmentChannel: 'phone' | 'video';
  holdExpiresAt: Date | null;
  waitlistStatus: string | null;
  email: string | null;
  phone: string | null;
  taxCode: string | null;
  language: Language;
  deskNameIt: string;
  deskNameEn: string;
  callerPhone: string | null;
  officeName: string;
  receptionPhone: string | null;
  /** Moves and cancellations so far (the calendar file's SEQUENCE). */
  changes: number;
}

/** The booking behind each job (contact from the waiting-list entry for a place on offer). */
export async function loadContexts(db: Queryable, ids: readonly string[]): Promise<Map<string, MessageContext>> {
  if (ids.length === 0) return new Map();
  const r = await db.query<MessageContext>(
    `SELECT j.id AS "jobId", b.status, b.starts_at AS "startsAt", b.ends_at AS "endsAt", b.code,
            b.channel AS "appointmentChannel", b.hold_expires_at AS "holdExpiresAt", w.status AS "waitlistStatus",
            COALESCE(b.email, w.email) AS email, COALESCE(b.phone, w.phone) AS phone, COALESCE(b.tax_code, w.tax_code) AS "taxCode",
            CASE WHEN b.status = 'held' AND w.id IS NOT NULL THEN w.language ELSE b.language END AS language,
            d.name_it AS "deskNameIt", d.name_en AS "deskNameEn", d.caller_phone AS "callerPhone", o.name AS "officeName",
            COALESCE(o.reception_phone, p.reception_phone) AS "receptionPhone",
            (SELECT count(*)::int FROM booking_event e WHERE e.booking_id = b.id AND e.kind IN ('moved', 'cancelled')) AS changes
       FROM notification_job j
       JOIN booking b ON b.id = j.booking_id
       LEFT JOIN waitlist_entry w ON w.id = b.waitlist_entry_id
       JOIN desk d ON d.id = b.desk_id
       JOIN office o ON o.id = d.office_id
       JOIN province p ON p.code = o.province_code
      WHERE j.id = ANY($1::uuid[])`,
    [[...ids]],
  );
  return new Map(r.rows.map((c) => [c.jobId, c]));
}

export function recipientOf(channel: Channel, c: MessageContext): string | null {
  if (channel === 'email') return c.email;
  if (channel === 'sms') return c.phone;
  // A pseudonymised booking keeps a keyed hash in tax_code: not a tax code any more.
  return c.taxCode && /^[A-Z]{6}/.test(c.taxCode) ? c.taxCode : null;
}

/**
 * Why this job must not be sent now, or null when it still holds. Checked again at send
 * time whatever the triggers did: a cancelled or moved booking never gets a stale message.
 */
export function staleReason(job: Pick<Job, 'kind' | 'channel' | 'startsAt'>, c: MessageContext | undefined, nowMs: number): string | null {
  if (!c) return 'booking gone';
  if (!recipientOf(job.channel, c)) return 'no contact for this channel (erased or never given)';
  const sameStart = new Date(c.startsAt).getTime() === new Date(job.startsAt).getTime();
  switch (job.kind) {
    case 'booking_cancelled':
      return c.status === 'cancelled' ? null : `booking is ${c.status}`;
    case 'waitlist_offer':
      if (c.status !== 'held' || c.waitlistStatus !== 'offered') return 'offer no longer open';
      return c.holdExpiresAt && new Date(c.holdExpiresAt).getTime() > nowMs ? null : 'offer lapsed';
    case 'contact_code':
      if (c.status !== 'held') return `hold is ${c.status}`;
      return c.holdExpiresAt && new Date(c.holdExpiresAt).getTime() > nowMs ? null : 'hold lapsed';
    case 'booking_details':
    case 'booking_resent':
    case 'reminder':
    case 'booking_confirmed':
    case 'booking_moved':
    case 'desk_delay':
    case 'no_answer':
      if (c.status !== 'booked') return `booking is ${c.status}`;
      if (!sameStart) return 'booking moved since';
      if (job.kind === 'reminder' && new Date(c.startsAt).getTime() <= nowMs) return 'appointment already started';
      return null;
  }
}

const dateFmt = new Map<string, Intl.DateTimeFormat>();
function fmt(language: Language, kind: 'long' | 'short' | 'time'): Intl.DateTimeFormat {
  const key = `${language}:${kind}`;
  let f = dateFmt.get(key);
  if (!f) {
    const locale = language === 'it' ? 'it-IT' : 'en-GB';
    f = new Intl.DateTimeFormat(locale, kind === 'long'
      ? { timeZone: ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
      : kind === 'short'
        ? { timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric' }
        : { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    dateFmt.set(key, f);
  }
  return f;
}

export function formatDate(ms: number, language: Language): string {
  return fmt(language, 'long').format(ms);
}
export function formatTime(ms: number, language: Language): string {
  return fmt(language, 'time').format(ms);
}
function formatShortDate(ms: number, language: Language): string {
  return fmt(language, 'short').format(ms);
}

/** The values a template may use. Nothing else about the person is ever available. */
export function variablesFor(
  job: Pick<Job, 'kind' | 'data'>, c: MessageContext, publicUrl: string | undefined,
): Variables {
  const lang = c.language;
  const start = new Date(c.startsAt).getTime();
  const v: Variables = {
    code: c.code,
    date: formatDate(start, lang),
    shortDate: formatShortDate(start, lang),
    time: formatTime(start, lang),
    desk: lang === 'it' ? c.deskNameIt : c.deskNameEn,
    office: c.officeName,
    callerNumber: c.callerPhone ?? '',
    receptionPhone: c.receptionPhone ?? '',
    link: publicUrl ? `${publicUrl.replace(/\/+$/, '')}/prenotazione` : '',
    video: c.appointmentChannel === 'video' ? 'yes' : '',
  };
  const data = job.data ?? {};
  if (job.kind === 'booking_moved' && typeof data.from === 'string') {
    const from = new Date(data.from).getTime();
    v.previousDate = formatDate(from, lang);
    v.previousTime = formatTime(from, lang);
  }
  if (job.kind === 'waitlist_offer' && c.holdExpiresAt) {
    const until = new Date(c.holdExpiresAt).getTime();
    v.offerUntil = `${formatShortDate(until, lang)} ${lang === 'it' ? 'alle' : 'at'} ${formatTime(until, lang)}`;
  }
  if (typeof data.delayMinutes === 'number') v.delayMinutes = String(data.delayMinutes);
  if (typeof data.attempts === 'number') v.attempts = String(data.attempts);
  if (job.kind === 'contact_code' && typeof data.code === 'string') {
    v.verificationCode = data.code;
    v.codeMinutes = String(data.minutes ?? 10);
  }
  return v;
}

const WITH_CALENDAR: readonly NotificationKind[] = ['booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder'];

export function buildMessage(
  job: Pick<Job, 'id' | 'kind' | 'channel' | 'data'>, c: MessageContext, template: Template, publicUrl: string | undefined,
): OutgoingMessage {
  const vars = variablesFor(job, c, publicUrl);
  const r = render(template, vars, job.channel, c.language);
  const msg: OutgoingMessage = {
    jobId: job.id,
    kind: job.kind,
    language: c.language,
    to: recipientOf(job.channel, c) ?? '',
    subject: r.subject,
    text: r.text,
  };
  if (r.html) msg.html = r.html;
  if (r.markdown) msg.markdown = r.markdown;
  if (job.channel === 'email' && WITH_CALENDAR.includes(job.kind)) {
    msg.ics = appointmentIcs({
      code: c.code,
      startMs: new Date(c.startsAt).getTime(),
      endMs: new Date(c.endsAt).getTime(),
      language: c.language,
      deskName: c.language === 'it' ? c.deskNameIt : c.deskNameEn,
      officeName: c.officeName,
      video: c.appointmentChannel === 'video',
      cancelled: job.kind === 'booking_cancelled',
      sequence: c.changes,
    });
  }
  if (job.channel === 'appio' && job.kind !== 'booking_cancelled') msg.dueDate = new Date(c.startsAt).toISOString();
  return msg;
}

/** Sample data for template previews (no real person). */
export function sampleContext(language: Language): MessageContext {
  const start = Date.UTC(2027, 9, 31, 9, 0); // Sunday 31 October 2027, 10:00 in Rome (the day summer time ends)
  return {
    jobId: '00000000-0000-4000-8000-000000000000',
    status: 'booked',
    startsAt: new Date(start),
    endsAt: new Date(start + 10 * 60_000),
    code: 'MI01-1-7KQ3X',
    appointmentChannel: 'phone',
    holdExpiresAt: new Date(start - 22 * 3600_000),
    waitlistStatus: 'offered',
    email: 'cittadino@example.it',
    phone: '+393330000000',
    taxCode: 'RSSMRA85T10A562S',
    language,
    deskNameIt: 'Sportello prestazioni',
    deskNameEn: 'Benefits desk',
    callerPhone: '+390280000000',
    officeName: 'Milano',
    receptionPhone: '+390285622000',
    changes: 0,
  };
}

export function sampleData(kind: NotificationKind): Record<string, unknown> {
  if (kind === 'booking_moved') return { from: new Date(Date.UTC(2027, 9, 29, 8, 30)).toISOString() };
  if (kind === 'desk_delay') return { delayMinutes: 20 };
  if (kind === 'no_answer') return { attempts: 3 };
  if (kind === 'reminder') return { minutesBefore: 1440 };
  if (kind === 'contact_code') return { code: '482913', minutes: 10 };
  return {};
}

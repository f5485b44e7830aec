/**
 * From a job to a message: the booking's current data is read at send time (the queue holds
 * no personal data), checked (a message about a start the booking no longer has, or about a
 * booking no longer in that state, is obsolete), and rendered with the template in force.
 */
import type { Queryable } from '../storage/db.js';
import type { OutgoingMessage } from './channels/channel.js';
import { appointmentIcs } from '../domain/booking/appointment-ics.js';
import type { Channel, Language, NotificationKind } from './kinds.js';
import type { Job } from './queue.js';
import { render, type Template, type Variables } from './templates.js';
import { roomLinkForBooking, type RoomLink } from '../video/index.js';

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
  /** How to send the documents the desk asks for. */
  documentsSendIt: string;
  documentsSendEn: string;
  /** The booking (absent for drawer notices). */
  bookingId?: string | undefined;
  /** A video appointment's room (src/video): link (absolute with PUBLIC_URL, else its path), entry code, opening. */
  videoRoom?: RoomLink | null | undefined;
  /** A station appointment: the station's name and address (migration 0034). */
  station?: string | null;
  /**
   * A notice about a drawer thread (src/drawer) instead of a booking: then `code` is the
   * protocol number, `startsAt`/`endsAt` the registration time, `status` 'booked' (unused),
   * `email` the consultant's address (PEC or not).
   */
  drawer?: DrawerFacts | undefined;
  /** The waiting-list entry behind a place on offer, or behind a waitlist_joined notice. */
  waitlistEntryId?: string | null;
  waitlistCode?: string | null;
  /** waitlist_joined only: the entry's place in line now (null once it left the line). */
  waitlistPosition?: number | null;
}

export interface DrawerFacts {
  threadId: string;
  title: string;
  company: string;
  matricola: string;
  subjectIt: string;
  subjectEn: string;
  state: 'open' | 'in_charge' | 'closed';
  outcome: string | null;
}

const OUTCOME_NAMES: Record<string, Record<Language, string>> = {
  resolved: { it: 'risolta', en: 'resolved' },
  rejected: { it: 'respinta', en: 'rejected' },
  not_competent: { it: 'non di competenza della sede', en: 'not for this office' },
  withdrawn: { it: 'ritirata', en: 'withdrawn' },
};

const isDrawerKind = (k: NotificationKind) => k.startsWith('drawer_');

/** The drawer threads behind drawer notices: the consultant's e-mail read now, never kept in the queue. */
async function loadDrawerContexts(db: Queryable, ids: readonly string[]): Promise<MessageContext[]> {
  const r = await db.query<MessageContext & { drawer: DrawerFacts }>(
    `SELECT j.id AS "jobId", 'booked' AS status, t.registered_at AS "startsAt", t.registered_at AS "endsAt", t.protocol AS code,
            'phone' AS "appointmentChannel", NULL AS "holdExpiresAt", NULL AS "waitlistStatus", u.email, NULL AS phone, NULL AS "taxCode",
            'it' AS language, '' AS "deskNameIt", '' AS "deskNameEn", NULL AS "callerPhone", o.name AS "officeName", NULL AS "receptionPhone", 0 AS changes,
            json_build_object('threadId', t.id, 'title', t.title, 'company', c.name, 'matricola', c.matricola, 'subjectIt', s.name_it,
                              'subjectEn', s.name_en, 'state', t.state, 'outcome', t.outcome) AS drawer
       FROM notification_job j
       JOIN drawer_thread t ON t.id = j.drawer_thread_id
       JOIN drawer_company c ON c.id = t.company_id
       JOIN drawer_subject s ON s.id = t.subject_id
       JOIN office o ON o.id = t.office_id
       LEFT JOIN staff_user u ON u.id = COALESCE(j.staff_user_id, t.consultant_id) AND u.active
      WHERE j.id = ANY($1::uuid[])`,
    [[...ids]],
  );
  return r.rows;
}

/** The waiting-list entries behind waitlist_joined notices (no booking yet). */
async function loadWaitlistContexts(db: Queryable, ids: readonly string[]): Promise<MessageContext[]> {
  const r = await db.query<MessageContext>(
    `SELECT j.id AS "jobId", 'held' AS status, w.created_at AS "startsAt", w.created_at AS "endsAt", w.code,
            w.channel AS "appointmentChannel", NULL AS "holdExpiresAt", w.status AS "waitlistStatus",
            w.email, w.phone, w.tax_code AS "taxCode", w.language,
            d.name_it AS "deskNameIt", d.name_en AS "deskNameEn", d.caller_phone AS "callerPhone", o.name AS "officeName",
            COALESCE(o.reception_phone, p.reception_phone) AS "receptionPhone", d.documents_send_it AS "documentsSendIt",
            d.documents_send_en AS "documentsSendEn", 0 AS changes, w.id AS "waitlistEntryId", w.code AS "waitlistCode",
            CASE WHEN w.status = 'waiting' THEN (SELECT count(*)::int FROM waitlist_entry x
              WHERE x.desk_id = w.desk_id AND x.status = 'waiting' AND (x.created_at, x.id) <= (w.created_at, w.id)) END AS "waitlistPosition"
       FROM notification_job j
       JOIN waitlist_entry w ON w.id = j.waitlist_entry_id
       JOIN desk d ON d.id = w.desk_id
       JOIN office o ON o.id = d.office_id
       JOIN province p ON p.code = o.province_code
      WHERE j.id = ANY($1::uuid[])`,
    [[...ids]],
  );
  return r.rows;
}

/** The booking behind each job (contact from the waiting-list entry for a place on offer). */
export async function loadContexts(db: Queryable, ids: readonly string[]): Promise<Map<string, MessageContext>> {
  if (ids.length === 0) return new Map();
  const r = await db.query<MessageContext>(
    `SELECT j.id AS "jobId", b.id AS "bookingId", b.status, b.starts_at AS "startsAt", b.ends_at AS "endsAt", b.code,
            b.channel AS "appointmentChannel", b.hold_expires_at AS "holdExpiresAt", w.status AS "waitlistStatus",
            COALESCE(b.email, w.email) AS email, COALESCE(b.phone, w.phone) AS phone, COALESCE(b.tax_code, w.tax_code) AS "taxCode",
            CASE WHEN b.status = 'held' AND w.id IS NOT NULL THEN w.language ELSE b.language END AS language,
            d.name_it AS "deskNameIt", d.name_en AS "deskNameEn", d.caller_phone AS "callerPhone", o.name AS "officeName",
            COALESCE(o.reception_phone, p.reception_phone) AS "receptionPhone",
            d.documents_send_it AS "documentsSendIt", d.documents_send_en AS "documentsSendEn",
            (SELECT st.name || ', ' || st.address FROM station st WHERE st.id = b.station_id) AS station,
            (SELECT count(*)::int FROM booking_event e WHERE e.booking_id = b.id AND e.kind IN ('moved', 'cancelled')) AS changes,
            w.id AS "waitlistEntryId", w.code AS "waitlistCode"
       FROM notification_job j
       JOIN booking b ON b.id = j.booking_id
       LEFT JOIN waitlist_entry w ON w.id = b.waitlist_entry_id
       JOIN desk d ON d.id = b.desk_id
       JOIN office o ON o.id = d.office_id
       JOIN province p ON p.code = o.province_code
      WHERE j.id = ANY($1::uuid[])`,
    [[...ids]],
  );
  const out = new Map(r.rows.map((c) => [c.jobId, c]));
  // A video appointment's messages carry its room: made now if it is not yet.
  for (const c of r.rows) {
    if (c.appointmentChannel === 'video' && c.status === 'booked' && c.bookingId) c.videoRoom = await roomLinkForBooking(db, c.bookingId, Date.now());
  }
  const rest = ids.filter((id) => !out.has(id));
  if (rest.length) for (const c of await loadDrawerContexts(db, rest)) out.set(c.jobId, c);
  const left = rest.filter((id) => !out.has(id));
  if (left.length) for (const c of await loadWaitlistContexts(db, left)) out.set(c.jobId, c);
  return out;
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
  if (isDrawerKind(job.kind)) {
    if (!c.drawer) return 'not a drawer thread';
    if (job.kind === 'drawer_deadline') return c.drawer.state === 'closed' ? 'thread closed' : null;
    return job.kind === 'drawer_closed' && c.drawer.state !== 'closed' ? 'thread not closed' : null;
  }
  const sameStart = new Date(c.startsAt).getTime() === new Date(job.startsAt).getTime();
  switch (job.kind) {
    case 'booking_cancelled':
      return c.status === 'cancelled' ? null : `booking is ${c.status}`;
    case 'waitlist_offer':
      if (c.status !== 'held' || c.waitlistStatus !== 'offered') return 'offer no longer open';
      return c.holdExpiresAt && new Date(c.holdExpiresAt).getTime() > nowMs ? null : 'offer lapsed';
    case 'waitlist_joined':
      return c.waitlistStatus === 'waiting' || c.waitlistStatus === 'offered' ? null : `waiting-list entry is ${c.waitlistStatus ?? 'gone'}`;
    case 'contact_code':
      if (c.status !== 'held') return `hold is ${c.status}`;
      return c.holdExpiresAt && new Date(c.holdExpiresAt).getTime() > nowMs ? null : 'hold lapsed';
    case 'documents_needed':
      return c.status === 'booked' ? null : `booking is ${c.status}`;
    case 'follow_up_booked':
    case 'booking_details':
    case 'patronato_booked':
    case 'booking_resent':
    case 'station_phone_instead':
    case 'reminder':
    case 'booking_confirmed':
    case 'booking_moved':
    case 'desk_delay':
    case 'no_answer':
      if (c.status !== 'booked') return `booking is ${c.status}`;
      if (!sameStart) return 'booking moved since';
      if (job.kind === 'reminder' && new Date(c.startsAt).getTime() <= nowMs) return 'appointment already started';
      return null;
    case 'drawer_registered':
    case 'drawer_in_charge':
    case 'drawer_answered':
    case 'drawer_closed':
    case 'drawer_deadline':
      return null; // decided above
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
/** What builds the links a message carries that hold a secret (a waiting-list entry's token). */
export interface MessageLinks {
  /** The token of a waiting-list entry's page, derived from the server secret (never kept in the queue). */
  waitlistToken?: ((entryId: string) => string) | undefined;
}

export function variablesFor(
  job: Pick<Job, 'kind' | 'data'>, c: MessageContext, publicUrl: string | undefined, links: MessageLinks = {},
): Variables {
  const lang = c.language;
  const start = new Date(c.startsAt).getTime();
  // The citizen's pages in the booking's language: English ones live under /en.
  const site = publicUrl ? `${publicUrl.replace(/\/+$/, '')}${lang === 'en' ? '/en' : ''}` : undefined;
  const v: Variables = {
    code: c.code,
    date: formatDate(start, lang),
    shortDate: formatShortDate(start, lang),
    time: formatTime(start, lang),
    desk: lang === 'it' ? c.deskNameIt : c.deskNameEn,
    office: c.officeName,
    callerNumber: c.callerPhone ?? '',
    receptionPhone: c.receptionPhone ?? '',
    link: site ? `${site}/prenotazione` : '',
    video: c.appointmentChannel === 'video' ? 'yes' : '',
    station: c.station ?? '',
  };
  if (c.videoRoom) {
    v.videoLink = /^https?:/.test(c.videoRoom.url) ? c.videoRoom.url : site ? `${site}${c.videoRoom.url}` : '';
    v.videoCode = c.videoRoom.entryCode;
    v.videoOpens = formatTime(Date.parse(c.videoRoom.opensAt), lang);
    v.videoPage = site ? `${site}/video` : '';
  }
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
  if (c.waitlistEntryId && (job.kind === 'waitlist_offer' || job.kind === 'waitlist_joined')) {
    v.waitlistCode = c.waitlistCode ?? '';
    v.waitlistLink = site && links.waitlistToken
      ? `${site}/lista-attesa/${c.waitlistEntryId}#${links.waitlistToken(c.waitlistEntryId)}`
      : '';
    if (job.kind === 'waitlist_joined') {
      v.position = c.waitlistPosition ? String(c.waitlistPosition) : '';
      v.link = v.waitlistLink;
    }
  }
  if (c.drawer) {
    const d = c.drawer;
    Object.assign(v, {
      protocol: c.code, requestTitle: d.title, company: d.company, matricola: d.matricola, subjectLabel: lang === 'it' ? d.subjectIt : d.subjectEn,
      outcome: d.outcome ? (OUTCOME_NAMES[d.outcome]?.[lang] ?? d.outcome) : '',
      link: publicUrl ? `${publicUrl.replace(/\/+$/, '')}/cassetto/pratiche/${d.threadId}` : '',
    });
  }
  if (job.kind === 'drawer_deadline' && typeof data.dueAt === 'string') {
    const due = new Date(data.dueAt).getTime();
    v.deadline = `${formatShortDate(due, lang)} ${lang === 'it' ? 'alle' : 'at'} ${formatTime(due, lang)}`;
    v.overdue = data.stage === 'overdue' ? 'yes' : '';
  }
  if (typeof data.delayMinutes === 'number') v.delayMinutes = String(data.delayMinutes);
  if (typeof data.attempts === 'number') v.attempts = String(data.attempts);
  if (job.kind === 'patronato_booked' && typeof data.patronato === 'string') v.patronato = data.patronato;
  if (job.kind === 'contact_code' && typeof data.code === 'string') {
    v.verificationCode = data.code;
    v.codeMinutes = String(data.minutes ?? 10);
  }
  if (job.kind === 'follow_up_booked') {
    if (typeof data.pin === 'string') v.followUpPin = data.pin;
    if (typeof data.from === 'string') v.previousCode = data.from;
  }
  if (job.kind === 'documents_needed') {
    const docs = Array.isArray(data.documents) ? (data.documents as { it?: unknown; en?: unknown }[]) : [];
    v.documents = docs.map((d) => `• ${String((lang === 'it' ? d.it : d.en) ?? '')}`).join('\n');
    if (typeof data.note === 'string') v.documentsNote = data.note;
    v.documentsSend = lang === 'it' ? c.documentsSendIt : c.documentsSendEn;
    // The booking's one-time upload link (src/uploads): the token after '#', never sent to the server in an address.
    if (publicUrl && typeof data.uploadLinkId === 'string' && typeof data.uploadToken === 'string') {
      v.uploadLink = `${site ?? publicUrl}/documenti/${data.uploadLinkId}#${data.uploadToken}`;
      if (typeof data.uploadUntil === 'string') {
        const until = new Date(data.uploadUntil).getTime();
        v.uploadUntil = `${formatShortDate(until, lang)} ${lang === 'it' ? 'alle' : 'at'} ${formatTime(until, lang)}`;
      }
    }
  }
  return v;
}

const WITH_CALENDAR: readonly NotificationKind[] = ['booking_confirmed', 'patronato_booked', 'booking_moved', 'booking_cancelled', 'reminder', 'follow_up_booked'];

export function buildMessage(
  job: Pick<Job, 'id' | 'kind' | 'channel' | 'data'>, c: MessageContext, template: Template, publicUrl: string | undefined, links: MessageLinks = {},
): OutgoingMessage {
  const vars = variablesFor(job, c, publicUrl, links);
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
      videoLink: c.videoRoom ? variablesFor(job, c, publicUrl).videoLink || undefined : undefined,
      videoCode: c.videoRoom?.entryCode,
      cancelled: job.kind === 'booking_cancelled',
      sequence: c.changes,
      stampMs: Date.now(),
    });
  }
  if (job.channel === 'appio' && job.kind !== 'booking_cancelled' && job.kind !== 'waitlist_joined' && !c.drawer) msg.dueDate = new Date(c.startsAt).toISOString();
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
    waitlistEntryId: '00000000-0000-4000-8000-000000000001',
    waitlistCode: 'LA-7KQ3XM',
    waitlistPosition: 3,
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
    documentsSendIt: "Caricali dall'area MyINPS del sito www.inps.it oppure inviali via PEC alla sede.",
    documentsSendEn: 'Upload them from the MyINPS area of www.inps.it or send them by certified e-mail (PEC) to the office.',
  };
}

/** Sample data for a drawer notice's preview. */
export function sampleDrawerContext(language: Language): MessageContext {
  return {
    ...sampleContext(language),
    code: 'MI01-2027-000042',
    drawer: {
      threadId: '00000000-0000-4000-8000-000000000001', title: 'Denuncia UniEmens di marzo scartata', company: 'Officine Alfa srl',
      matricola: '1234567890', subjectIt: 'Denunce UniEmens', subjectEn: 'UniEmens returns', state: 'closed', outcome: 'resolved',
    },
  };
}

/** The sample context that suits a kind (preview, tests). */
export function sampleContextFor(kind: NotificationKind, language: Language): MessageContext {
  if (kind === 'station_phone_instead') return { ...sampleContext(language), appointmentChannel: 'video', station: 'Postazione comunale di Menaggio, Via Lusardi 26, Menaggio' };
  return isDrawerKind(kind) ? sampleDrawerContext(language) : sampleContext(language);
}

export function sampleData(kind: NotificationKind): Record<string, unknown> {
  if (kind === 'booking_moved') return { from: new Date(Date.UTC(2027, 9, 29, 8, 30)).toISOString() };
  if (kind === 'desk_delay') return { delayMinutes: 20 };
  if (kind === 'drawer_deadline') return { stage: 'due_soon', dueAt: new Date(Date.UTC(2027, 10, 8, 17, 0)).toISOString() };
  if (kind === 'no_answer') return { attempts: 3 };
  if (kind === 'reminder') return { minutesBefore: 1440 };
  if (kind === 'contact_code') return { code: '482913', minutes: 10 };
  if (kind === 'follow_up_booked') return { pin: '305718', from: 'MI01-1-4HZ2M' };
  if (kind === 'documents_needed') {
    return {
      documents: [{ it: 'Attestazione ISEE in corso di validità', en: 'Current ISEE statement' }, { it: 'Certificato medico', en: 'Medical certificate' }], note: 'Il certificato deve essere del medico curante.',
      uploadLinkId: '00000000-0000-4000-8000-000000000002', uploadToken: 'esempio-esempio-esempio-esempio0', uploadUntil: new Date(Date.UTC(2027, 10, 7, 9, 0)).toISOString(),
    };
  }
  return {};
}

import type { Language } from './kinds.js';

export interface IcsInput {
  code: string;
  startMs: number;
  endMs: number;
  language: Language;
  deskName: string;
  officeName: string;
  video: boolean;
  cancelled: boolean;
  /** Grows with every move or cancellation, so calendars replace the event they hold. */
  sequence: number;
  /** DTSTAMP; now by default. */
  stampMs?: number;
}

/** RFC 5545 TEXT escaping. */
function text(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines of at most 75 octets, continuation lines start with a space (RFC 5545 §3.1). */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--; // never split a UTF-8 sequence
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // the leading space counts
  }
  return parts.join('\r\n ');
}

function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The appointment as a calendar file, attached to e-mails. Same UID as the file the citizen
 * downloads when booking (`<code>@sportello`, src/booking/booking-calendar.ts, which uses the
 * `ics` package), so a calendar updates the event on a move (higher SEQUENCE) and removes it
 * on a cancellation (METHOD:CANCEL, STATUS:CANCELLED). Times in UTC (`…Z`): every calendar
 * shows them at the right local time, daylight-saving days included. Written here directly
 * (a dozen lines of RFC 5545) because the package's validation cost ~2 ms per file, too much
 * for thousands of reminders.
 */
export function appointmentIcs(b: IcsInput): string {
  const it = b.language === 'it';
  const title = it ? `Appuntamento INPS — ${b.deskName}` : `INPS appointment — ${b.deskName}`;
  const how = b.video
    ? (it ? 'Videochiamata: riceverai il link.' : 'Video call: you will receive the link.')
    : (it ? "Un operatore ti chiamerà al numero che hai indicato all'orario prenotato." : 'An operator will call you on the number you gave at the booked time.');
  const description = `${how}\n${it ? 'Codice prenotazione' : 'Booking code'}: ${b.code}\n${it ? 'Sede' : 'Office'}: ${b.officeName}`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'PRODID:sportello',
    `METHOD:${b.cancelled ? 'CANCEL' : 'PUBLISH'}`,
    'BEGIN:VEVENT',
    `UID:${text(b.code)}@sportello`,
    `SUMMARY:${text(title)}`,
    `DTSTAMP:${utc(b.stampMs ?? Date.now())}`,
    `DTSTART:${utc(b.startMs)}`,
    `DTEND:${utc(b.endMs)}`,
    `SEQUENCE:${b.sequence}`,
    `DESCRIPTION:${text(description)}`,
    `LOCATION:${text(b.officeName)}`,
    `STATUS:${b.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `TRANSP:${b.cancelled ? 'TRANSPARENT' : 'OPAQUE'}`,
  ];
  if (!b.cancelled) lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${text(title)}`, 'TRIGGER:-PT30M', 'END:VALARM');
  lines.push('END:VEVENT', 'END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

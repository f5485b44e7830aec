
export interface IcsInput {
  code: string;
  startMs: number;
  endMs: number;
  language: 'it' | 'en';
  deskName: string;
  officeName: string;
  video: boolean;
  /** A video appointment's room: its link and entry code (src/video), when known. */
  videoLink?: string | undefined;
  videoCode?: string | undefined;
  cancelled: boolean;
  /** Grows with every move or cancellation, so calendars replace the event they hold. */
  sequence: number;
  /** DTSTAMP: when the file is written. */
  stampMs: number;
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
 * The appointment as a calendar file (RFC 5545), the one writer for the file attached to
 * e-mails and the one the citizen downloads: one UID per booking (`<code>@sportello`), so a
 * calendar updates the event on a move (higher SEQUENCE) and removes it on a cancellation
 * (METHOD:CANCEL, STATUS:CANCELLED). Times in UTC (`…Z`): every calendar shows them at the
 * right local time, daylight-saving days included. Written directly (a dozen lines) because
 * the `ics` package's validation cost ~2 ms per file, too much for thousands of reminders.
 */
export function appointmentIcs(b: IcsInput): string {
  const it = b.language === 'it';
  const title = it ? `Appuntamento INPS — ${b.deskName}` : `INPS appointment — ${b.deskName}`;
  const how = b.video
    ? (b.videoCode
      ? (it ? `Videochiamata: ${b.videoLink ? `entra da ${b.videoLink} ` : ''}con il codice di accesso ${b.videoCode}.` : `Video call: ${b.videoLink ? `enter at ${b.videoLink} ` : ''}with the access code ${b.videoCode}.`)
      : (it ? 'Videochiamata: il link e il codice di accesso sono nel messaggio di conferma.' : 'Video call: the link and the access code are in the confirmation message.'))
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
    `DTSTAMP:${utc(b.stampMs)}`,
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

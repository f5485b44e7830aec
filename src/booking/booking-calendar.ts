import { createEvent } from 'ics';
import type { BookingView } from './present-booking.js';

/**
 * The booking as a calendar file (.ics). Times are written in UTC (`…Z`), which every
 * calendar shows at the right local time, daylight-saving days included.
 */
export function bookingIcs(b: BookingView): string {
  const it = b.language === 'it';
  const what = it ? `Appuntamento INPS — ${b.desk.name.it}` : `INPS appointment — ${b.desk.name.en}`;
  const how = b.channel === 'video'
    ? (it ? 'Videochiamata: riceverai il link.' : 'Video call: you will receive the link.')
    : (it ? "Un operatore ti chiamerà al numero che hai indicato all'orario prenotato." : 'An operator will call you on the number you gave at the booked time.');
  const { error, value } = createEvent({
    uid: `${b.code}@sportello`,
    start: new Date(b.start).getTime(),
    end: new Date(b.end).getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    endInputType: 'utc',
    endOutputType: 'utc',
    title: what,
    description: `${how}\n${it ? 'Codice prenotazione' : 'Booking code'}: ${b.code}\n${it ? 'Sede' : 'Office'}: ${b.office.name}`,
    location: b.office.name,
    status: b.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    busyStatus: 'BUSY',
    productId: 'sportello',
    method: 'PUBLISH',
    alarms: [{ action: 'display', description: what, trigger: { minutes: 30, before: true } }],
  });
  if (error || !value) throw error ?? new Error('calendar file not produced');
  return value;
}

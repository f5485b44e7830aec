/** What a notification is about, and the channels it can go through. */
export const NOTIFICATION_KINDS = [
  'booking_confirmed',
  'booking_moved',
  'booking_cancelled',
  'reminder',
  'no_answer',
  'desk_delay',
  'waitlist_offer',
  /** A booking's details sent again to its own contact: someone tried to book again at the desk with its tax code. */
  'booking_details',
  /** The one-time code that verifies a phone or e-mail address before a booking is confirmed. */
  'contact_code',
  /** A second-level appointment booked by the operator during a call: its code, time, channel and PIN. */
  'follow_up_booked',
  /** The documents the operator ticked during a call, and how to send them. */
  'documents_needed',
  /** A patronato booked for the citizen (its name in the job's data): the booking's confirmation, told as such (migration 0020). */
  'patronato_booked',
  /** The two-way drawer (src/drawer): notices to the labour consultant, by e-mail (a PEC address is an e-mail address). */
  'drawer_registered',
  'drawer_in_charge',
  'drawer_answered',
  'drawer_closed',
  /** A drawer request near or past its deadline: a reminder to the office staff (the assignee, or the queue's staff), by e-mail (migration 0032). */
  'drawer_deadline',
  /** A booking's code sent again to its own contact, asked for by its citizen ("I lost my code"). */
  'booking_resent',
  /** Joining a desk's waiting list, confirmed: the entry's code and the link to follow the place (migration 0031). */
  'waitlist_joined',
  /** A station appointment becomes a phone call: the station is offline or the video could not start (src/stations). */
  'station_phone_instead',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const CHANNELS = ['email', 'sms', 'appio'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LANGUAGES = ['it', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const JOB_STATES = ['pending', 'claimed', 'sending', 'sent', 'undeliverable', 'dead', 'obsolete', 'expired'] as const;
export type JobState = (typeof JOB_STATES)[number];

export function isKind(v: unknown): v is NotificationKind {
  return typeof v === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(v);
}

export function isChannel(v: unknown): v is Channel {
  return typeof v === 'string' && (CHANNELS as readonly string[]).includes(v);
}

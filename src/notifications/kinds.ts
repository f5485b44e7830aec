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
  /** A booking's code sent again to its own contact, asked for by its citizen ("I lost my code"). */
  'booking_resent',
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

/** Shapes of the operator-console API (src/calls/routes.schema.ts; the server's own, generated). */
import type { ApiBody, ApiData, ApiItem } from '../../api/client';

/** The operator's day (GET /api/staff/operator/agenda): desks on duty, bookings, where the slot stands. */
export type Agenda = ApiData<'/api/staff/operator/agenda'>;
export type AgendaItem = Agenda['items'][number];
export type DeskOnDuty = Agenda['desks'][number];
/** A call as the console shows it. */
export type CallView = NonNullable<AgendaItem['lastCall']>;
/** Every step of a booking's history and its calls. */
export type History = ApiData<'/api/staff/agenda/bookings/{id}/history'>;
/** A booking flagged for the URP. */
export type Flag = ApiItem<'/api/staff/calls/flags'>;
/** A supervisor's view of one desk's day. */
export type DeskAgenda = ApiData<'/api/staff/agenda/desks/{id}'>;
/** What a started call answers; `manual`: how to dial by hand. */
export type StartedCall = ApiData<'/api/staff/calls', 'post'>;
export type ManualDial = NonNullable<StartedCall['manual']>;
/** Sign-on for the day's rostered desks: the desks (GET) and what signing on did (POST). */
export type RosteredDesk = ApiData<'/api/staff/operator/duty/day'>['desks'][number];
export type DaySignOn = ApiData<'/api/staff/operator/duty/day', 'post'>;

/** What the outcome form sends. */
export type OutcomeBody = ApiBody<'/api/staff/agenda/bookings/{id}/outcome'>;
export type Outcome = OutcomeBody['outcome'];
export type IdentityWaiver = NonNullable<OutcomeBody['identityWaiver']>;

/** The outcomes, in the order the form offers them. */
export const OUTCOMES = ['resolved', 'no_answer', 'wrong_number', 'cancelled_by_citizen', 'second_level', 'needs_documents'] as const satisfies readonly Outcome[];
/** The citizen was served: identity first (or a reason). */
export const SERVED: readonly Outcome[] = ['resolved', 'second_level', 'needs_documents'];
/** Someone was on the line. */
export const CONNECTED: readonly Outcome[] = [...SERVED, 'cancelled_by_citizen'];
export const IDENTITY_WAIVERS = ['pin_lost', 'pin_locked', 'representative', 'communication'] as const satisfies readonly IdentityWaiver[];

/** "RSSMRA85T10A562S" → "RSS•••••••••••2S": what the screen shows of a typed tax code. */
export function maskTaxCode(typed: string): string {
  const v = typed.replace(/\s+/g, '').toUpperCase();
  if (v.length <= 5) return '•'.repeat(v.length);
  return v.slice(0, 3) + '•'.repeat(v.length - 5) + v.slice(-2);
}

export function mmss(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

import { DateTime } from 'luxon';
import type { AdapterKind } from '../adapters/telephony/port.js';
import type { TelephonyRegistry } from '../adapters/telephony/registry.js';
import type { BookingDeps } from '../booking/index.js';
import type { Db } from '../storage/db.js';
import { AppError } from '../domain/errors.js';
import type { CallBus } from './bus.js';

/** What the call use cases need from the world, injectable in tests. */
export interface CallsDeps {
  db: Db;
  booking: BookingDeps;
  telephony: TelephonyRegistry;
  bus: CallBus;
  now: () => number;
  log: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void; error(obj: unknown, msg?: string): void };
  defaultAdapter: AdapterKind;
}

export const ZONE = 'Europe/Rome';

/** The Europe/Rome calendar day of an instant, 'YYYY-MM-DD'. */
export function romeDay(ms: number): string {
  return DateTime.fromMillis(ms, { zone: ZONE }).toISODate()!;
}

/** [start, end) of a Europe/Rome day, as instants (23 or 25 hours on the change days). */
export function dayBounds(day: string): { from: Date; to: Date } {
  const start = DateTime.fromISO(day, { zone: ZONE }).startOf('day');
  return { from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() };
}

export const staffActor = (userId: string) => `staff:${userId}`;

const e = (status: number, code: string, it: string, en: string) => new AppError(status, code, { it, en });

export const callErrors = {
  bookingNotFound: () => e(404, 'not_found', 'Prenotazione non trovata.', 'Booking not found.'),
  callNotFound: () => e(404, 'not_found', 'Chiamata non trovata.', 'Call not found.'),
  deskNotFound: () => e(404, 'not_found', 'Sportello non trovato.', 'Desk not found.'),
  officeNotFound: () => e(404, 'not_found', 'Sede non trovata.', 'Office not found.'),
  notOnDuty: () => e(409, 'not_on_duty', 'Non sei in servizio su questo sportello oggi: entra in servizio dalla console.', 'You are not on duty at this desk today: sign on from the console.'),
  notYours: () => e(409, 'not_your_booking', 'Questa prenotazione è nell’agenda di un altro operatore.', 'This booking is in another operator’s agenda.'),
  notToday: () => e(409, 'not_today', 'Questa prenotazione non è nell’agenda di oggi.', 'This booking is not in today’s agenda.'),
  callInProgress: () => e(409, 'call_in_progress', 'C’è già una chiamata in corso per questa prenotazione.', 'A call is already under way for this booking.'),
  closed: () => e(409, 'already_closed', 'L’esito di questa prenotazione è già stato registrato.', 'The outcome of this booking has already been recorded.'),
  notActive: () => e(409, 'booking_not_active', 'La prenotazione non è attiva (annullata o scaduta).', 'The booking is not active (cancelled or expired).'),
  extensionRequired: () => e(422, 'extension_required', 'Indica il tuo interno telefonico per chiamare attraverso il centralino.', 'Give your phone extension to call through the PBX.'),
  noCallYet: () => e(409, 'no_call_yet', 'Nessuna chiamata ancora fatta per questa prenotazione.', 'No call has been made for this booking yet.'),
  callTooEarly: (from: string) =>
    new AppError(409, 'call_too_early', from
      ? { it: `Non si può ancora chiamare: la chiamata è possibile dalle ${from.slice(11, 16)}.`, en: `Too early to call: the call can be made from ${from.slice(11, 16)}.` }
      : { it: 'Non si può ancora chiamare questa prenotazione.', en: 'Too early to call this booking.' }, [], from ? { callFrom: from } : {}),
  callWindowOver: () => e(409, 'call_window_over', 'Il tempo per chiamare questa prenotazione è finito (fascia e finestra dei tentativi).', 'The time to call this booking is over (slot and retry window).'),
  noConnectedCall: () => e(409, 'no_connected_call', 'La verifica dell’identità si fa durante una chiamata in cui il cittadino ha risposto.', 'The identity check is made during a call the citizen answered.'),
  callWasAnswered: () => e(409, 'call_was_answered', '“Nessuna risposta” non è possibile: il cittadino ha risposto all’ultima chiamata.', '“No answer” is not possible: the citizen answered the last call.'),
  callNotConnected: () => e(409, 'call_not_connected', 'Questo esito richiede una chiamata in cui il cittadino ha risposto: l’ultima chiamata non è stata risposta.', 'This outcome needs a call the citizen answered: the last call was not answered.'),
  identityNotVerified: () => e(409, 'identity_not_verified', 'Prima di registrare questo esito verifica l’identità (codice fiscale e PIN) in questa chiamata, oppure indica perché non è stato possibile.', 'Before recording this outcome check the identity (tax code and PIN) in this call, or say why it was not possible.'),
  slotNotStarted: (start: string) =>
    new AppError(409, 'slot_not_started', start
      ? { it: `La fascia inizia alle ${start.slice(11, 16)}: prima di allora la prenotazione non si chiude come “nessuna risposta”.`, en: `The slot starts at ${start.slice(11, 16)}: the booking cannot be closed as “no answer” before then.` }
      : { it: 'La fascia non è ancora iniziata: la prenotazione non si chiude come “nessuna risposta”.', en: 'The slot has not started yet: the booking cannot be closed as “no answer”.' }, [], start ? { slotStart: start } : {}),
  notManual: () => e(409, 'not_manual', 'Questa chiamata non è manuale.', 'This call is not a manual one.'),
  callOver: () => e(409, 'call_over', 'La chiamata è già terminata.', 'The call is already over.'),
  operatorNotOnDuty: () => e(409, 'operator_not_on_duty', 'L’operatore scelto non è in servizio su questo sportello oggi.', 'The chosen operator is not on duty at this desk today.'),
  notWildix: () => e(404, 'not_found', 'Questa sede non usa Wildix.', 'This office does not use Wildix.'),
  noWebhookSecret: () => e(503, 'webhook_not_configured', 'Segreto del webhook non configurato.', 'Webhook secret not configured.'),
  badSignature: () => e(401, 'bad_signature', 'Firma (x-signature) mancante o errata.', 'Missing or wrong signature (x-signature).'),
  badEvent: (reason: string) => e(400, 'bad_event', `Evento non valido: ${reason}.`, `Invalid event: ${reason}.`),
  historyUnavailable: (adapter: string, reason: string) =>
    new AppError(503, 'telephony_unavailable',
      { it: `Il centralino (${adapter}) non è raggiungibile o non è configurato: ${reason}. Lo storico delle chiamate non è stato importato.`,
        en: `The phone system (${adapter}) cannot be reached or is not configured: ${reason}. The call history was not imported.` },
      [], { adapter, reason }),
  unknownSecondLevelDesk: () =>
    new AppError(422, 'invalid_input', { it: 'Lo sportello di secondo livello indicato non esiste.', en: 'The second-level desk given does not exist.' },
      [{ path: 'secondLevelDeskId', code: 'unknown_desk', it: 'Sportello inesistente.', en: 'No such desk.' }]),
  extensionRefused: (extension: string, reason: string, callId: string) =>
    new AppError(503, 'telephony_unavailable',
      { it: `Il centralino non riconosce il tuo interno ${extension}: esci dal servizio e rientra con l'interno giusto. Intanto puoi chiamare da un altro telefono con la modalità manuale.`,
        en: `The phone system does not know your extension ${extension}: sign off and on again with the right extension. Meanwhile you can call from another phone in manual mode.` },
      [], { reason, callId, manualAvailable: true, extensionRefused: true }),
  telephonyUnavailable: (adapter: string, reason: string, callId: string) =>
    new AppError(503, 'telephony_unavailable',
      { it: `Il centralino (${adapter}) non risponde o rifiuta la chiamata: ${reason}. Puoi chiamare da un altro telefono con la modalità manuale.`,
        en: `The phone system (${adapter}) is not answering or refused the call: ${reason}. You can call from another phone in manual mode.` },
      [], { adapter, reason, callId, manualAvailable: true }),
};

import { AppError, type Bilingual } from '../domain/errors.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';

const e = (status: number, code: string, it: string, en: string, path?: string) =>
  new AppError(status, code, { it, en }, path ? [{ path, code, it, en }] : []);

/** "30 secondi", "2 minuti" / "30 seconds", "2 minutes". */
function wait(seconds: number): { it: string; en: string } {
  if (seconds < 90) return { it: `${seconds} ${seconds === 1 ? 'secondo' : 'secondi'}`, en: `${seconds} ${seconds === 1 ? 'second' : 'seconds'}` };
  const m = Math.ceil(seconds / 60);
  return { it: `${m} minuti`, en: `${m} minutes` };
}

export const bookingErrors = {
  challengeRequired: () =>
    e(400, 'challenge_required', 'Manca la verifica anti-abuso: attendi che la pagina la completi e riprova.',
      'The anti-abuse check is missing: wait for the page to complete it and try again.'),
  challengeInvalid: () =>
    e(403, 'challenge_invalid', 'La verifica anti-abuso non è valida, è scaduta o è già stata usata: la pagina ne prepara una nuova, riprova tra poco.',
      'The anti-abuse check is not valid, has expired or was already used: the page prepares a new one, try again shortly.'),
  tooManyHolds: (seconds: number, per: 'address' | 'session') => {
    const w = wait(seconds);
    const who = per === 'address' ? { it: 'da questa connessione', en: 'from this connection' } : { it: 'da questo browser', en: 'from this browser' };
    return new AppError(429, 'too_many_holds', {
      it: `Ci sono già troppi posti riservati ${who.it} in attesa di conferma: completa o annulla una prenotazione, oppure riprova tra ${w.it}.`,
      en: `Too many places are already held ${who.en} awaiting confirmation: complete or cancel a booking, or try again in ${w.en}.`,
    }, [], { retryAfter: seconds, limit: per });
  },
  holdRateLimited: (seconds: number) => {
    const w = wait(seconds);
    return new AppError(429, 'hold_rate_limited', {
      it: `Troppe richieste di posti da questa connessione: riprova tra ${w.it}.`,
      en: `Too many requests for places from this connection: try again in ${w.en}.`,
    }, [], { retryAfter: seconds });
  },
  deskNotFound: () => e(404, 'not_found', 'Sportello non trovato.', 'Desk not found.'),
  deskInactive: () => e(409, 'desk_inactive', 'Questo sportello al momento non accetta prenotazioni.', 'This desk is not taking bookings at the moment.'),
  bookingNotFound: () =>
    e(404, 'booking_not_found', 'Nessuna prenotazione con questo codice e questo codice fiscale.', 'No booking with this code and this tax code.'),
  channelNotOffered: () => e(422, 'channel_not_offered', 'Questo sportello non offre il canale scelto.', 'This desk does not offer the chosen channel.', 'channel'),
  notASlot: () => e(422, 'not_a_slot', "A quell'ora non inizia nessuna fascia di questo sportello.", 'No slot of this desk starts at that time.', 'start'),
  slotClosed: () => e(409, 'slot_closed', 'Lo sportello è chiuso in quel giorno.', 'The desk is closed on that day.', 'start'),
  slotPast: () => e(409, 'slot_past', 'Questa fascia è già passata.', 'This slot is already past.', 'start'),
  slotTooSoon: (minutes: number) =>
    e(409, 'slot_too_soon', `Si prenota con almeno ${minutes} minuti di anticipo.`, `Bookings must be made at least ${minutes} minutes ahead.`, 'start'),
  slotBeyondHorizon: (days: number) =>
    e(409, 'slot_beyond_horizon', `Si prenota al massimo ${days} giorni in anticipo.`, `Bookings can be made at most ${days} days ahead.`, 'start'),
  slotNotYetOpen: (opensAtMs: number, zone: string) => {
    const at = toIsoWithOffset(opensAtMs, zone);
    const when = new Intl.DateTimeFormat('it-IT', { timeZone: zone, dateStyle: 'full', timeStyle: 'short' }).format(opensAtMs);
    const whenEn = new Intl.DateTimeFormat('en-GB', { timeZone: zone, dateStyle: 'full', timeStyle: 'short' }).format(opensAtMs);
    return e(409, 'slot_not_yet_open', `Le prenotazioni per questo giorno aprono ${when}.`, `Bookings for this day open on ${whenEn}.`, 'start').with({ opensAt: at });
  },
  calendarChanging: () =>
    e(409, 'calendar_changing', "L'orario di questo sportello sta cambiando proprio ora: riprova tra poco.", "This desk's hours are being changed right now: try again shortly.", 'start'),
  slotFull: () => e(409, 'slot_full', "Quest'ultimo posto è appena stato preso: scegli un'altra fascia.", 'This place has just been taken: choose another slot.', 'start'),
  alreadyBooked: (maskedCode: string) =>
    e(409, 'already_booked', `Hai già una prenotazione attiva a questo sportello (${maskedCode}): spostala o annullala invece di farne un'altra.`,
      `You already have an active booking at this desk (${maskedCode}): move or cancel it instead of making another.`).with({ existingCode: maskedCode }),
  /**
   * The citizen's answer (no code, no office, no desk): the same words whoever asks. The
   * details go to the contact given with the existing booking, never to the one just typed.
   */
  alreadyBookedHere: () =>
    e(409, 'already_booked',
      'Risulta già una prenotazione attiva a questo sportello per questo codice fiscale: ne abbiamo inviato i dettagli ai recapiti indicati in quella prenotazione. Per cambiarla usa "Gestisci prenotazione" con codice, codice fiscale e PIN.',
      'There is already an active booking at this desk for this tax code: we have sent its details to the contact given with that booking. To change it use "Manage booking" with its code, tax code and PIN.'),
  contactLimit: (max: number) =>
    e(409, 'contact_limit',
      `Questo numero di telefono o indirizzo e-mail ha già ${max} prenotazioni attive: ogni recapito può averne al massimo ${max}. Per prenotare per altre persone rivolgiti a un patronato o al numero della sede.`,
      `This phone number or e-mail address already has ${max} active bookings: each contact may have at most ${max}. To book for other people go to a patronato or call the office.`).with({ max }),
  contactNotVerified: () =>
    e(403, 'contact_not_verified', 'Prima di confermare inserisci il codice che ti abbiamo inviato.', 'Before confirming, type the code we sent you.', 'verification'),
  taxCodeMismatch: () =>
    e(403, 'tax_code_mismatch', "Hai effettuato l'accesso con SPID o CIE: si prenota solo con il tuo codice fiscale.", 'You signed in with SPID or CIE: you can book only with your own tax code.', 'taxCode'),
  verificationUnavailable: () =>
    e(409, 'verification_unavailable', 'Per questo sportello non serve un codice di verifica.', 'This desk needs no verification code.'),
  emailNeeded: () => e(422, 'email_needed', 'Scrivi un indirizzo e-mail: il codice di verifica arriva per e-mail.', 'Write an e-mail address: the verification code is sent by e-mail.', 'email'),
  tooManyCodes: () =>
    e(429, 'too_many_codes', 'Troppi codici richiesti per questo recapito: riprova tra 15 minuti.', 'Too many codes asked for this contact: try again in 15 minutes.'),
  badCode: (left: number) =>
    e(422, 'bad_code', `Codice errato. Tentativi rimasti: ${left}.`, `Wrong code. Attempts left: ${left}.`, 'code').with({ attemptsLeft: left }),
  codeExpired: () =>
    e(410, 'code_expired', 'Il codice è scaduto o è stato usato troppe volte: chiedine uno nuovo.', 'The code has expired or was tried too many times: ask for a new one.', 'code'),
  holdAlreadyExtended: () =>
    e(409, 'hold_already_extended', 'Il tempo è già stato prolungato una volta: conferma entro il nuovo termine.', 'The time was already extended once: confirm before the new deadline.'),
  holdNotFound: () => e(404, 'hold_not_found', 'Il posto scelto non è più riservato per te.', 'The chosen place is no longer held for you.'),
  holdExpired: () =>
    e(409, 'hold_expired', 'Il tempo per completare la prenotazione è scaduto e il posto è stato preso: scegli di nuovo una fascia.',
      'The time to complete the booking ran out and the place was taken: choose a slot again.'),
  bookingNotActive: () => e(409, 'booking_not_active', 'Questa prenotazione è già stata annullata.', 'This booking has already been cancelled.'),
  bookingPast: () => e(409, 'booking_past', "L'appuntamento è già passato: non si può più cambiare.", 'The appointment is already past: it can no longer be changed.'),
  badPin: (left: number) =>
    e(401, 'bad_pin', `PIN errato. Tentativi rimasti: ${left}.`, `Wrong PIN. Attempts left: ${left}.`, 'pin').with({ attemptsLeft: left }),
  pinLocked: () =>
    e(423, 'pin_locked', 'Troppi PIN errati: la verifica è bloccata per questa prenotazione.', 'Too many wrong PINs: verification is locked for this booking.'),
  consentRequired: () =>
    e(422, 'consent_required', "Serve il consenso al trattamento dei dati per prenotare.", 'Consent to the processing of your data is needed to book.', 'consent'),
  unknownTopic: () => e(422, 'unknown_topic', 'Argomento non previsto da questo sportello.', 'Topic not offered by this desk.', 'topic'),
  invalidPhone: () =>
    e(422, 'invalid_phone', 'Numero di telefono non valido: scrivilo con il prefisso se è estero (es. +41…).', 'Invalid phone number: write it with its country code if foreign (e.g. +41…).', 'phone'),
  contactNeeded: () =>
    e(422, 'contact_required', 'Indica il telefono o l’indirizzo e-mail con cui hai prenotato.', 'Give the phone number or the e-mail address you booked with.', 'phone'),
  invalidTaxCode: (reason: string, message: Bilingual) =>
    new AppError(422, 'invalid_tax_code', message, [{ path: 'taxCode', code: reason, ...message }]),
  placesAvailable: () =>
    e(409, 'places_available', "Ci sono ancora posti liberi: prenota una fascia invece di metterti in lista d'attesa.", 'There are still free places: book a slot instead of joining the waiting list.'),
  alreadyWaiting: () => e(409, 'already_waiting', "Sei già in lista d'attesa per questo sportello.", 'You are already on the waiting list of this desk.'),
  offerNotFound: () => e(404, 'offer_not_found', "Nessuna iscrizione alla lista d'attesa con questi dati.", 'No waiting-list entry with these details.'),
  offerExpired: () => e(409, 'offer_expired', 'Il posto offerto non è più disponibile.', 'The place offered is no longer available.'),
  noOffer: () => e(409, 'no_offer', 'Per ora non ti è stato offerto nessun posto: ti avviseremo.', 'No place has been offered to you yet: we will let you know.'),
};

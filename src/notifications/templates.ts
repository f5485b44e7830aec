/**
 * Message templates: one per event kind, language and channel. The built-in texts below are
 * the defaults; admins override any of them (table notification_template) and preview the
 * result. The template language is tiny and safe:
 *   {{name}}                  a value (HTML-escaped in the HTML body)
 *   {{#name}} … {{/name}}     shown only when the value is not empty
 *   {{^name}} … {{/name}}     shown only when the value is empty
 *   **text**                  bold (HTML e-mail and App IO markdown)
 * Only the names in VARIABLES exist; there is no name for a tax code or a person's name, so
 * no template can put them in a message. The one PIN a message carries is the PIN of a
 * second-level appointment booked by the operator during a call (followUpPin, filled only
 * for follow_up_booked: nobody else ever sees that PIN).
 */
import type { Channel, Language, NotificationKind } from './kinds.js';

export const VARIABLES = {
  code: 'booking code',
  date: 'date of the appointment, long form (Europe/Rome)',
  shortDate: 'date of the appointment, dd/mm/yyyy',
  time: 'time of the appointment, hh:mm (Europe/Rome)',
  desk: "desk's name",
  office: "office's name",
  callerNumber: 'the number the desk calls from (may be empty)',
  receptionPhone: "the province's reception number (may be empty)",
  link: 'page to see, move or cancel the booking (empty without PUBLIC_URL)',
  video: "'yes' for a video appointment, empty for a phone call",
  videoLink: "video appointments: the room's link (empty without PUBLIC_URL)",
  videoCode: 'video appointments: the access code typed on the video page (ABCD-2345)',
  videoOpens: 'video appointments: when the room opens, hh:mm (Europe/Rome)',
  videoPage: 'video appointments: the page where the access code is typed (empty without PUBLIC_URL)',
  previousDate: 'moves: the old date',
  previousTime: 'moves: the old time',
  offerUntil: 'waiting-list offers: until when the place is kept (date and time)',
  waitlistCode: "waiting list: the entry's code (with the tax code it finds the place again)",
  waitlistLink: 'waiting list: the page to follow the place and accept an offer (empty without PUBLIC_URL)',
  position: 'waiting list joined: the place in line when joining',
  delayMinutes: 'delay notices: minutes late',
  attempts: 'no answer: number of calls tried (may be empty)',
  verificationCode: 'contact codes: the one-time code (6 digits) that verifies the phone or e-mail address',
  codeMinutes: 'contact codes: minutes the code is valid',
  followUpPin: 'follow-up booked: the PIN of the new booking (this message only; erased from the queue once sent)',
  previousCode: 'follow-up booked: the code of the booking whose call led to it',
  documents: 'documents needed: the documents ticked by the operator, one per line',
  documentsNote: "documents needed: the operator's note (may be empty)",
  documentsSend: 'documents needed: how to send them (set per desk)',
  uploadLink: "documents needed: the booking's one-time upload link (empty without PUBLIC_URL; this message only)",
  uploadUntil: 'documents needed: until when the upload link works (date and time)',
  deadline: "drawer reminders: the request's deadline (date and time)",
  overdue: "drawer reminders: 'yes' when the deadline has passed, empty when it is near",
  patronato: 'patronato notices: the name of the patronato that booked',
  protocol: "drawer: the request's protocol number",
  requestTitle: "drawer: the request's title",
  company: "drawer: the company's name",
  matricola: "drawer: the company's matricola",
  subjectLabel: "drawer: the request's subject",
  outcome: 'drawer, closed: the outcome',
  station: "station appointments: the municipal station's name and address (empty otherwise)",
} as const;
export type VariableName = keyof typeof VARIABLES;
export type Variables = Partial<Record<VariableName, string>>;

export interface Template {
  /** E-mail and App IO; null for SMS. */
  subject: string | null;
  body: string;
}

interface Defaults {
  subject: string;
  body: string;
  sms: string;
}

const CALL_IT = '{{#station}}Ti aspettiamo alla **{{station}}**: arriva qualche minuto prima e inserisci il codice prenotazione sullo schermo della postazione: la videochiamata parte da sola.{{/station}}{{^station}}{{^video}}Un operatore ti chiamerà al numero che hai indicato{{#callerNumber}}, dal numero {{callerNumber}}{{/callerNumber}}.{{/video}}{{#video}}È un appuntamento in videochiamata: la stanza apre alle {{videoOpens}}. {{#videoLink}}Entra da {{videoLink}} oppure scrivi{{/videoLink}}{{^videoLink}}Scrivi{{/videoLink}} il codice di accesso **{{videoCode}}** sulla pagina {{#videoPage}}{{videoPage}}{{/videoPage}}{{^videoPage}}Videochiamata del sito{{/videoPage}}. Basta un browser con videocamera e microfono; la videochiamata non viene registrata. Se il video non funziona, l\'operatore ti chiamerà al telefono.{{/video}}{{/station}}';
const CALL_EN = '{{#station}}We expect you at the **{{station}}**: arrive a few minutes early and enter your booking code on the station\'s screen: the video call starts by itself.{{/station}}{{^station}}{{^video}}An operator will call you on the number you gave{{#callerNumber}}, from {{callerNumber}}{{/callerNumber}}.{{/video}}{{#video}}This is a video appointment: the room opens at {{videoOpens}}. {{#videoLink}}Enter at {{videoLink}} or type{{/videoLink}}{{^videoLink}}Type{{/videoLink}} the access code **{{videoCode}}** on the {{#videoPage}}page {{videoPage}}{{/videoPage}}{{^videoPage}}Video call page of the website{{/videoPage}}. A browser with camera and microphone is enough; the call is not recorded. If the video does not work, the operator will call you on the phone.{{/video}}{{/station}}';

const DEFAULTS = {
  booking_confirmed: {
    it: {
      subject: 'Prenotazione confermata: {{date}} alle {{time}}',
      body:
        'La tua prenotazione con lo {{desk}} della sede INPS di {{office}} è confermata.\n\n' +
        '**Quando:** {{date}} alle {{time}}\n**Codice prenotazione:** {{code}}\n\n' + CALL_IT + '\n\n' +
        "Tieni a portata di mano il codice prenotazione e il PIN che hai ricevuto alla conferma: l'operatore te li chiederà. " +
        'Il PIN non viene mai scritto nei messaggi.' +
        '{{#link}}\n\nPer vedere, spostare o annullare la prenotazione: {{link}}{{/link}}',
      sms: 'INPS {{office}}: prenotazione {{code}} confermata per il {{shortDate}} ore {{time}}. {{^video}}Ti chiameremo{{#callerNumber}} dal {{callerNumber}}{{/callerNumber}}.{{/video}}{{#video}}Videochiamata{{#videoLink}}: {{videoLink}}{{/videoLink}}, codice di accesso {{videoCode}}.{{/video}} Tieni pronto il PIN.',
    },
    en: {
      subject: 'Booking confirmed: {{date}} at {{time}}',
      body:
        'Your booking with the {{desk}} of the INPS office in {{office}} is confirmed.\n\n' +
        '**When:** {{date}} at {{time}}\n**Booking code:** {{code}}\n\n' + CALL_EN + '\n\n' +
        'Keep the booking code and the PIN you received when booking at hand: the operator will ask for them. ' +
        'The PIN is never written in messages.' +
        '{{#link}}\n\nTo see, move or cancel the booking: {{link}}{{/link}}',
      sms: 'INPS {{office}}: booking {{code}} confirmed for {{shortDate}} at {{time}}. {{^video}}We will call you{{#callerNumber}} from {{callerNumber}}{{/callerNumber}}.{{/video}}{{#video}}Video call{{#videoLink}}: {{videoLink}}{{/videoLink}}, access code {{videoCode}}.{{/video}} Keep your PIN ready.',
    },
  },
  booking_moved: {
    it: {
      subject: 'Prenotazione spostata: {{date}} alle {{time}}',
      body:
        'La tua prenotazione {{code}} con lo {{desk}} della sede INPS di {{office}} è stata spostata.\n\n' +
        '**Prima:** {{previousDate}} alle {{previousTime}}\n**Ora:** {{date}} alle {{time}}\n\n' +
        'Il codice prenotazione e il PIN restano gli stessi. ' + CALL_IT +
        '{{#link}}\n\nPer vedere, spostare o annullare la prenotazione: {{link}}{{/link}}',
      sms: 'INPS {{office}}: prenotazione {{code}} spostata al {{shortDate}} ore {{time}}. Codice e PIN restano gli stessi.',
    },
    en: {
      subject: 'Booking moved: {{date}} at {{time}}',
      body:
        'Your booking {{code}} with the {{desk}} of the INPS office in {{office}} has been moved.\n\n' +
        '**Before:** {{previousDate}} at {{previousTime}}\n**Now:** {{date}} at {{time}}\n\n' +
        'The booking code and the PIN stay the same. ' + CALL_EN +
        '{{#link}}\n\nTo see, move or cancel the booking: {{link}}{{/link}}',
      sms: 'INPS {{office}}: booking {{code}} moved to {{shortDate}} at {{time}}. Code and PIN stay the same.',
    },
  },
  booking_cancelled: {
    it: {
      subject: 'Prenotazione annullata: {{code}}',
      body:
        'La tua prenotazione {{code}} con lo {{desk}} della sede INPS di {{office}} per {{date}} alle {{time}} è stata annullata.\n\n' +
        'Se devi ancora parlare con la sede puoi prenotare un nuovo appuntamento{{#link}} su {{link}}{{/link}}' +
        '{{#receptionPhone}} o chiamare il numero {{receptionPhone}}{{/receptionPhone}}.',
      sms: 'INPS {{office}}: la prenotazione {{code}} del {{shortDate}} ore {{time}} è stata annullata.',
    },
    en: {
      subject: 'Booking cancelled: {{code}}',
      body:
        'Your booking {{code}} with the {{desk}} of the INPS office in {{office}} on {{date}} at {{time}} has been cancelled.\n\n' +
        'If you still need to talk to the office you can book a new appointment{{#link}} at {{link}}{{/link}}' +
        '{{#receptionPhone}} or call {{receptionPhone}}{{/receptionPhone}}.',
      sms: 'INPS {{office}}: booking {{code}} on {{shortDate}} at {{time}} has been cancelled.',
    },
  },
  reminder: {
    it: {
      subject: 'Promemoria: appuntamento INPS {{date}} alle {{time}}',
      body:
        'Ti ricordiamo il tuo appuntamento con lo {{desk}} della sede INPS di {{office}}.\n\n' +
        '**Quando:** {{date}} alle {{time}}\n**Codice prenotazione:** {{code}}\n\n' + CALL_IT + '\n\n' +
        'Tieni pronto il PIN ricevuto alla prenotazione.' +
        '{{#link}}\n\nSe non puoi più, sposta o annulla la prenotazione: {{link}}{{/link}}',
      sms: 'INPS {{office}}: promemoria appuntamento {{shortDate}} ore {{time}}, prenotazione {{code}}. {{^video}}Ti chiameremo{{#callerNumber}} dal {{callerNumber}}{{/callerNumber}}. {{/video}}{{#video}}Videochiamata dalle {{videoOpens}}{{#videoLink}}: {{videoLink}}{{/videoLink}}, codice {{videoCode}}. {{/video}}Tieni pronto il PIN.',
    },
    en: {
      subject: 'Reminder: INPS appointment on {{date}} at {{time}}',
      body:
        'This is a reminder of your appointment with the {{desk}} of the INPS office in {{office}}.\n\n' +
        '**When:** {{date}} at {{time}}\n**Booking code:** {{code}}\n\n' + CALL_EN + '\n\n' +
        'Keep the PIN you received when booking ready.' +
        '{{#link}}\n\nIf you cannot make it, move or cancel the booking: {{link}}{{/link}}',
      sms: 'INPS {{office}}: reminder of your appointment on {{shortDate}} at {{time}}, booking {{code}}. {{^video}}We will call you{{#callerNumber}} from {{callerNumber}}{{/callerNumber}}. {{/video}}{{#video}}Video call from {{videoOpens}}{{#videoLink}}: {{videoLink}}{{/videoLink}}, code {{videoCode}}. {{/video}}Keep your PIN ready.',
    },
  },
  no_answer: {
    it: {
      subject: 'Ti abbiamo cercato: prenotazione {{code}}',
      body:
        "Abbiamo provato a chiamarti per l'appuntamento di {{date}} alle {{time}} con lo {{desk}} della sede INPS di {{office}}, " +
        'ma non abbiamo avuto risposta{{#attempts}} dopo {{attempts}} tentativi{{/attempts}}.\n\n' +
        'Puoi prenotare un nuovo appuntamento{{#link}} su {{link}}{{/link}}{{#receptionPhone}} o chiamare il numero {{receptionPhone}}{{/receptionPhone}}.',
      sms: 'INPS {{office}}: ti abbiamo chiamato per la prenotazione {{code}} senza risposta. Puoi prenotare di nuovo{{#receptionPhone}} o chiamare il {{receptionPhone}}{{/receptionPhone}}.',
    },
    en: {
      subject: 'We tried to call you: booking {{code}}',
      body:
        'We tried to call you for your appointment on {{date}} at {{time}} with the {{desk}} of the INPS office in {{office}}, ' +
        'but got no answer{{#attempts}} after {{attempts}} attempts{{/attempts}}.\n\n' +
        'You can book a new appointment{{#link}} at {{link}}{{/link}}{{#receptionPhone}} or call {{receptionPhone}}{{/receptionPhone}}.',
      sms: 'INPS {{office}}: we called you for booking {{code}} and got no answer. You can book again{{#receptionPhone}} or call {{receptionPhone}}{{/receptionPhone}}.',
    },
  },
  desk_delay: {
    it: {
      subject: 'Appuntamento INPS in ritardo di circa {{delayMinutes}} minuti',
      body:
        'Lo {{desk}} della sede INPS di {{office}} è in ritardo: ti chiameremo circa {{delayMinutes}} minuti dopo ' +
        "l'orario prenotato (ore {{time}} di {{date}}).\n\nCi scusiamo per l'attesa; la prenotazione {{code}} resta valida.",
      sms: 'INPS {{office}}: siamo in ritardo di circa {{delayMinutes}} minuti sull\'appuntamento delle {{time}}. La prenotazione {{code}} resta valida.',
    },
    en: {
      subject: 'INPS appointment running about {{delayMinutes}} minutes late',
      body:
        'The {{desk}} of the INPS office in {{office}} is running late: we will call you about {{delayMinutes}} minutes after ' +
        'the booked time ({{time}} on {{date}}).\n\nSorry for the wait; booking {{code}} stays valid.',
      sms: 'INPS {{office}}: we are about {{delayMinutes}} minutes late for your {{time}} appointment. Booking {{code}} stays valid.',
    },
  },
  waitlist_offer: {
    it: {
      subject: 'Si è liberato un posto: {{date}} alle {{time}}',
      body:
        'Si è liberato un posto con lo {{desk}} della sede INPS di {{office}}: **{{date}} alle {{time}}**.\n\n' +
        "È riservato a te fino al {{offerUntil}}. Se non lo accetti entro quell'ora passerà alla persona successiva.\n\n" +
        "{{#waitlistLink}}Accettalo qui: {{waitlistLink}}\n\n{{/waitlistLink}}" +
        "{{#waitlistCode}}Oppure da «Gestisci una prenotazione» con il codice **{{waitlistCode}}** e il tuo codice fiscale.{{/waitlistCode}}",
      sms: "INPS {{office}}: si è liberato un posto il {{shortDate}} ore {{time}}, riservato a te fino al {{offerUntil}}. Accettalo{{#waitlistLink}}: {{waitlistLink}}{{/waitlistLink}}{{^waitlistLink}}{{#waitlistCode}} con il codice {{waitlistCode}} da «Gestisci una prenotazione».{{/waitlistCode}}{{^waitlistCode}} dalla pagina della tua lista d'attesa.{{/waitlistCode}}{{/waitlistLink}}",
    },
    en: {
      subject: 'A place is free: {{date}} at {{time}}',
      body:
        'A place has become free with the {{desk}} of the INPS office in {{office}}: **{{date}} at {{time}}**.\n\n' +
        'It is kept for you until {{offerUntil}}. If you do not accept it by then it goes to the next person in line.\n\n' +
        '{{#waitlistLink}}Accept it here: {{waitlistLink}}\n\n{{/waitlistLink}}' +
        '{{#waitlistCode}}Or from "Manage a booking" with the code **{{waitlistCode}}** and your tax code.{{/waitlistCode}}',
      sms: 'INPS {{office}}: a place is free on {{shortDate}} at {{time}}, kept for you until {{offerUntil}}. Accept it{{#waitlistLink}}: {{waitlistLink}}{{/waitlistLink}}{{^waitlistLink}}{{#waitlistCode}} with the code {{waitlistCode}} from "Manage a booking".{{/waitlistCode}}{{^waitlistCode}} from your waiting-list page.{{/waitlistCode}}{{/waitlistLink}}',
    },
  },
} as Record<NotificationKind, Record<Language, Defaults>>;

DEFAULTS.booking_details = {
  it: {
    subject: 'La tua prenotazione: {{date}} alle {{time}}',
    body:
      'Qualcuno ha provato a prenotare di nuovo con il tuo codice fiscale presso lo {{desk}} della sede INPS di {{office}}, ' +
      'dove hai già questa prenotazione:\n\n**Quando:** {{date}} alle {{time}}\n**Codice prenotazione:** {{code}}\n\n' +
      'Se sei stato tu, la prenotazione resta valida: puoi spostarla o annullarla con il codice, il codice fiscale e il PIN. ' +
      'Se non sei stato tu, non devi fare nulla: nessuno può cambiarla senza il PIN.' +
      '{{#link}}\n\nGestisci la prenotazione: {{link}}{{/link}}',
    sms: 'INPS {{office}}: hai già la prenotazione {{code}} per il {{shortDate}} ore {{time}}. Per cambiarla servono codice, codice fiscale e PIN. Se non hai chiesto tu, ignora questo messaggio.',
  },
  en: {
    subject: 'Your booking: {{date}} at {{time}}',
    body:
      'Someone tried to book again with your tax code at the {{desk}} of the INPS office in {{office}}, ' +
      'where you already have this booking:\n\n**When:** {{date}} at {{time}}\n**Booking code:** {{code}}\n\n' +
      'If it was you, the booking stays valid: you can move or cancel it with its code, your tax code and the PIN. ' +
      'If it was not you, there is nothing to do: nobody can change it without the PIN.' +
      '{{#link}}\n\nManage the booking: {{link}}{{/link}}',
    sms: 'INPS {{office}}: you already have booking {{code}} on {{shortDate}} at {{time}}. Changing it needs the code, your tax code and the PIN. If you did not ask, ignore this message.',
  },
};

DEFAULTS.station_phone_instead = {
  it: {
    subject: 'Appuntamento delle {{time}}: ti chiamiamo al telefono',
    body:
      'La postazione comunale{{#station}} ({{station}}){{/station}} dove avevi l\'appuntamento di {{date}} alle {{time}} ' +
      'con lo {{desk}} della sede INPS di {{office}} non è disponibile.\n\n' +
      "**Non devi andare alla postazione:** all'orario prenotato un operatore ti chiamerà al numero che hai indicato" +
      '{{#callerNumber}}, dal numero {{callerNumber}}{{/callerNumber}}. La prenotazione {{code}} resta valida.',
    sms: 'INPS {{office}}: la postazione comunale non è disponibile. Il {{shortDate}} ore {{time}} ti chiamiamo al telefono{{#callerNumber}} dal {{callerNumber}}{{/callerNumber}}. Prenotazione {{code}} valida.',
  },
  en: {
    subject: 'Your {{time}} appointment: we will phone you',
    body:
      'The municipal station{{#station}} ({{station}}){{/station}} of your appointment on {{date}} at {{time}} ' +
      'with the {{desk}} of the INPS office in {{office}} is not available.\n\n' +
      '**You need not go to the station:** at the booked time an operator will call you on the number you gave' +
      '{{#callerNumber}}, from {{callerNumber}}{{/callerNumber}}. Booking {{code}} stays valid.',
    sms: 'INPS {{office}}: the municipal station is not available. On {{shortDate}} at {{time}} we will phone you{{#callerNumber}} from {{callerNumber}}{{/callerNumber}}. Booking {{code}} stays valid.',
  },
};

DEFAULTS.booking_resent = {
  it: {
    subject: 'Il codice della tua prenotazione: {{date}} alle {{time}}',
    body:
      'Hai chiesto di ricevere di nuovo il codice della tua prenotazione con lo {{desk}} della sede INPS di {{office}}:\n\n' +
      '**Quando:** {{date}} alle {{time}}\n**Codice prenotazione:** {{code}}\n\n' +
      'Il PIN non viene mai scritto nei messaggi: per spostare o annullare la prenotazione servono il codice, il codice fiscale e il PIN. ' +
      'Se non hai chiesto tu questo messaggio, non devi fare nulla.' +
      '{{#link}}\n\nGestisci la prenotazione: {{link}}{{/link}}',
    sms: 'INPS {{office}}: la tua prenotazione {{code}} è il {{shortDate}} ore {{time}}. Il PIN non è mai nei messaggi. Se non hai chiesto tu, ignora questo messaggio.',
  },
  en: {
    subject: 'Your booking code: {{date}} at {{time}}',
    body:
      'You asked to get the code of your booking with the {{desk}} of the INPS office in {{office}} again:\n\n' +
      '**When:** {{date}} at {{time}}\n**Booking code:** {{code}}\n\n' +
      'The PIN is never written in messages: moving or cancelling the booking needs the code, your tax code and the PIN. ' +
      'If you did not ask for this message, there is nothing to do.' +
      '{{#link}}\n\nManage the booking: {{link}}{{/link}}',
    sms: 'INPS {{office}}: your booking {{code}} is on {{shortDate}} at {{time}}. The PIN is never in messages. If you did not ask, ignore this message.',
  },
};

DEFAULTS.waitlist_joined = {
  it: {
    subject: "Sei in lista d'attesa: {{desk}}, sede di {{office}}",
    body:
      "Sei in lista d'attesa per lo {{desk}} della sede INPS di {{office}}, al posto numero {{position}}.\n\n" +
      '**Codice lista d\'attesa:** {{waitlistCode}}\n\n' +
      'Quando si libera un posto ti scriviamo subito: resta riservato a te per un tempo contato solo negli orari di ufficio.' +
      "{{#waitlistLink}}\n\nSegui il tuo posto: {{waitlistLink}}{{/waitlistLink}}\n\n" +
      "Puoi ritrovarlo anche da «Gestisci una prenotazione» con il codice e il tuo codice fiscale.",
    sms: "INPS {{office}}: sei in lista d'attesa ({{desk}}), posto {{position}}, codice {{waitlistCode}}. {{#waitlistLink}}{{waitlistLink}}{{/waitlistLink}}",
  },
  en: {
    subject: 'You are on the waiting list: {{desk}}, {{office}} office',
    body:
      'You are on the waiting list of the {{desk}} of the INPS office in {{office}}, number {{position}} in line.\n\n' +
      '**Waiting-list code:** {{waitlistCode}}\n\n' +
      'When a place frees up we write to you at once: it is kept for you for a time counted in office hours only.' +
      '{{#waitlistLink}}\n\nFollow your place: {{waitlistLink}}{{/waitlistLink}}\n\n' +
      'You can also find it from "Manage a booking" with the code and your tax code.',
    sms: 'INPS {{office}}: you are on the waiting list ({{desk}}), number {{position}}, code {{waitlistCode}}. {{#waitlistLink}}{{waitlistLink}}{{/waitlistLink}}',
  },
};

DEFAULTS.contact_code = {
  it: {
    subject: 'Codice di verifica INPS: {{verificationCode}}',
    body:
      'Il tuo codice di verifica per confermare la prenotazione con lo {{desk}} della sede INPS di {{office}} è:\n\n' +
      '**{{verificationCode}}**\n\nVale {{codeMinutes}} minuti. Non comunicarlo a nessuno: INPS non te lo chiederà mai al telefono. ' +
      'Se non stai prenotando tu, ignora questo messaggio.',
    sms: 'INPS: il tuo codice di verifica è {{verificationCode}} (vale {{codeMinutes}} minuti). Non comunicarlo a nessuno.',
  },
  en: {
    subject: 'INPS verification code: {{verificationCode}}',
    body:
      'Your verification code to confirm the booking with the {{desk}} of the INPS office in {{office}} is:\n\n' +
      '**{{verificationCode}}**\n\nIt is valid for {{codeMinutes}} minutes. Do not share it: INPS will never ask for it on the phone. ' +
      'If you are not booking, ignore this message.',
    sms: 'INPS: your verification code is {{verificationCode}} (valid for {{codeMinutes}} minutes). Do not share it.',
  },
};

DEFAULTS.follow_up_booked = {
  it: {
    subject: 'Appuntamento di secondo livello: {{date}} alle {{time}}',
    body:
      "Durante la telefonata{{#previousCode}} della prenotazione {{previousCode}}{{/previousCode}} l'operatore ti ha prenotato un " +
      'appuntamento di secondo livello con lo {{desk}} della sede INPS di {{office}}.\n\n' +
      '**Quando:** {{date}} alle {{time}}\n**Codice prenotazione:** {{code}}\n**PIN:** {{followUpPin}}\n\n' + CALL_IT + '\n\n' +
      "L'operatore ti chiederà il codice fiscale e questo PIN: conservalo e non comunicarlo ad altri. Nessuno ti chiederà il PIN per messaggio." +
      '{{#link}}\n\nPer vedere, spostare o annullare la prenotazione: {{link}}{{/link}}',
    sms: 'INPS {{office}}: appuntamento di secondo livello il {{shortDate}} ore {{time}}{{#video}} (videochiamata){{/video}}. Codice {{code}}, PIN {{followUpPin}}: tienili pronti, ti verranno chiesti.',
  },
  en: {
    subject: 'Second-level appointment: {{date}} at {{time}}',
    body:
      'During the call{{#previousCode}} about booking {{previousCode}}{{/previousCode}} the operator booked you a ' +
      'second-level appointment with the {{desk}} of the INPS office in {{office}}.\n\n' +
      '**When:** {{date}} at {{time}}\n**Booking code:** {{code}}\n**PIN:** {{followUpPin}}\n\n' + CALL_EN + '\n\n' +
      'The operator will ask for your tax code and this PIN: keep it and do not share it. Nobody will ask for the PIN by message.' +
      '{{#link}}\n\nTo see, move or cancel the booking: {{link}}{{/link}}',
    sms: 'INPS {{office}}: second-level appointment on {{shortDate}} at {{time}}{{#video}} (video call){{/video}}. Code {{code}}, PIN {{followUpPin}}: keep them ready, you will be asked for them.',
  },
};

DEFAULTS.documents_needed = {
  it: {
    subject: 'Documenti da inviare per la prenotazione {{code}}',
    body:
      'Durante la telefonata con lo {{desk}} della sede INPS di {{office}} (prenotazione {{code}}) è emerso che servono questi documenti:\n\n' +
      '{{documents}}\n\n{{#documentsNote}}**Nota dell\'operatore:** {{documentsNote}}\n\n{{/documentsNote}}' +
      '{{#uploadLink}}**Caricali qui, una sola volta, entro il {{uploadUntil}}:** {{uploadLink}}\n\nOppure: {{/uploadLink}}**Come inviarli:** {{documentsSend}}',
    sms: 'INPS {{office}}, prenotazione {{code}}: {{#uploadLink}}carica i documenti entro il {{uploadUntil}} da {{uploadLink}} - {{/uploadLink}}servono: {{documents}}. {{^uploadLink}}{{documentsSend}}{{/uploadLink}}',
  },
  en: {
    subject: 'Documents to send for booking {{code}}',
    body:
      'During the call with the {{desk}} of the INPS office in {{office}} (booking {{code}}) these documents turned out to be needed:\n\n' +
      '{{documents}}\n\n{{#documentsNote}}**Operator\'s note:** {{documentsNote}}\n\n{{/documentsNote}}' +
      '{{#uploadLink}}**Upload them here, once, by {{uploadUntil}}:** {{uploadLink}}\n\nOr: {{/uploadLink}}**How to send them:** {{documentsSend}}',
    sms: 'INPS {{office}}, booking {{code}}: {{#uploadLink}}upload the documents by {{uploadUntil}} at {{uploadLink}} - {{/uploadLink}}needed: {{documents}}. {{^uploadLink}}{{documentsSend}}{{/uploadLink}}',
  },
};

DEFAULTS.patronato_booked = {
  it: {
    subject: 'Un patronato ha prenotato per te: {{date}} alle {{time}}',
    body:
      'Il patronato **{{patronato}}** ha prenotato per te, con la tua delega, un appuntamento con lo {{desk}} della sede INPS di {{office}}.\n\n' +
      '**Quando:** {{date}} alle {{time}}\n**Codice prenotazione:** {{code}}\n\n' + CALL_IT + '\n\n' +
      "Il PIN della prenotazione te lo dà il patronato: l'operatore INPS te lo chiederà. Il PIN non viene mai scritto nei messaggi. " +
      'Se non hai dato nessuna delega a questo patronato, chiama la sede.' +
      '{{#receptionPhone}} Numero della sede: {{receptionPhone}}.{{/receptionPhone}}' +
      '{{#link}}\n\nPer vedere, spostare o annullare la prenotazione: {{link}}{{/link}}',
    sms: 'INPS {{office}}: il patronato {{patronato}} ha prenotato per te ({{code}}) il {{shortDate}} ore {{time}}. Il PIN te lo dà il patronato. Non hai dato la delega? Chiama la sede.',
  },
  en: {
    subject: 'A patronato booked for you: {{date}} at {{time}}',
    body:
      'The patronato **{{patronato}}** booked an appointment for you, under your mandate, with the {{desk}} of the INPS office in {{office}}.\n\n' +
      '**When:** {{date}} at {{time}}\n**Booking code:** {{code}}\n\n' + CALL_EN + '\n\n' +
      'The patronato gives you the booking PIN: the INPS operator will ask for it. The PIN is never written in messages. ' +
      'If you gave this patronato no mandate, call the office.' +
      '{{#receptionPhone}} Office number: {{receptionPhone}}.{{/receptionPhone}}' +
      '{{#link}}\n\nTo see, move or cancel the booking: {{link}}{{/link}}',
    sms: 'INPS {{office}}: the patronato {{patronato}} booked for you ({{code}}) on {{shortDate}} at {{time}}. It gives you the PIN. No mandate given? Call the office.',
  },
};

const DRAWER_LINK_IT = '{{#link}}\n\nApri la pratica nel cassetto: {{link}}{{/link}}';
const DRAWER_LINK_EN = '{{#link}}\n\nOpen the request in the drawer: {{link}}{{/link}}';
const drawerNotice = (it: [string, string, string], en: [string, string, string]): Record<Language, Defaults> => ({
  it: {
    subject: `${it[0]} – protocollo {{protocol}}`,
    body: `${it[1]}\n\n**Protocollo:** {{protocol}}\n**Azienda:** {{company}} (matricola {{matricola}})\n**Argomento:** {{subjectLabel}}\n**Oggetto:** {{requestTitle}}${DRAWER_LINK_IT}`,
    sms: `INPS {{office}}: ${it[2]} (protocollo {{protocol}}).`,
  },
  en: {
    subject: `${en[0]} – protocol {{protocol}}`,
    body: `${en[1]}\n\n**Protocol:** {{protocol}}\n**Company:** {{company}} (matricola {{matricola}})\n**Subject:** {{subjectLabel}}\n**Title:** {{requestTitle}}${DRAWER_LINK_EN}`,
    sms: `INPS {{office}}: ${en[2]} (protocol {{protocol}}).`,
  },
});
DEFAULTS.drawer_registered = drawerNotice(
  ['Richiesta registrata', 'La sede INPS di {{office}} ha registrato la tua richiesta nel cassetto bidirezionale.', 'richiesta registrata nel cassetto'],
  ['Request registered', 'The INPS office in {{office}} has registered your request in the two-way drawer.', 'request registered in the drawer'],
);
DEFAULTS.drawer_in_charge = drawerNotice(
  ['Richiesta presa in carico', 'La sede INPS di {{office}} ha preso in carico la tua richiesta.', 'richiesta presa in carico'],
  ['Request taken in charge', 'The INPS office in {{office}} has taken your request in charge.', 'request taken in charge'],
);
DEFAULTS.drawer_answered = drawerNotice(
  ['Nuova risposta', 'La sede INPS di {{office}} ha risposto alla tua richiesta: leggi la risposta nel cassetto.', 'nuova risposta nel cassetto'],
  ['New answer', 'The INPS office in {{office}} has answered your request: read the answer in the drawer.', 'new answer in the drawer'],
);
DEFAULTS.drawer_closed = drawerNotice(
  ['Richiesta chiusa', 'La sede INPS di {{office}} ha chiuso la tua richiesta. **Esito:** {{outcome}}.', 'richiesta chiusa'],
  ['Request closed', 'The INPS office in {{office}} has closed your request. **Outcome:** {{outcome}}.', 'request closed'],
);

export function defaultTemplate(kind: NotificationKind, language: Language, channel: Channel): Template {
  const d = DEFAULTS[kind][language];
  return channel === 'sms' ? { subject: null, body: d.sms } : { subject: d.subject, body: d.body };
}

/** Limits of what a channel accepts (App IO: subject 10–120, markdown 80–10,000). */
export const LIMITS = { smsChars: 459, subjectChars: 120, bodyChars: 8000 } as const;

const TOKEN = /\{\{\s*([#^/]?)\s*([A-Za-z]+)\s*\}\}/g;

/** Problems of a template text: unknown names, unbalanced sections. Empty = valid. */
export function checkTemplate(text: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const [, sigil, name] = m as unknown as [string, string, string];
    if (!(name in VARIABLES)) problems.push(`unknown placeholder {{${sigil}${name}}}; known: ${Object.keys(VARIABLES).join(', ')}`);
    if (sigil === '#' || sigil === '^') open.push(name);
    else if (sigil === '/') {
      const last = open.pop();
      if (last !== name) problems.push(`section {{/${name}}} closes ${last ? `{{#${last}}}` : 'nothing'}`);
    }
  }
  for (const name of open) problems.push(`section {{#${name}}} is never closed`);
  const stray = text.replace(TOKEN, '').match(/\{\{|\}\}/);
  if (stray) problems.push('stray {{ or }}: write placeholders as {{name}}');
  return problems;
}

/** Fills a template. `escape` is applied to values (HTML), never to the template's own text. */
export function fill(text: string, vars: Variables, escape: (s: string) => string = (s) => s): string {
  // Sections first (innermost first: no nesting of the same name is needed in practice).
  let out = text;
  const section = /\{\{\s*([#^])\s*([A-Za-z]+)\s*\}\}([\s\S]*?)\{\{\s*\/\s*\2\s*\}\}/;
  for (let guard = 0; guard < 100; guard++) {
    const m = section.exec(out);
    if (!m) break;
    const [whole, sigil, name, inner] = m as unknown as [string, string, string, string];
    const value = vars[name as VariableName] ?? '';
    const show = sigil === '#' ? value !== '' : value === '';
    out = out.slice(0, m.index) + (show ? inner : '') + out.slice(m.index + whole.length);
  }
  return out.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (_, name: string) => escape(vars[name as VariableName] ?? ''));
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface Rendered {
  subject: string | null;
  text: string;
  /** E-mail only. */
  html?: string;
  /** App IO only. */
  markdown?: string;
}

/** The body as HTML: paragraphs on blank lines, line breaks, **bold**, links. Values escaped. */
function toHtml(template: string, vars: Variables, language: Language): string {
  // The template's own text is escaped first (placeholders contain no HTML characters), then
  // filled with escaped values whose '*' cannot form bold markers.
  const filled = fill(escapeHtml(template), vars, (s) => escapeHtml(s).replace(/\*/g, '&#42;'));
  const body = filled
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .split(/\n{2,}/)
    .map((para) =>
      `<p>${para
        .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
        .replace(/https?:\/\/[^\s<]+/g, (u) => `<a href="${u}">${u}</a>`)
        .replace(/\n/g, '<br>\n')}</p>`,
    )
    .join('\n');
  return `<!doctype html>\n<html lang="${language}"><head><meta charset="utf-8"><title>INPS</title></head>\n` +
    `<body style="font-family: 'Titillium Web', Arial, sans-serif; color: #1a1a1a; line-height: 1.5; max-width: 40em">\n${body}\n</body></html>\n`;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

/** Renders a template for one channel, within the channel's limits. */
export function render(template: Template, vars: Variables, channel: Channel, language: Language): Rendered {
  const subject = template.subject === null ? null : clip(fill(template.subject, vars).replace(/\s+/g, ' ').trim(), LIMITS.subjectChars);
  // Plain text: the template's bold markers go; values are kept as they are.
  const plain = fill(template.body.replace(/\*\*/g, ''), vars).replace(/\n{3,}/g, '\n\n').trim();
  if (channel === 'sms') return { subject: null, text: clip(plain.replace(/\s+/g, ' '), LIMITS.smsChars) };
  if (channel === 'email') return { subject, text: plain, html: toHtml(template.body, vars, language) };
  // App IO: markdown of 80–10,000 characters (values cannot add markup), subject of 10–120.
  let markdown = fill(template.body, vars, (v) => v.replace(/([*_`[\]\\])/g, '\\$1')).replace(/\n{3,}/g, '\n\n').trim();
  const footer = language === 'it' ? '\n\n---\nMessaggio automatico dello sportello INPS: non rispondere.' : '\n\n---\nAutomatic message from the INPS desk: do not reply.';
  if (markdown.length < 80) markdown += footer;
  markdown = markdown.padEnd(80, ' ');
  const sub = (subject ?? '').padEnd(10, ' ');
  return { subject: sub, text: plain, markdown: clip(markdown, 10_000) };
}

DEFAULTS.drawer_deadline = {
  it: {
    subject: '{{#overdue}}Scaduta{{/overdue}}{{^overdue}}In scadenza{{/overdue}}: richiesta {{protocol}} del cassetto',
    body: '{{#overdue}}La richiesta {{protocol}} del cassetto bidirezionale ha superato la scadenza del {{deadline}} ed è ancora aperta.{{/overdue}}' +
      '{{^overdue}}La richiesta {{protocol}} del cassetto bidirezionale scade il {{deadline}} ed è ancora aperta.{{/overdue}}\n\n' +
      '**Azienda:** {{company}} (matricola {{matricola}})\n**Argomento:** {{subjectLabel}}\n**Oggetto:** {{requestTitle}}\n**Sede:** {{office}}' +
      '{{#link}}\n\nApri la richiesta: {{link}}{{/link}}',
    sms: 'Cassetto {{office}}: richiesta {{protocol}} {{#overdue}}scaduta{{/overdue}}{{^overdue}}in scadenza{{/overdue}} ({{deadline}}).',
  },
  en: {
    subject: '{{#overdue}}Overdue{{/overdue}}{{^overdue}}Due soon{{/overdue}}: drawer request {{protocol}}',
    body: '{{#overdue}}Drawer request {{protocol}} passed its deadline of {{deadline}} and is still open.{{/overdue}}' +
      '{{^overdue}}Drawer request {{protocol}} is due on {{deadline}} and is still open.{{/overdue}}\n\n' +
      '**Company:** {{company}} (matricola {{matricola}})\n**Subject:** {{subjectLabel}}\n**Title:** {{requestTitle}}\n**Office:** {{office}}' +
      '{{#link}}\n\nOpen the request: {{link}}{{/link}}',
    sms: 'Drawer {{office}}: request {{protocol}} {{#overdue}}overdue{{/overdue}}{{^overdue}}due soon{{/overdue}} ({{deadline}}).',
  },
};

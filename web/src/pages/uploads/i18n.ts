/** Strings of the citizen's upload page and of the console's "documents received" (key prefix `uploads.`). */
import i18n from '../../i18n';

const it = {
  title: 'Invia i documenti richiesti',
  lead: 'Durante la telefonata con lo {{desk}} della sede INPS di {{office}} (prenotazione {{code}}) l’operatore ti ha chiesto questi documenti:',
  until: 'Puoi usare questo collegamento una sola volta, entro il {{when}}.',
  files: 'Documenti',
  filesHelp: 'Fino a {{max}} documenti PDF, JPEG, PNG o P7M (firmati digitalmente), di al massimo {{size}} ciascuno. Scegli tutti i documenti insieme: dopo l’invio il collegamento non vale più.',
  chosen: 'Documenti scelti',
  tooMany: 'Al massimo {{max}} documenti.',
  tooBig: '{{name}} supera {{size}}.',
  submit: 'Invia i documenti',
  sending: 'Invio in corso…',
  done: 'Documenti ricevuti il {{when}}. La sede li trova nella tua prenotazione: non serve altro.',
  receivedList: 'Documenti ricevuti',
  fingerprint: 'impronta SHA-256 {{sha}}',
  used: 'Questo collegamento è già stato usato il {{when}}: vale per un solo invio. Per inviare altro, chiama la sede.',
  expired: 'Questo collegamento è scaduto il {{when}}. Chiama la sede o prenota un nuovo appuntamento.',
  notFound: 'Collegamento non trovato: controlla di averlo copiato per intero dal messaggio che hai ricevuto.',
  error: 'Qualcosa non ha funzionato: riprova.',
  privacy: 'I documenti sono visti solo dal personale INPS della sede che ti ha chiamato.',
  console: {
    title: 'Documenti inviati dal cittadino', none: 'Nessun documento ricevuto finora.', linkOpen: 'Collegamento per l’invio valido fino al {{when}}.',
    linkUsed: 'Documenti ricevuti il {{when}}.', linkExpired: 'Collegamento scaduto il {{when}} senza invii.', notSent: 'Il messaggio con il collegamento non è partito (nessun canale attivo per questo cittadino).',
    download: 'Scarica {{name}} ({{size}})', scanned: 'controllato dall’antivirus', notScanned: 'nessun antivirus configurato',
  },
};

const en: typeof it = {
  title: 'Send the documents requested',
  lead: 'During the call with the {{desk}} of the INPS office in {{office}} (booking {{code}}) the operator asked you for these documents:',
  until: 'You can use this link once, by {{when}}.',
  files: 'Documents',
  filesHelp: 'Up to {{max}} PDF, JPEG, PNG or P7M (digitally signed) documents of at most {{size}} each. Choose all the documents together: after sending, the link no longer works.',
  chosen: 'Documents chosen',
  tooMany: 'At most {{max}} documents.',
  tooBig: '{{name}} is larger than {{size}}.',
  submit: 'Send the documents',
  sending: 'Sending…',
  done: 'Documents received on {{when}}. The office finds them in your booking: nothing else is needed.',
  receivedList: 'Documents received',
  fingerprint: 'SHA-256 fingerprint {{sha}}',
  used: 'This link was used already on {{when}}: it is good for one upload only. To send more, call the office.',
  expired: 'This link expired on {{when}}. Call the office or book a new appointment.',
  notFound: 'Link not found: check that you copied all of it from the message you received.',
  error: 'Something went wrong: try again.',
  privacy: 'The documents are seen only by the INPS staff of the office that called you.',
  console: {
    title: 'Documents sent by the citizen', none: 'No document received yet.', linkOpen: 'Upload link valid until {{when}}.',
    linkUsed: 'Documents received on {{when}}.', linkExpired: 'Link expired on {{when}} with nothing sent.', notSent: 'The message with the link did not go out (no channel active for this citizen).',
    download: 'Download {{name}} ({{size}})', scanned: 'checked by the antivirus', notScanned: 'no antivirus configured',
  },
};

i18n.addResourceBundle('it', 'translation', { uploads: it }, true, true);
i18n.addResourceBundle('en', 'translation', { uploads: en }, true, true);

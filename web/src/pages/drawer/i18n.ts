/** Strings of the two-way drawer's screens (key prefix `drawer.`), added when this part of the app loads. */
import i18n from '../../i18n';

const it = {
  title: 'Cassetto bidirezionale',
  noAccess: 'Il cassetto bidirezionale è per i consulenti del lavoro e per il personale delle sedi.',
  nav: { label: 'Cassetto bidirezionale', home: 'Cassetto', queue: 'Coda della sede', companies: 'Le mie aziende', new: 'Nuova richiesta', signedInAs: 'Connesso come {{name}}', logout: 'Esci' },
  state: { open: 'Aperta', in_charge: 'In carico', closed: 'Chiusa' },
  outcome: { resolved: 'Risolta', rejected: 'Respinta', not_competent: 'Non di competenza', withdrawn: 'Ritirata' },
  common: { loading: 'Caricamento…', error: 'Qualcosa non ha funzionato: riprova.', send: 'Invia', cancel: 'Annulla', none: 'Nessuna' },
  list: {
    protocol: 'Protocollo', company: 'Azienda', subject: 'Argomento', state: 'Stato', registered: 'Registrata', due: 'Scadenza',
    assignee: 'Assegnata a', overdue: 'Scaduta', empty: 'Nessuna richiesta trovata.', count_one: '{{count}} richiesta', count_other: '{{count}} richieste',
    caption: 'Richieste: protocollo, azienda, argomento, stato e scadenza',
  },
  companies: {
    title: 'Le mie aziende', lead: 'Le aziende per cui hai una delega attiva. Le richieste che invii arrivano alla sede competente dell’azienda.',
    empty: 'Non hai deleghe attive: chiedi alla sede di registrare la delega.', matricola: 'Matricola {{matricola}}', office: 'Sede: {{office}}',
    open: '{{count}} aperte', inCharge: '{{count}} in carico', threads: 'Le mie richieste', newFor: 'Nuova richiesta per {{name}}',
  },
  filters: {
    title: 'Cerca', matricola: 'Matricola', state: 'Stato', any: 'Tutti', active: 'Aperte e in carico', subject: 'Argomento', from: 'Registrate dal', to: 'al',
    assignee: 'Assegnazione', mine: 'Assegnate a me', unassigned: 'Non assegnate', overdue: 'Solo scadute', search: 'Cerca', reset: 'Azzera',
    text: 'Protocollo, oggetto o azienda',
  },
  queue: { title: 'Coda della sede', lead: 'Le richieste dei consulenti del lavoro per le sedi del tuo ambito, dalla scadenza più vicina.' },
  create: {
    title: 'Nuova richiesta', company: 'Azienda', subject: 'Argomento', chooseSubject: 'Scegli un argomento', subjectSla: '{{name}} (risposta entro {{days}} giorni lavorativi)',
    object: 'Oggetto', body: 'Testo della richiesta', files: 'Documenti (facoltativi)',
    filesHelp: 'Fino a 5 documenti PDF, JPEG, PNG o P7M, di al massimo 10 MB ciascuno. Il tipo è verificato sul contenuto.',
    tooMany: 'Al massimo 5 documenti.', submit: 'Invia la richiesta', sent: 'Richiesta registrata con protocollo {{protocol}}.',
  },
  thread: {
    back: 'Torna all’elenco', registeredAt: 'Registrata il {{when}}', dueAt: 'Scadenza: {{when}}', office: 'Sede: {{office}}', desk: 'Sportello: {{desk}}',
    consultant: 'Consulente: {{name}}', assignee: 'Assegnata a: {{name}}', unassigned: 'Non ancora assegnata', outcome: 'Esito: {{outcome}}',
    messages: 'Messaggi', you: 'Tu', office_side: 'Sede INPS', note: 'Nota interna', noteHelp: 'Le note interne non sono mai visibili al consulente.',
    reply: 'Rispondi', replyLabel: 'Il tuo messaggio', internal: 'Nota interna (non visibile al consulente)', sent: 'Messaggio inviato.',
    take: 'Prendi in carico', taken: 'Richiesta presa in carico.', close: 'Chiudi la richiesta', closeTitle: 'Chiusura', outcomeLabel: 'Esito',
    outcomeNote: 'Nota per il consulente (facoltativa)', closed: 'Richiesta chiusa.', closedInfo: 'La richiesta è chiusa: non si possono più inviare messaggi.',
    download: 'Scarica {{name}} ({{size}})', attachments: 'Documenti allegati',
    assignTitle: 'Assegnazione', assignTo: 'Assegna a', assignHelp: 'Le persone che possono lavorare le richieste di questa sede.',
    assignMe: '{{name}} (tu)', assign: 'Assegna', assigned: 'Richiesta assegnata a {{name}}.', assignCurrent: '{{name}} (ha già la richiesta)',
  },
};

const en: typeof it = {
  title: 'Two-way drawer',
  noAccess: 'The two-way drawer is for labour consultants and the offices’ staff.',
  nav: { label: 'Two-way drawer', home: 'Drawer', queue: 'Office queue', companies: 'My companies', new: 'New request', signedInAs: 'Signed in as {{name}}', logout: 'Sign out' },
  state: { open: 'Open', in_charge: 'In charge', closed: 'Closed' },
  outcome: { resolved: 'Resolved', rejected: 'Rejected', not_competent: 'Not our competence', withdrawn: 'Withdrawn' },
  common: { loading: 'Loading…', error: 'Something went wrong: try again.', send: 'Send', cancel: 'Cancel', none: 'None' },
  list: {
    protocol: 'Protocol', company: 'Company', subject: 'Subject', state: 'State', registered: 'Registered', due: 'Deadline',
    assignee: 'Assigned to', overdue: 'Overdue', empty: 'No request found.', count_one: '{{count}} request', count_other: '{{count}} requests',
    caption: 'Requests: protocol, company, subject, state and deadline',
  },
  companies: {
    title: 'My companies', lead: 'The companies you hold an active delegation for. Your requests go to the company’s competent office.',
    empty: 'You hold no active delegation: ask the office to record it.', matricola: 'Matricola {{matricola}}', office: 'Office: {{office}}',
    open: '{{count}} open', inCharge: '{{count}} in charge', threads: 'My requests', newFor: 'New request for {{name}}',
  },
  filters: {
    title: 'Search', matricola: 'Matricola', state: 'State', any: 'Any', active: 'Open and in charge', subject: 'Subject', from: 'Registered from', to: 'to',
    assignee: 'Assignment', mine: 'Assigned to me', unassigned: 'Unassigned', overdue: 'Overdue only', search: 'Search', reset: 'Reset',
    text: 'Protocol, title or company',
  },
  queue: { title: 'Office queue', lead: 'The labour consultants’ requests for the offices of your scope, nearest deadline first.' },
  create: {
    title: 'New request', company: 'Company', subject: 'Subject', chooseSubject: 'Choose a subject', subjectSla: '{{name}} (answer within {{days}} working days)',
    object: 'Title', body: 'Your request', files: 'Documents (optional)',
    filesHelp: 'Up to 5 PDF, JPEG, PNG or P7M documents of at most 10 MB each. The type is checked on the content.',
    tooMany: 'At most 5 documents.', submit: 'Send the request', sent: 'Request registered with protocol {{protocol}}.',
  },
  thread: {
    back: 'Back to the list', registeredAt: 'Registered on {{when}}', dueAt: 'Deadline: {{when}}', office: 'Office: {{office}}', desk: 'Desk: {{desk}}',
    consultant: 'Consultant: {{name}}', assignee: 'Assigned to: {{name}}', unassigned: 'Not assigned yet', outcome: 'Outcome: {{outcome}}',
    messages: 'Messages', you: 'You', office_side: 'INPS office', note: 'Internal note', noteHelp: 'Internal notes are never shown to the consultant.',
    reply: 'Reply', replyLabel: 'Your message', internal: 'Internal note (not shown to the consultant)', sent: 'Message sent.',
    take: 'Take in charge', taken: 'Request taken in charge.', close: 'Close the request', closeTitle: 'Closing', outcomeLabel: 'Outcome',
    outcomeNote: 'Note for the consultant (optional)', closed: 'Request closed.', closedInfo: 'The request is closed: no more messages can be sent.',
    download: 'Download {{name}} ({{size}})', attachments: 'Attached documents',
    assignTitle: 'Assignment', assignTo: 'Assign to', assignHelp: "The people who can work on this office's requests.",
    assignMe: '{{name}} (you)', assign: 'Assign', assigned: 'Request assigned to {{name}}.', assignCurrent: '{{name}} (current assignee)',
  },
};

i18n.addResourceBundle('it', 'translation', { drawer: it }, true, true);
i18n.addResourceBundle('en', 'translation', { drawer: en }, true, true);

/** Strings of the drawer's subject tree administration (prefix `admin.subjects.`). */
import i18n from '../../i18n';

const it = {
  nav: 'Argomenti del cassetto',
  title: 'Argomenti del cassetto bidirezionale',
  lead: 'L’elenco a due livelli (aree e argomenti) che i consulenti scelgono per le loro richieste nella regione {{region}}. Ogni argomento ha i giorni lavorativi entro cui rispondere (vale per le richieste nuove) e, se serve, lo sportello della sede che risponde.',
  none: 'Nessuna area.', noSubjects: 'Nessun argomento in quest’area.',
  key: 'Chiave', keyHelp: 'Lettere minuscole, cifre e trattini: non cambia più.', it: 'Nome in italiano', en: 'Nome in inglese',
  sla: 'Giorni lavorativi per rispondere', desk: 'Sportello che risponde (chiave, facoltativa)', deskHelp: 'Vuoto: la coda della sede.',
  slaShort_one: '{{count}} giorno lavorativo', slaShort_other: '{{count}} giorni lavorativi', deskShort: 'sportello {{desk}}', officeQueue: 'coda della sede',
  requests_one: '{{count}} richiesta', requests_other: '{{count}} richieste',
  newArea: 'Nuova area', createArea: 'Aggiungi l’area', newSubject: 'Nuovo argomento in {{area}}', createSubject: 'Aggiungi l’argomento',
  edit: 'Modifica', editOf: 'Modifica {{name}}', save: 'Salva', cancel: 'Annulla', remove: 'Elimina', removeOf: 'Elimina {{name}}',
  created: 'Aggiunto: {{name}}.', saved: 'Salvato: {{name}}.', removed: 'Eliminato: {{name}}.',
};

const en: typeof it = {
  nav: 'Drawer subjects',
  title: 'Subjects of the two-way drawer',
  lead: 'The two-level list (areas and subjects) consultants choose from for their requests in the region {{region}}. Each subject has the working days to answer within (for new requests) and, when needed, the desk of the office that answers.',
  none: 'No area.', noSubjects: 'No subject in this area.',
  key: 'Key', keyHelp: 'Lower-case letters, digits and dashes: it cannot change later.', it: 'Name in Italian', en: 'Name in English',
  sla: 'Working days to answer within', desk: 'Desk that answers (key, optional)', deskHelp: "Empty: the office's queue.",
  slaShort_one: '{{count}} working day', slaShort_other: '{{count}} working days', deskShort: 'desk {{desk}}', officeQueue: "office's queue",
  requests_one: '{{count}} request', requests_other: '{{count}} requests',
  newArea: 'New area', createArea: 'Add the area', newSubject: 'New subject in {{area}}', createSubject: 'Add the subject',
  edit: 'Edit', editOf: 'Edit {{name}}', save: 'Save', cancel: 'Cancel', remove: 'Delete', removeOf: 'Delete {{name}}',
  created: 'Added: {{name}}.', saved: 'Saved: {{name}}.', removed: 'Deleted: {{name}}.',
};

i18n.addResourceBundle('it', 'translation', { admin: { subjects: it } }, true, true);
i18n.addResourceBundle('en', 'translation', { admin: { subjects: en } }, true, true);

/** Strings of the admin screens for the intermediaries: patronati (`admin.patronati.`) and the drawer's companies and delegations (`admin.drawerAdmin.`). */
import i18n from '../../i18n';

const it = {
  patronati: {
    nav: 'Patronati',
    title: 'Patronati',
    lead: 'Le organizzazioni di patronato della regione: le loro sedi zonali (con il numero da cui chiamano la linea dedicata) e gli operatori che prenotano per i loro assistiti.',
    none: 'Nessun patronato registrato.',
    name: 'Nome', code: 'Codice di accreditamento', codeHelp: 'Da 2 a 20 lettere, cifre o trattini (es. INCA-MI).',
    state: 'Stato', active: 'attivo', inactive: 'disattivato', offices: 'Sedi zonali', operators: 'Operatori',
    newTitle: 'Nuovo patronato', create: 'Registra il patronato', created: 'Patronato {{name}} registrato.',
    back: 'Torna ai patronati', open: 'Gestisci {{name}}',
    editTitle: 'Dati del patronato', save: 'Salva', saved: 'Dati salvati.', activeLabel: 'Attivo (può prenotare)',
    officesLead: 'Il numero da cui chiama la sede: la linea dei patronati riconosce chi chiama.',
    noOffices: 'Nessuna sede zonale.', province: 'Provincia', officeName: 'Nome della sede', address: 'Indirizzo (facoltativo)',
    phone: 'Telefono da cui chiama (facoltativo)', addOffice: 'Aggiungi la sede', officeAdded: 'Sede zonale aggiunta: {{name}}.',
    remove: 'Rimuovi', removeOffice: 'Rimuovi la sede {{name}}', officeRemoved: 'Sede rimossa.',
    operatorsLead: 'Gli account con il ruolo di operatore di patronato (creati in Utenti e ruoli) che lavorano per questo patronato.',
    noOperators: 'Nessun operatore collegato.', operator: 'Operatore da collegare', noCandidates: 'Nessun account di operatore di patronato libero: crealo in Utenti e ruoli.',
    link: 'Collega l’operatore', linked: 'Operatore {{name}} collegato.', unlinkShort: 'Scollega', unlink: 'Scollega {{name}}', unlinked: 'Operatore scollegato.',
  },
  drawerAdmin: {
    nav: 'Aziende e deleghe',
    title: 'Aziende e deleghe del cassetto',
    lead: 'Le aziende (matricola) delle tue sedi e i consulenti del lavoro che le rappresentano nel cassetto bidirezionale. Revocando una delega il consulente non vede più l’azienda né le sue richieste.',
    companies: 'Aziende', noCompanies: 'Nessuna azienda registrata.', matricola: 'Matricola', matricolaHelp: '10 cifre.',
    companyName: 'Ragione sociale', office: 'Sede competente', activeCount_one: '{{count}} delega attiva', activeCount_other: '{{count}} deleghe attive',
    newCompany: 'Nuova azienda', createCompany: 'Registra l’azienda', companyCreated: 'Azienda {{name}} registrata.',
    delegations: 'Deleghe', newDelegation: 'Nuova delega', company: 'Azienda', consultant: 'Consulente del lavoro',
    noConsultants: 'Nessun consulente del lavoro raggiunge le tue sedi: crea l’account in Utenti e ruoli.',
    grant: 'Concedi la delega', granted: 'Delega concessa a {{name}}.',
    noDelegations: 'Nessuna delega.', showRevoked: 'Mostra anche le deleghe revocate', since: 'Dal', state: 'Stato',
    activeState: 'attiva', revokedState: 'revocata il {{when}}',
    revoke: 'Revoca la delega di {{name}} per {{company}}', revokeShort: 'Revoca', confirm: 'Revocare la delega di {{name}} per {{company}}? Il consulente non vedrà più l’azienda né le sue richieste.',
    confirmYes: 'Sì, revoca', confirmNo: 'Annulla', revoked: 'Delega revocata: {{name}} non vede più {{company}}.',
  },
};

const en: typeof it = {
  patronati: {
    nav: 'Patronati',
    title: 'Patronati',
    lead: "The region's patronato organisations: their local offices (with the number they call the dedicated line from) and the operators who book for their clients.",
    none: 'No patronato registered.',
    name: 'Name', code: 'Accreditation code', codeHelp: '2 to 20 letters, digits or dashes (e.g. INCA-MI).',
    state: 'State', active: 'active', inactive: 'turned off', offices: 'Local offices', operators: 'Operators',
    newTitle: 'New patronato', create: 'Register the patronato', created: 'Patronato {{name}} registered.',
    back: 'Back to the patronati', open: 'Manage {{name}}',
    editTitle: "The patronato's details", save: 'Save', saved: 'Details saved.', activeLabel: 'Active (may book)',
    officesLead: 'The number the office calls from: the patronati line recognises who is calling.',
    noOffices: 'No local office.', province: 'Province', officeName: "Office's name", address: 'Address (optional)',
    phone: 'Phone it calls from (optional)', addOffice: 'Add the office', officeAdded: 'Local office added: {{name}}.',
    remove: 'Remove', removeOffice: 'Remove the office {{name}}', officeRemoved: 'Office removed.',
    operatorsLead: 'The accounts with the patronato operator role (created in Users and roles) who work for this patronato.',
    noOperators: 'No operator linked.', operator: 'Operator to link', noCandidates: 'No free patronato operator account: create one in Users and roles.',
    link: 'Link the operator', linked: 'Operator {{name}} linked.', unlinkShort: 'Unlink', unlink: 'Unlink {{name}}', unlinked: 'Operator unlinked.',
  },
  drawerAdmin: {
    nav: 'Companies and delegations',
    title: "The drawer's companies and delegations",
    lead: 'The companies (matricola) of your offices and the labour consultants who represent them in the two-way drawer. Revoking a delegation hides the company and its requests from the consultant.',
    companies: 'Companies', noCompanies: 'No company registered.', matricola: 'Matricola', matricolaHelp: '10 digits.',
    companyName: 'Company name', office: 'Competent office', activeCount_one: '{{count}} active delegation', activeCount_other: '{{count}} active delegations',
    newCompany: 'New company', createCompany: 'Register the company', companyCreated: 'Company {{name}} registered.',
    delegations: 'Delegations', newDelegation: 'New delegation', company: 'Company', consultant: 'Labour consultant',
    noConsultants: 'No labour consultant reaches your offices: create the account in Users and roles.',
    grant: 'Grant the delegation', granted: 'Delegation granted to {{name}}.',
    noDelegations: 'No delegation.', showRevoked: 'Show revoked delegations too', since: 'Since', state: 'State',
    activeState: 'active', revokedState: 'revoked on {{when}}',
    revoke: 'Revoke the delegation of {{name}} for {{company}}', revokeShort: 'Revoke', confirm: 'Revoke the delegation of {{name}} for {{company}}? The consultant will no longer see the company or its requests.',
    confirmYes: 'Yes, revoke', confirmNo: 'Cancel', revoked: 'Delegation revoked: {{name}} no longer sees {{company}}.',
  },
};

i18n.addResourceBundle('it', 'translation', { admin: it }, true, true);
i18n.addResourceBundle('en', 'translation', { admin: en }, true, true);

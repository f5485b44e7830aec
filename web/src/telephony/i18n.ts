/**
 * Strings of the telephony parts of the staff pages (key prefix `telephony.`): the office's
 * "test the connection", manual caller-ID, the operator's one sign-on for the day, the
 * reception line's incoming calls. Added to the app's translations when imported.
 */
import i18n from '../i18n';

const it = {
  settingsHelp: {
    wildix: 'Wildix: {"baseUrl": "https://sede.wildixin.com", "apiKeyEnv": "WILDIX_CO01_KEY", "webhookSecretEnv": "WILDIX_CO01_HOOK", "receptionExtensions": ["300"]} (oppure "auth": "jwt" con appId, appName, appSecretEnv).',
    asterisk: 'Asterisk: {"baseUrl": "http://pbx:8088", "username": "sportello", "passwordEnv": "ARI_CO01_PASS", "app": "sportello", "operatorEndpoint": "PJSIP/{ext}", "citizenEndpoint": "PJSIP/{number}@trunk"}.',
    simulated: 'Simulato: {"odds": {"answer": 7, "noAnswer": 2}, "ringAfterMs": 300, "resultAfterMs": 1200}.',
    manual: 'Manuale: nessuna impostazione ({}).',
    secrets: 'I segreti non si salvano: si indica la variabile d’ambiente che li contiene (…Env). Un campo sconosciuto viene rifiutato.',
  },
  manual: {
    title: 'Chiamate manuali da casa',
    prefix: 'Prefisso per nascondere il numero',
    prefixHelp: 'Si compone prima del numero del cittadino, per esempio #31# (numero privato). Solo cifre, * e #.',
    line: 'Linea della sede da cui chiamare',
    lineHelp: 'Il numero della sede che il cittadino vede quando l’operatore chiama dall’app del centralino, formato +39…. Se indicata, ha la precedenza sul prefisso.',
  },
  test: {
    title: 'Prova la connessione',
    lead: 'Contatta il centralino con le impostazioni salvate. Se indichi un interno, controlla che esista.',
    extension: 'Interno da verificare (facoltativo)',
    run: 'Prova la connessione',
    running: 'Prova in corso…',
    detail: 'Dettaglio tecnico: {{detail}}',
    saveFirst: 'Salva le impostazioni prima di provarle.',
  },
  duty: {
    dayTitle: 'Tutti i tuoi sportelli di oggi',
    dayLead_one: 'Oggi sei in turno su {{count}} sportello: entra in servizio con un solo interno.',
    dayLead_other: 'Oggi sei in turno su {{count}} sportelli: entra in servizio su tutti con un solo interno.',
    extension: 'Il tuo interno telefonico per tutti gli sportelli di oggi',
    signOnAll: 'Entra in servizio su tutti',
    done_one: 'In servizio su {{count}} sportello.',
    done_other: 'In servizio su {{count}} sportelli.',
    skipped: 'Non su {{desks}}: risulti assente.',
    verified: 'Interno verificato nel centralino.',
    unchecked: 'Il centralino non offre l’elenco degli interni: l’interno si verifica alla prima chiamata.',
    perDesk: 'Oppure sportello per sportello:',
  },
  dial: {
    prefix: 'Componi {{dial}}: il prefisso {{prefix}} nasconde il tuo numero.',
    officeLine: 'Chiama dall’app del centralino con la linea della sede {{line}}: il cittadino vede quel numero, non il tuo. Numero: {{dial}}',
    ownNumber: 'La sede non ha indicato come nascondere il tuo numero: se chiami dal tuo telefono il cittadino vedrà il tuo numero. Numero: {{dial}}',
    link: 'Chiama {{dial}}',
  },
  incoming: {
    title: 'Chiamate in arrivo',
    extension: 'Il tuo interno di accoglienza',
    extensionHelp: 'Le chiamate a questo interno si aprono da sole nella console.',
    watching: 'In ascolto sull’interno {{extension}}.',
    none: 'Nessuna chiamata in arrivo.',
    ringing: 'Squilla: chiamata in arrivo sull’interno {{extension}}.',
    answered: 'In conversazione da {{time}}.',
    ended: 'Chiamata terminata: durata della conversazione {{time}}.',
    missed: 'Chiamata persa.',
    open: 'Apri il chiamante',
    opened: 'Chiamante {{caller}}: numero inserito nella ricerca.',
    takenByOther: 'Presa da un altro operatore.',
    hidden: 'numero nascosto',
    fromCall: 'La durata registrata sarà quella della chiamata, dal centralino.',
  },
};

const en: typeof it = {
  settingsHelp: {
    wildix: 'Wildix: {"baseUrl": "https://office.wildixin.com", "apiKeyEnv": "WILDIX_CO01_KEY", "webhookSecretEnv": "WILDIX_CO01_HOOK", "receptionExtensions": ["300"]} (or "auth": "jwt" with appId, appName, appSecretEnv).',
    asterisk: 'Asterisk: {"baseUrl": "http://pbx:8088", "username": "sportello", "passwordEnv": "ARI_CO01_PASS", "app": "sportello", "operatorEndpoint": "PJSIP/{ext}", "citizenEndpoint": "PJSIP/{number}@trunk"}.',
    simulated: 'Simulated: {"odds": {"answer": 7, "noAnswer": 2}, "ringAfterMs": 300, "resultAfterMs": 1200}.',
    manual: 'Manual: no settings ({}).',
    secrets: 'Secrets are not saved: name the environment variable that holds each one (…Env). An unknown field is refused.',
  },
  manual: {
    title: 'Manual calls from home',
    prefix: 'Prefix that hides the number',
    prefixHelp: 'Dialled before the citizen’s number, e.g. #31# (withheld number). Digits, * and # only.',
    line: 'Office line to call from',
    lineHelp: 'The office number the citizen sees when the operator calls from the PBX app, in +39… form. When given, it comes before the prefix.',
  },
  test: {
    title: 'Test the connection',
    lead: 'Reaches the PBX with the saved settings. Give an extension to check that it exists.',
    extension: 'Extension to check (optional)',
    run: 'Test the connection',
    running: 'Testing…',
    detail: 'Technical detail: {{detail}}',
    saveFirst: 'Save the settings before testing them.',
  },
  duty: {
    dayTitle: 'All your desks today',
    dayLead_one: 'Today you are rostered on {{count}} desk: sign on with one extension.',
    dayLead_other: 'Today you are rostered on {{count}} desks: sign on to all of them with one extension.',
    extension: 'Your phone extension for all of today’s desks',
    signOnAll: 'Sign on to all',
    done_one: 'On duty at {{count}} desk.',
    done_other: 'On duty at {{count}} desks.',
    skipped: 'Not at {{desks}}: you are marked absent.',
    verified: 'Extension verified on the PBX.',
    unchecked: 'The PBX offers no list of extensions: your extension is checked at the first call.',
    perDesk: 'Or desk by desk:',
  },
  dial: {
    prefix: 'Dial {{dial}}: the prefix {{prefix}} hides your number.',
    officeLine: 'Call from the PBX app on the office line {{line}}: the citizen sees that number, not yours. Number: {{dial}}',
    ownNumber: 'The office has not said how to hide your number: calling from your own phone, the citizen will see your number. Number: {{dial}}',
    link: 'Call {{dial}}',
  },
  incoming: {
    title: 'Incoming calls',
    extension: 'Your reception extension',
    extensionHelp: 'Calls to this extension open by themselves on the console.',
    watching: 'Listening on extension {{extension}}.',
    none: 'No incoming call.',
    ringing: 'Ringing: incoming call on extension {{extension}}.',
    answered: 'In conversation for {{time}}.',
    ended: 'Call over: conversation lasted {{time}}.',
    missed: 'Missed call.',
    open: 'Open the caller',
    opened: 'Caller {{caller}}: number put in the search.',
    takenByOther: 'Taken by another agent.',
    hidden: 'number withheld',
    fromCall: 'The duration logged will be the call’s, from the PBX.',
  },
};

i18n.addResourceBundle('it', 'translation', { telephony: it }, true, true);
i18n.addResourceBundle('en', 'translation', { telephony: en }, true, true);

/**
 * How a caller's question, as typed by the agent, becomes a search: its words, the words the
 * approved answers use for the same thing (a caller says "quando pagano", an answer says
 * "pagamento"), close spellings of words the answers contain (typos), and whether the question
 * is about an office's hours or address (answered from the office data, not from a text).
 * Pure: no I/O.
 */

/** Lower case, accents off, letters and digits only: "Cantù" → "cantu", "l'ISEE" → ["l", "isee"]. */
export function plainWords(text: string): string[] {
  return (text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);
}

/**
 * Callers' words → the words the answers use. Keys are plain words (see plainWords); values
 * are searched as extra alternatives of that word, stemmed like the answers.
 */
export const CALLER_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  // money arriving
  pagano: ['pagamento'], paga: ['pagamento'], pagata: ['pagamento'], pagate: ['pagamento'], pagati: ['pagamento'],
  arriva: ['pagamento'], arrivano: ['pagamento'], accredito: ['pagamento'], accreditata: ['pagamento'], accreditano: ['pagamento'],
  soldi: ['pagamento'], rata: ['pagamento'], mensilita: ['pagamento'], date: ['pagamento'], giorno: ['pagamento'],
  // signing in
  pin: ['spid', 'accesso'], password: ['spid', 'accesso'], credenziali: ['spid', 'accesso'], entrare: ['accesso'], accedere: ['accesso'],
  login: ['accesso'], identita: ['spid'], digitale: ['spid'],
  // unemployment
  disoccupazione: ['naspi'], disoccupato: ['naspi'], disoccupata: ['naspi'], licenziato: ['naspi'], licenziata: ['naspi'], licenziamento: ['naspi'],
  // family
  bambino: ['figli'], bambini: ['figli'], bimbo: ['figli'], bimbi: ['figli'], figlio: ['figli'], figlia: ['figli'],
  incinta: ['maternita'], gravidanza: ['maternita'], parto: ['maternita'], mamma: ['maternita'], nido: ['asilo'],
  // disability
  invalido: ['invalidita'], invalida: ['invalidita'], handicap: ['104'], disabile: ['104', 'invalidita'], accompagno: ['accompagnamento'],
  // survivors
  vedova: ['reversibilita', 'superstiti'], vedovo: ['reversibilita', 'superstiti'], morto: ['superstiti'], morta: ['superstiti'],
  deceduto: ['superstiti'], deceduta: ['superstiti'], decesso: ['superstiti'],
  // papers
  cu: ['certificazione'], '730': ['certificazione'], redditi: ['certificazione'], obis: ['obism'],
  busta: ['cedolino'], cig: ['cassa', 'integrazione'],
  dsu: ['isee'], isse: ['isee'], isea: ['isee'],
  banca: ['iban'], conto: ['iban'],
  residenza: ['recapiti'], telefono: ['recapiti'], mail: ['recapiti'], email: ['recapiti'], cellulare: ['recapiti'],
  delegare: ['delega'], delegato: ['delega'],
  versamenti: ['contributi'], contributivo: ['contributi'], buchi: ['contributi', 'rettifica'],
  universita: ['laurea'], studi: ['laurea'],
  prima: ['anticipata'], anticipo: ['anticipata'], quota: ['anticipata'],
  eta: ['vecchiaia'], anziani: ['sociale'],
  appuntamento: ['prenotare'], prenotazione: ['prenotare'], prenoto: ['prenotare'],
  malato: ['malattia'], malata: ['malattia'], fiscale: ['malattia'],
  badante: ['domestico'], colf: ['domestico'], badanti: ['domestico'],
  reddito: ['inclusione'], adi: ['inclusione'], rdc: ['inclusione'],
  numero: ['contact'], verde: ['contact'], chiamare: ['contact'],
};

/**
 * Words of how callers ask, not of what they ask about ("quando", "come faccio", "vorrei
 * sapere"): the Italian stop-word list keeps them, the search leaves them out.
 */
export const ASKING_WORDS: ReadonlySet<string> = new Set([
  'quando', 'come', 'cosa', 'che', 'dove', 'perche', 'chi', 'quale', 'quali', 'quanto', 'quanta', 'quanti', 'quante',
  'faccio', 'fare', 'devo', 'deve', 'posso', 'puo', 'vorrei', 'volevo', 'sapere', 'chiedere', 'informazioni', 'info',
  'mio', 'mia', 'miei', 'mie', 'ho', 'sono', 'stato', 'stata', 'non', 'ancora', 'riesco', 'buongiorno', 'salve',
]);

/** Words that make a question about an office's opening hours. */
const HOURS_WORDS = new Set(['orari', 'orario', 'apre', 'aprite', 'aperto', 'aperta', 'aperti', 'apertura', 'chiude', 'chiudete', 'chiusura', 'ricevimento']);
/** Words that ask where something is. */
const WHERE_WORDS = new Set(['indirizzo', 'dove', 'trova', 'trovate', 'raggiungere']);
/** Words that name an office. */
const OFFICE_WORDS = new Set(['sede', 'sedi', 'ufficio', 'uffici', 'agenzia', 'filiale', 'direzione']);

export interface OfficeIntent {
  hours: boolean;
  where: boolean;
  office: boolean;
}

export function officeIntent(words: string[]): OfficeIntent {
  return {
    hours: words.some((w) => HOURS_WORDS.has(w)),
    where: words.some((w) => WHERE_WORDS.has(w)),
    office: words.some((w) => OFFICE_WORDS.has(w)),
  };
}

/**
 * Whether to answer with office data: a question about hours; or where (an office or a named
 * town); or an office in a named town ("sede di Como"). "Cambiare indirizzo" alone is about the
 * caller's own address, not an office's.
 */
export function asksAboutOffice(intent: OfficeIntent, namesATown: boolean): boolean {
  return intent.hours || (intent.where && (intent.office || namesATown)) || (intent.office && namesATown);
}

/** Damerau–Levenshtein distance (optimal string alignment), for typos in short words. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2: number[] = new Array<number>(b.length + 1).fill(0);
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      best = Math.min(best, d);
    }
    prev2.splice(0, prev2.length, ...prev);
    prev = cur;
    if (best > max) return max + 1;
  }
  return prev[b.length]!;
}

/** How far a typed stem may be from a word of the answers: none under 5 letters, 1 up to 7, 2 beyond. */
export function typoAllowance(stem: string): number {
  return stem.length < 5 ? 0 : stem.length <= 7 ? 1 : 2;
}

/** Quotes a lexeme for a tsquery literal: 'it''s'. */
export function tsLexeme(lexeme: string, prefix = false): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${prefix ? ':*' : ''}`;
}

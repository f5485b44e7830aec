/**
 * From what a citizen needs ("la mia pensione", "NASpI", "invalidità civile") to the desk that
 * deals with it: the words people use are matched against each desk's name, description and
 * topics (what the office file says each desk does), through the words those texts use.
 * Pure: used by the booking pages.
 */

/** Lower case, accents off, letters and digits only. */
export function plainText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Citizens' words (plain) → word stems the desk texts use. */
const NEED_STEMS: Readonly<Record<string, readonly string[]>> = {
  pensione: ['pension'], pensioni: ['pension'], pensionato: ['pension'], pensionata: ['pension'], pension: ['pension'], retire: ['pension', 'retire'],
  cedolino: ['cedolino', 'pension slip'], contributi: ['contribut'], estratto: ['estratto', 'statement'], riscatto: ['riscatt'], laurea: ['riscatt'],
  naspi: ['naspi'], disoccupazione: ['naspi'], disoccupato: ['naspi'], disoccupata: ['naspi'], licenziato: ['naspi'], licenziata: ['naspi'],
  unemployment: ['naspi', 'unemployment'], unemployed: ['naspi', 'unemployment'], discoll: ['dis coll'],
  invalidita: ['invalidit'], invalido: ['invalidit'], invalida: ['invalidit'], invalidity: ['invalidit'], disability: ['invalidit', 'disabilit'],
  disabile: ['invalidit', 'handicap'], handicap: ['handicap', 'invalidit'], '104': ['104', 'invalidit'], accompagnamento: ['accompagnamento', 'attendance', 'invalidit'], cecita: ['cecit'], sordita: ['sordit'],
  assegno: ['assegno'], figli: ['assegno unico', 'child'], figlio: ['assegno unico', 'child'], children: ['child'], child: ['child'],
  maternita: ['maternit'], maternity: ['maternit'], congedo: ['congedi', 'leave'], paternita: ['congedi'], cassa: ['cassa integrazione'], bonus: ['bonus'],
  pagamento: ['pagament', 'payment'], payment: ['payment'],
};

/** Words that say nothing about the need. */
const FILLER = new Set(['legge', 'law', 'mia', 'mio', 'miei', 'mie', 'della', 'dello', 'delle', 'degli', 'per', 'una', 'uno', 'the', 'and', 'for', 'with', 'about', 'help', 'aiuto', 'vorrei', 'need']);

export interface NeedDesk {
  name: { it: string; en: string };
  description: { it: string; en: string };
  topics: readonly { it: string; en: string }[];
}

/** How well a desk fits a need: 0 when it does not; the desk's own name counts most. */
export function needScore(need: string, desk: NeedDesk): number {
  const words = plainText(need).split(' ').filter((w) => (w.length >= 3 || /^\d+$/.test(w)) && !FILLER.has(w));
  if (words.length === 0) return 0;
  const name = plainText(`${desk.name.it} ${desk.name.en}`);
  const text = plainText(`${desk.description.it} ${desk.description.en} ${desk.topics.map((t) => `${t.it} ${t.en}`).join(' ')}`);
  let score = 0;
  for (const w of words) {
    const stems = NEED_STEMS[w] ?? [w];
    if (stems.some((s) => name.includes(s))) score += 3;
    else if (stems.some((s) => text.includes(s))) score += 1;
  }
  return score;
}

/** The desks that fit a need, best first (desks that fit equally keep their order). */
export function desksForNeed<D extends NeedDesk>(need: string, desks: readonly D[]): D[] {
  return desks.map((d, i) => ({ d, i, s: needScore(need, d) })).filter((x) => x.s > 0).sort((a, b) => b.s - a.s || a.i - b.i).map((x) => x.d);
}

import { listOfficeDirectory, type OfficeDirectoryEntry } from '../catalog/index.js';
import type { Queryable } from '../storage/db.js';
import { asksAboutOffice, editDistance, officeIntent, plainWords } from '../domain/reception/caller-query.js';
import { searchAnswers } from './search-answers.js';
import type { ShortAnswer } from './short-answer.js';

const DAYS = ['', 'lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì', 'sabato', 'domenica'];
/** Words of office names that name no place. */
const NOT_A_PLACE = new Set(['di', 'del', 'della', 'san', 'santa', 'sant', 'd', 'agenzia', 'complessa', 'direzione', 'provinciale', 'sede']);

/**
 * What the reception line answers a caller: when the question is about an office's hours or
 * address, that office's own data first (its desks' weekly calendar and its address), then the
 * approved short answers, best first.
 */
export async function answerCaller(db: Queryable, text: string | undefined, provinces: string[] | 'all', limit = 20): Promise<ShortAnswer[]> {
  const [offices, answers] = await Promise.all([officeAnswers(db, text ?? '', provinces), searchAnswers(db, text, provinces, limit)]);
  return [...offices, ...answers].slice(0, Math.max(1, Math.min(limit, 50)));
}

/**
 * Offices the question is about, as answers built from their data: named by town or name
 * ("orari sede di Como", "dove si trova l'ufficio di Cantù"); with no place named, the offices
 * of the agent's provinces (provincial directorate first).
 */
export async function officeAnswers(db: Queryable, text: string, provinces: string[] | 'all'): Promise<ShortAnswer[]> {
  const words = plainWords(text);
  const intent = officeIntent(words);
  if (!intent.hours && !intent.where && !intent.office) return [];
  const offices = await listOfficeDirectory(db);
  const scored = offices.map((o) => ({ o, score: placeScore(words, o) }));
  const best = Math.max(0, ...scored.map((s) => s.score));
  if (!asksAboutOffice(intent, best > 0)) return [];
  const chosen = best > 0
    ? scored.filter((s) => s.score === best).map((s) => s.o)
    : offices.filter((o) => provinces === 'all' ? o.kind.startsWith('direzione') : provinces.includes(o.provinceCode));
  return chosen.slice(0, 10).map(officeAnswer);
}

/** How well the question names this office: its town or name (2 a word), its province (1 a word). */
function placeScore(words: string[], o: OfficeDirectoryEntry): number {
  const own = new Set(plainWords(`${o.town} ${o.name}`).filter((w) => w.length >= 3 && !NOT_A_PLACE.has(w)));
  const province = new Set(plainWords(o.provinceName).filter((w) => w.length >= 3));
  const near = (w: string, set: Set<string>) => set.has(w) || (w.length >= 6 && [...set].some((p) => editDistance(w, p, 1) <= 1));
  return words.reduce((sum, w) => sum + (near(w, own) ? 2 : near(w, province) ? 1 : 0), 0);
}

function officeAnswer(o: OfficeDirectoryEntry): ShortAnswer {
  const where = o.address ? `${o.address}, ${o.town}` : `${o.town} (indirizzo non presente nei dati della sede)`;
  const hours = weekHours(o.openings);
  const body = [
    `Sede INPS di ${o.name}, ${o.kind}, provincia di ${o.provinceName}.`,
    `Indirizzo: ${where}.`,
    hours ? `Orari degli appuntamenti allo sportello (dal calendario della sede): ${hours}.` : 'La sede non ha sportelli con orari di appuntamento.',
    o.receptionPhone ? `Numero dell'accoglienza: ${o.receptionPhone}.` : '',
  ].filter(Boolean).join(' ');
  return {
    id: `office:${o.code}`,
    title: `Sede di ${o.name}: orari e indirizzo`,
    body,
    tags: ['sede', o.town.toLowerCase(), o.provinceCode],
    provinceCode: o.provinceCode,
    status: 'active',
    version: 1,
    updatedAt: new Date(o.updatedAt),
    source: 'office',
  };
}

/** "lunedì–venerdì 08:30–12:30, 14:00–16:00; sabato e domenica chiuso": the union of the desks' openings. */
export function weekHours(openings: { weekday: number; from: string; to: string }[]): string {
  const perDay: string[] = [];
  for (let day = 1; day <= 7; day++) {
    const merged: [string, string][] = [];
    for (const { from, to } of openings.filter((x) => x.weekday === day).sort((a, b) => a.from.localeCompare(b.from))) {
      const last = merged[merged.length - 1];
      if (last && from <= last[1]) last[1] = to > last[1] ? to : last[1];
      else merged.push([from, to]);
    }
    perDay[day] = merged.map(([a, b]) => `${a}–${b}`).join(', ');
  }
  if (perDay.every((h) => !h)) return '';
  const parts: string[] = [];
  for (let day = 1; day <= 7;) {
    let end = day;
    while (end < 7 && perDay[end + 1] === perDay[day]) end++;
    const days = end === day ? DAYS[day]! : end === day + 1 ? `${DAYS[day]} e ${DAYS[end]}` : `${DAYS[day]}–${DAYS[end]}`;
    parts.push(`${days} ${perDay[day] || 'chiuso'}`);
    day = end + 1;
  }
  return parts.join('; ');
}

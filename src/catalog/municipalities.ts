import { readFileSync } from 'node:fs';
import { placeKey, type Municipality } from '../domain/catalog/competence.js';

/**
 * Every Italian comune in force with its province, from the tax-code library's place list
 * (made by scripts/make-municipalities.ts; ANPR data, Ministero dell'Interno, CC BY 4.0).
 */
const byProvince = JSON.parse(readFileSync(new URL('./municipalities.json', import.meta.url), 'utf8')) as Record<string, string[]>;

export const MUNICIPALITIES: readonly Municipality[] = Object.entries(byProvince).flatMap(([provinceCode, names]) => names.map((name) => ({ name, provinceCode })));

const byKey = new Map<string, Municipality[]>();
for (const m of MUNICIPALITIES) {
  const k = `${m.provinceCode}|${placeKey(m.name)}`;
  byKey.set(k, [...(byKey.get(k) ?? []), m]);
}

/** The comuni of these provinces. */
export function municipalitiesOf(provinces: Iterable<string>): Municipality[] {
  const wanted = new Set(provinces);
  return MUNICIPALITIES.filter((m) => wanted.has(m.provinceCode));
}

/** The comune of this province with this name as written officially ("cantu" → "Cantù"), or null. */
export function municipalityNamed(provinceCode: string, name: string): Municipality | null {
  return byKey.get(`${provinceCode}|${placeKey(name)}`)?.[0] ?? null;
}

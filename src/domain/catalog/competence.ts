/**
 * Which office serves a comune. Competence is office data (the office file): an office serves
 * its own town and the comuni it lists in `serves`; every other comune of a province is served
 * by the office in the province's capital (the provincial directorate), or else by the
 * province's first office. So every comune of a province with an office has one. Pure: no I/O.
 */

/** A place name as people type it: accents, case, apostrophes, dashes and spaces do not matter. */
export function placeKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

export interface CompetenceOffice {
  id: string;
  code: string;
  provinceCode: string;
  town: string;
  /** Comuni served besides the office's own town. */
  serves: readonly string[];
}

export interface Municipality {
  name: string;
  provinceCode: string;
}

/** The office competent for a comune: listed, then same town, then the capital's, then the first. */
export function competentOffice<O extends CompetenceOffice>(town: Municipality, offices: readonly O[], capitalOf: (province: string) => string | undefined): O | null {
  const key = placeKey(town.name);
  const ofProvince = offices.filter((o) => o.provinceCode === town.provinceCode);
  const capital = capitalOf(town.provinceCode);
  return ofProvince.find((o) => o.serves.some((s) => placeKey(s) === key))
    ?? ofProvince.find((o) => placeKey(o.town) === key)
    ?? (capital === undefined ? undefined : ofProvince.find((o) => placeKey(o.town) === placeKey(capital)))
    ?? ofProvince[0]
    ?? null;
}

/**
 * Comuni whose name matches what was typed: whole name first, then names starting with it,
 * then names containing it as a word; at most `limit`, each group in the order given.
 */
export function matchMunicipalities(query: string, towns: readonly Municipality[], limit = 8): Municipality[] {
  const q = placeKey(query);
  if (q.length < 2) return [];
  const exact: Municipality[] = [];
  const prefix: Municipality[] = [];
  const word: Municipality[] = [];
  for (const t of towns) {
    const k = placeKey(t.name);
    if (k === q) exact.push(t);
    else if (k.startsWith(q)) prefix.push(t);
    else if (k.includes(` ${q}`)) word.push(t);
  }
  return [...exact, ...prefix, ...word].slice(0, limit);
}

import { fileURLToPath } from 'node:url';

export const MUNICIPALITIES_FILE = fileURLToPath(new URL('../src/catalog/municipalities.json', import.meta.url));

/** The comuni in force today, by province code, names sorted as Italians sort them. */
export async function municipalitiesFromLibrary(): Promise<Record<string, string[]>> {
  const { belfioreConnector } = await import('@marketto/belfiore-connector-embedded');
  const cities = belfioreConnector.active().cities;
  if (!cities) throw new Error('the place list has no cities');
  const places = await cities.toArray();
  const byProvince: Record<string, string[]> = {};
  for (const p of places) {
    if (!p.province || !/^[A-Z]{2}$/.test(p.province)) continue;
    (byProvince[p.province] ??= []).push(p.name);
  }
  const collator = new Intl.Collator('it');
  return Object.fromEntries(Object.keys(byProvince).sort().map((k) => [k, [...new Set(byProvince[k])].sort(collator.compare)]));
}

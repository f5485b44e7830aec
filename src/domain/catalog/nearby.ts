/**
 * Which other offices are nearest to an office (issue 21: a full desk suggests the nearest
 * office with a free place). Pure: distances on the sphere, no I/O.
 */

export interface Position {
  latitude: number;
  longitude: number;
}

export interface PlacedOffice {
  name: string;
  provinceCode: string;
  /** WGS84 degrees; null when the office file does not say where the office is. */
  location: Position | null;
}

export interface RankedOffice<T> {
  office: T;
  /** Great-circle distance in km from the origin; null when either has no location. */
  km: number | null;
}

/** Mean radius of the Earth (IUGG), km. */
const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance between two positions, km (haversine formula). */
export function distanceKm(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const byName = new Intl.Collator('it', { sensitivity: 'base' });

/**
 * The other offices, nearest first. When both the origin and an office have a location, by
 * great-circle distance (ties by name); the offices whose distance cannot be known come after,
 * those of the origin's province first, each group by name. With no origin location, every
 * office is in the second part.
 */
export function rankByDistance<T extends PlacedOffice>(origin: PlacedOffice, others: readonly T[]): RankedOffice<T>[] {
  const ranked = others.map((office) => ({
    office,
    km: origin.location && office.location ? distanceKm(origin.location, office.location) : null,
  }));
  const sameProvince = (o: PlacedOffice) => (o.provinceCode === origin.provinceCode ? 0 : 1);
  return ranked.sort((a, b) => {
    if (a.km !== null && b.km !== null) return a.km - b.km || byName.compare(a.office.name, b.office.name);
    if (a.km !== null) return -1;
    if (b.km !== null) return 1;
    return sameProvince(a.office) - sameProvince(b.office) || byName.compare(a.office.name, b.office.name);
  });
}

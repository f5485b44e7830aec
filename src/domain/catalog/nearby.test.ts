import { describe, expect, it } from 'vitest';
import { distanceKm, rankByDistance, type PlacedOffice } from './nearby.js';

const at = (latitude: number, longitude: number) => ({ latitude, longitude });
const office = (name: string, provinceCode: string, location: { latitude: number; longitude: number } | null): PlacedOffice => ({ name, provinceCode, location });

describe('distanceKm', () => {
  it('is zero from a place to itself and symmetric', () => {
    expect(distanceKm(at(45.464, 9.19), at(45.464, 9.19))).toBe(0);
    expect(distanceKm(at(45.464, 9.19), at(45.81, 9.085))).toBeCloseTo(distanceKm(at(45.81, 9.085), at(45.464, 9.19)), 9);
  });

  it('measures known distances along the great circle', () => {
    // Milano – Como, about 39 km as the crow flies.
    expect(distanceKm(at(45.464, 9.19), at(45.81, 9.085))).toBeCloseTo(39.3, 0);
    // A degree of latitude is about 111.2 km everywhere.
    expect(distanceKm(at(0, 0), at(1, 0))).toBeCloseTo(111.2, 0);
    // Antipodes: half the circumference, no NaN from rounding.
    expect(distanceKm(at(0, 0), at(0, 180))).toBeCloseTo(Math.PI * 6371.0088, 3);
  });
});

describe('rankByDistance', () => {
  const milano = office('Milano', 'MI', at(45.464, 9.19));
  const monza = office('Monza', 'MB', at(45.584, 9.274));
  const como = office('Como', 'CO', at(45.81, 9.085));
  const sondrio = office('Sondrio', 'SO', at(46.17, 9.87));
  const legnanoNowhere = office('Legnano', 'MI', null);
  const abbiategrasso = office('Abbiategrasso', 'MI', null);
  const lodiNowhere = office('Lodi', 'LO', null);

  it('puts the nearest first', () => {
    const ranked = rankByDistance(milano, [sondrio, como, monza]);
    expect(ranked.map((r) => r.office.name)).toEqual(['Monza', 'Como', 'Sondrio']);
    expect(ranked[0]!.km).toBeCloseTo(distanceKm(milano.location!, monza.location!), 9);
  });

  it('puts offices without a location after, same province first, then by name', () => {
    const ranked = rankByDistance(milano, [lodiNowhere, legnanoNowhere, sondrio, abbiategrasso, monza]);
    expect(ranked.map((r) => r.office.name)).toEqual(['Monza', 'Sondrio', 'Abbiategrasso', 'Legnano', 'Lodi']);
    expect(ranked.slice(2).map((r) => r.km)).toEqual([null, null, null]);
  });

  it('without an origin location: same province first, then the others, by name', () => {
    const ranked = rankByDistance(office('Milano centro', 'MI', null), [sondrio, lodiNowhere, legnanoNowhere, como, abbiategrasso]);
    expect(ranked.map((r) => r.office.name)).toEqual(['Abbiategrasso', 'Legnano', 'Como', 'Lodi', 'Sondrio']);
    expect(ranked.every((r) => r.km === null)).toBe(true);
  });

  it('breaks distance ties by name, ignoring case and accents', () => {
    const ranked = rankByDistance(milano, [office('cantù', 'CO', at(45.7, 9.1)), office('Cantu B', 'CO', at(45.7, 9.1)), office('Brivio', 'LC', at(45.7, 9.1))]);
    expect(ranked.map((r) => r.office.name)).toEqual(['Brivio', 'cantù', 'Cantu B']);
  });

  it('does not change the list it is given and handles no offices', () => {
    const list = [como, monza];
    rankByDistance(milano, list);
    expect(list).toEqual([como, monza]);
    expect(rankByDistance(milano, [])).toEqual([]);
  });
});

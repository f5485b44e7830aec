import { describe, expect, it } from 'vitest';
import { competentOffice, matchMunicipalities, placeKey } from './competence.js';

const offices = [
  { id: '1', code: 'CO01', provinceCode: 'CO', town: 'Como', serves: [] },
  { id: '2', code: 'CO02', provinceCode: 'CO', town: 'Cantù', serves: ['Cucciago', "Figino Serenza"] },
  { id: '3', code: 'MI01', provinceCode: 'MI', town: 'Milano', serves: [] },
  { id: '4', code: 'LO01', provinceCode: 'LO', town: 'Codogno', serves: [] },
  { id: '5', code: 'LO02', provinceCode: 'LO', town: 'Lodi', serves: [] },
];
const capitals: Record<string, string> = { CO: 'Como', MI: 'Milano', LO: 'Lodi', SO: 'Sondrio' };

describe('the office competent for a comune', () => {
  it('is the one that lists it, then the one in that town, then the capital office', () => {
    const of = (name: string, provinceCode: string) => competentOffice({ name, provinceCode }, offices, (p) => capitals[p])?.code ?? null;
    expect(of('Cucciago', 'CO')).toBe('CO02');
    expect(of('figino serenza', 'CO')).toBe('CO02');
    expect(of('Cantù', 'CO')).toBe('CO02');
    expect(of('Cernobbio', 'CO')).toBe('CO01');
    expect(of('Menaggio', 'CO')).toBe('CO01');
    expect(of('Casalpusterlengo', 'LO')).toBe('LO02'); // the capital's, not the province's first
    expect(of('Sondrio', 'SO')).toBeNull(); // a province without offices
  });

  it('reads names as people type them', () => {
    expect(placeKey("Sant'Omobono Terme")).toBe('sant omobono terme');
    expect(placeKey('CANTU')).toBe(placeKey('Cantù'));
    const towns = [{ name: 'Como', provinceCode: 'CO' }, { name: 'Comazzo', provinceCode: 'LO' }, { name: 'Albese con Cassano', provinceCode: 'CO' }, { name: 'Lomazzo', provinceCode: 'CO' }];
    expect(matchMunicipalities('como', towns).map((t) => t.name)).toEqual(['Como']);
    expect(matchMunicipalities('com', towns).map((t) => t.name)).toEqual(['Como', 'Comazzo']);
    expect(matchMunicipalities('cassano', towns).map((t) => t.name)).toEqual(['Albese con Cassano']);
    expect(matchMunicipalities('c', towns)).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, foldLookAlikes, isPin, makeBookingCode, makePin, mayBeBookingCode, readBookingCode } from './booking-code.js';

const OFFICES = ['BG01', 'CO01', 'CO02', 'MI01', 'MI11', 'LO01', 'LC02'];

describe('booking codes', () => {
  it('carry the office code and desk number, and five unambiguous characters', () => {
    fc.assert(fc.property(fc.array(fc.nat(1000), { minLength: 5, maxLength: 5 }), (draws) => {
      let i = 0;
      const code = makeBookingCode('MI01', 2, (n) => draws[i++]! % n);
      expect(code).toMatch(/^MI01-2-[2-9A-HJKMNP-Z]{5}$/);
      expect(readBookingCode(code, OFFICES)).toEqual([code]);
    }));
    expect(CODE_ALPHABET).not.toMatch(/[01ILO]/);
  });

  it('read codes as people type or dictate them', () => {
    expect(readBookingCode(' mi01 2 7kq3x ', OFFICES)).toEqual(['MI01-2-7KQ3X']);
    expect(readBookingCode('MI01.2.7KQ3X', OFFICES)).toEqual(['MI01-2-7KQ3X']);
    expect(readBookingCode('MI0127KQ3X', OFFICES)).toEqual(['MI01-2-7KQ3X']);
    expect(readBookingCode('mi 01 2 7kq 3x', OFFICES)).toEqual(['MI01-2-7KQ3X']);
    expect(readBookingCode('MI01–2–7KQ3X', OFFICES)).toEqual(['MI01-2-7KQ3X']);
    expect(readBookingCode('MI01-12-7KQ3X', OFFICES)).toEqual(['MI01-12-7KQ3X']);
  });

  it('read 0/O and 1/I/L alike in the office and desk part', () => {
    expect(readBookingCode('C001-1-EFEF5', OFFICES)).toEqual(['CO01-1-EFEF5']);
    expect(readBookingCode('coo1-1-efef5', OFFICES)).toEqual(['CO01-1-EFEF5']);
    expect(readBookingCode('CO0I-l-EFEF5', OFFICES)).toEqual(['CO01-1-EFEF5']);
    expect(readBookingCode('L0O1-1-EFEF5', OFFICES)).toEqual(['LO01-1-EFEF5']);
    expect(readBookingCode('1C02 1 EFEF5', OFFICES)).toEqual(['LC02-1-EFEF5']);
    expect(foldLookAlikes('colIo')).toBe('C0110');
  });

  it('without separators, every office and desk split that exists is a candidate', () => {
    // MI01 desk 11, or MI11 desk 1? Both offices exist; both are read (the tax code decides).
    expect(readBookingCode('MI0111EFEF5', OFFICES).sort()).toEqual(['MI01-11-EFEF5']);
    expect(readBookingCode('MI111EFEF5', OFFICES).sort()).toEqual(['MI11-1-EFEF5']);
    expect(readBookingCode('MIO111EFEF5', ['MI01', 'MI011']).sort()).toEqual(['MI01-11-EFEF5', 'MI011-1-EFEF5']);
    // Separated, the office part's length decides.
    expect(readBookingCode('MI01 11 EFEF5', ['MI01', 'MI011'])).toEqual(['MI01-11-EFEF5']);
  });

  it('refuse what cannot be a code', () => {
    expect(readBookingCode('MI01-2-7KQ3O', OFFICES)).toEqual([]); // O is not in the tail's alphabet
    expect(readBookingCode('MI01-0-7KQ3X', OFFICES)).toEqual([]); // no desk 0
    expect(readBookingCode('XX01-2-7KQ3X', OFFICES)).toEqual([]); // no such office
    expect(readBookingCode('MI01-7KQ3X', OFFICES)).toEqual([]); // no desk
    expect(readBookingCode('MI01-2-7KQ3X; DROP', OFFICES)).toEqual([]);
    expect(readBookingCode('', OFFICES)).toEqual([]);
    expect(mayBeBookingCode('c001 1 efef5')).toBe(true);
    expect(mayBeBookingCode('RSSMRA80A01F205X')).toBe(false);
    expect(mayBeBookingCode('+39 333 1234567')).toBe(false);
    expect(mayBeBookingCode('3331234567')).toBe(false);
  });

  it('never throw, whatever is typed', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => {
      for (const code of readBookingCode(s, OFFICES)) expect(code).toMatch(/^[A-Z0-9]{2,10}-[1-9]\d{0,2}-[2-9A-HJKMNP-Z]{5}$/);
    }));
  });

  it('PINs are six digits', () => {
    const pin = makePin((n) => n - 1);
    expect(pin).toBe('999999');
    expect(isPin(pin)).toBe(true);
    expect(isPin('12345')).toBe(false);
  });
});

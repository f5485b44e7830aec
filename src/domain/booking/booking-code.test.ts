import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, isPin, makeBookingCode, makePin, normaliseBookingCode } from './booking-code.js';

describe('booking codes', () => {
  it('carry the office code and desk number, and five unambiguous characters', () => {
    fc.assert(fc.property(fc.array(fc.nat(1000), { minLength: 5, maxLength: 5 }), (draws) => {
      let i = 0;
      const code = makeBookingCode('MI01', 2, (n) => draws[i++]! % n);
      expect(code).toMatch(/^MI01-2-[2-9A-HJKMNP-Z]{5}$/);
      expect(normaliseBookingCode(code)).toBe(code);
    }));
    expect(CODE_ALPHABET).not.toMatch(/[01ILO]/);
  });

  it('read codes as people type or dictate them', () => {
    expect(normaliseBookingCode(' mi01 2 7kq3x ')).toBe('MI01-2-7KQ3X');
    expect(normaliseBookingCode('MI01.2.7KQ3X')).toBe('MI01-2-7KQ3X');
    expect(normaliseBookingCode('MI01-2-7KQ3O')).toBeNull(); // O is not in the alphabet
    expect(normaliseBookingCode('MI012-7KQ3X')).toBeNull();
  });

  it('PINs are six digits', () => {
    const pin = makePin((n) => n - 1);
    expect(pin).toBe('999999');
    expect(isPin(pin)).toBe(true);
    expect(isPin('12345')).toBe(false);
  });
});

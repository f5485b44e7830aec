import { describe, expect, it } from 'vitest';
import { asksAboutOffice, editDistance, officeIntent, plainWords, tsLexeme, typoAllowance } from './caller-query.js';

describe('caller query', () => {
  it('takes plain words: lower case, no accents, no punctuation', () => {
    expect(plainWords("Dov'è l'ufficio di CANTÙ?")).toEqual(['dov', 'e', 'l', 'ufficio', 'di', 'cantu']);
  });

  it('counts typos, a swap of two letters as one', () => {
    expect(editDistance('penson', 'pension')).toBe(1);
    expect(editDistance('pnesion', 'pension')).toBe(1);
    expect(editDistance('reversibilt', 'reversibil')).toBe(1);
    expect(editDistance('naspi', 'congedo', 2)).toBe(3);
    expect(typoAllowance('isee')).toBe(0);
    expect(typoAllowance('pension')).toBe(1);
    expect(typoAllowance('reversibil')).toBe(2);
  });

  it("tells a question about an office from one about the caller's own address", () => {
    const about = (q: string, town = false) => asksAboutOffice(officeIntent(plainWords(q)), town);
    expect(about('orari sede')).toBe(true);
    expect(about("dove si trova l'ufficio")).toBe(true);
    expect(about('sede di como', true)).toBe(true);
    expect(about('cambiare indirizzo di residenza')).toBe(false);
    expect(about('pin inps')).toBe(false);
  });

  it('quotes lexemes for a tsquery', () => {
    expect(tsLexeme("d'a")).toBe("'d''a'");
    expect(tsLexeme('inval', true)).toBe("'inval':*");
  });
});

import { CheckDigitizer, Parser, VALIDATOR } from '@marketto/codice-fiscale-utils';
import type { Bilingual } from '../errors.js';

/** Structure of a codice fiscale, omocodia included (letters in place of digits). */
const STRUCTURE = new RegExp(`^(?:${VALIDATOR.CODICE_FISCALE})$`);

export type TaxCodeCheck =
  | { ok: true; value: string }
  | { ok: false; reason: 'length' | 'characters' | 'format' | 'check_letter'; message: Bilingual };

/**
 * Checks an Italian tax code (codice fiscale): 16 characters, letters and digits, the
 * structure of surname, name, birth date, gender and place (omocodia allowed), and the
 * check letter. Spaces are ignored and letters upper-cased.
 */
export function checkTaxCode(input: string): TaxCodeCheck {
  const value = input.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z0-9]*$/.test(value)) {
    return { ok: false, reason: 'characters', message: { it: 'Il codice fiscale contiene solo lettere e cifre.', en: 'A tax code has only letters and digits.' } };
  }
  if (/^\d{11}$/.test(value)) {
    // The provisional tax code (codice fiscale provvisorio): 11 digits, the last a check digit.
    if (provisionalCheckDigit(value.slice(0, 10)) === value[10]) return { ok: true, value };
    return {
      ok: false,
      reason: 'check_letter',
      message: { it: "L'ultima cifra (di controllo) del codice fiscale provvisorio non torna: c'è un errore di battitura.", en: 'The last (check) digit of the provisional tax code does not match: there is a typing error.' },
    };
  }
  if (value.length !== 16) {
    return {
      ok: false,
      reason: 'length',
      message: {
        it: `Il codice fiscale ha 16 caratteri, o 11 cifre se è provvisorio (ne hai scritti ${value.length}).`,
        en: `A tax code has 16 characters, or 11 digits when provisional (you typed ${value.length}).`,
      },
    };
  }
  if (!STRUCTURE.test(value)) {
    return {
      ok: false,
      reason: 'format',
      message: { it: 'Il codice fiscale non ha la forma giusta: controlla lettere e cifre.', en: 'The tax code is not well formed: check its letters and digits.' },
    };
  }
  const expected = CheckDigitizer.checkDigit(value.slice(0, 15));
  if (expected !== value[15]) {
    return {
      ok: false,
      reason: 'check_letter',
      message: { it: "L'ultima lettera (di controllo) del codice fiscale non torna: c'è un errore di battitura.", en: 'The last (check) letter of the tax code does not match: there is a typing error.' },
    };
  }
  return { ok: true, value };
}

/**
 * The check digit of a provisional tax code's first ten digits (the Agenzia delle Entrate's
 * algorithm, the same as a partita IVA's): digits in odd places added, those in even places
 * doubled (less 9 above 9) and added; the check digit brings the sum to a multiple of 10.
 */
export function provisionalCheckDigit(first10: string): string {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = first10.charCodeAt(i) - 48;
    sum += i % 2 === 0 ? d : d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A provisional tax code (11 digits, check digit right). */
export const isProvisionalTaxCode = (value: string): boolean => /^\d{11}$/.test(value) && provisionalCheckDigit(value.slice(0, 10)) === value[10];

/** `RSSMRA85T10A562S` → `RSS•••••••••562S`, `12345678903` → `12•••••••03`: enough to recognise, not to reuse. */
export function maskTaxCode(value: string): string {
  if (value.length === 11) return `${value.slice(0, 2)}${'•'.repeat(7)}${value.slice(9)}`;
  return value.length === 16 ? `${value.slice(0, 3)}${'•'.repeat(9)}${value.slice(12)}` : '•'.repeat(value.length);
}

// Decoding omocodia needs no place names: the parser's place look-up is never called.
const parser = new Parser(undefined as never);

/**
 * One spelling per person: omocodic letters decoded back to digits and the check letter
 * computed again (`RSSMRA85T10A56NH` → `RSSMRA85T10A562S`). Every rule about a person (one
 * booking per desk, look-ups, rate limits) compares these keys; the database computes the
 * same key (tax_code_key, migration 0016). Anything that is not a tax code (a pseudonym
 * after erasure) is its own key.
 */
export function taxCodeKey(value: string): string {
  return STRUCTURE.test(value) ? parser.cfDeomocode(value) : value;
}

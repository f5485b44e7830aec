import { describe, expect, it } from 'vitest';
import { checkTaxCode } from '../../../src/domain/person/tax-code';
import {
  EMPTY_PERSON,
  fieldProblem,
  firstInvalid,
  normalisePhone,
  personPayload,
  serverFieldErrors,
  taxCodeProblem,
  validatePerson,
  type PersonForm,
} from './validation';

const valid: PersonForm = {
  taxCode: 'RSSMRA85T10A562S',
  fullName: 'Mario Rossi',
  phone: '333 123 4567',
  email: '',
  topic: '',
  notes: '',
  consent: true,
};

describe('tax code check (as the server does it)', () => {
  it('accepts a right code, spaces and lower case included, and an omocodia', () => {
    expect(taxCodeProblem('RSSMRA85T10A562S')).toBe(null);
    expect(taxCodeProblem(' rssmra 85t10 a562s ')).toBe(null);
    expect(taxCodeProblem('RSSMRA85T10A56NH')).toBe(null); // omocodia: 2 → N
  });

  it('says why a code is wrong: empty, characters, length, form, check letter', () => {
    expect(taxCodeProblem('')).toBe('required');
    expect(taxCodeProblem('RSSMRA85T10A562-')).toBe('characters');
    expect(taxCodeProblem('RSSMRA85T10A562')).toBe('length');
    expect(taxCodeProblem('1SSMRA85T10A562S')).toBe('format');
    expect(taxCodeProblem('RSSMRA85T10A562T')).toBe('check_letter');
  });

  it('agrees with the server’s domain check on a range of inputs', () => {
    const inputs = ['RSSMRA85T10A562S', 'RSSMRA85T10A562T', 'rssmra85t10a562s', 'RSSMRA85T10A56NH', 'RSSMRA85T10A562', 'RSSMRA85Z10A562S', 'BNCGLL80A01F205X', 'ÀSSMRA85T10A562S'];
    for (const input of inputs) {
      const server = checkTaxCode(input);
      const client = taxCodeProblem(input);
      expect(client, input).toBe(server.ok ? null : server.reason);
    }
  });

  it('gives a message key with the count of characters typed', () => {
    expect(fieldProblem('taxCode', { ...valid, taxCode: 'ABC' })).toEqual({ key: 'form.error.taxCode.length', values: { count: 3 } });
  });
});

describe('phone numbers', () => {
  it('reads numbers without prefix as Italian and keeps foreign ones', () => {
    expect(normalisePhone('333 123 4567')).toBe('+393331234567');
    expect(normalisePhone('02 8562 2000')).toBe('+390285622000');
    expect(normalisePhone('+41 44 668 18 00')).toBe('+41446681800');
    expect(normalisePhone('12')).toBe(null);
    expect(normalisePhone('not a number')).toBe(null);
  });
});

describe('the personal-data form', () => {
  it('lists every problem in field order', () => {
    const errors = validatePerson(EMPTY_PERSON);
    expect(Object.keys(errors)).toEqual(['taxCode', 'fullName', 'phone', 'consent']);
    expect(firstInvalid(errors)).toBe('taxCode');
    expect(validatePerson(valid)).toEqual({});
  });

  it('checks the optional fields only when filled', () => {
    expect(fieldProblem('email', { ...valid, email: 'mario@' })).toEqual({ key: 'form.error.email.invalid' });
    expect(fieldProblem('email', { ...valid, email: 'mario.rossi@example.it' })).toBe(null);
    expect(fieldProblem('notes', { ...valid, notes: 'x'.repeat(501) })?.key).toBe('form.error.notes.long');
    expect(fieldProblem('topic', { ...valid, topic: 'naspi' }, ['naspi', 'altro'])).toBe(null);
    expect(fieldProblem('topic', { ...valid, topic: 'other' }, ['naspi'])).toEqual({ key: 'form.error.topic.unknown' });
    expect(fieldProblem('fullName', { ...valid, fullName: '42' })).toEqual({ key: 'form.error.fullName.letters' });
  });

  it('sends normalised values and leaves empty optional fields out', () => {
    expect(personPayload({ ...valid, taxCode: 'rssmra85t10a562s', fullName: '  Mario   Rossi ', notes: '  ' })).toEqual({
      taxCode: 'RSSMRA85T10A562S',
      fullName: 'Mario Rossi',
      phone: '+393331234567',
    });
    expect(personPayload({ ...valid, email: ' a@b.it ', topic: 'naspi', notes: 'Domanda' })).toMatchObject({ email: 'a@b.it', topic: 'naspi', notes: 'Domanda' });
  });

  it('maps the server’s field problems to the form’s fields, in the page language', () => {
    const fields = [
      { path: 'taxCode', code: 'check_letter', it: 'Lettera di controllo errata', en: 'Wrong check letter' },
      { path: 'hold.id', code: 'x', it: 'a', en: 'b' },
    ];
    expect(serverFieldErrors(fields, 'en')).toEqual({ taxCode: 'Wrong check letter' });
    expect(serverFieldErrors(undefined, 'it')).toEqual({});
  });
});

/**
 * Checks of the personal-data form, the same the server makes (src/domain/person/tax-code.ts,
 * src/domain/contact/phone.ts), so that mistakes show while typing, not after sending.
 * Messages are i18n keys (with their values) under `form.error.*`.
 */
import { isProvisionalTaxCode } from '../../../src/domain/person/tax-code';
import { CheckDigitizer, VALIDATOR } from '@marketto/codice-fiscale-utils';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export interface FieldError {
  /** i18n key, e.g. `form.error.taxCode.length` */
  key: string;
  values?: Record<string, string | number>;
}

export const PERSON_FIELDS = ['taxCode', 'fullName', 'phone', 'email', 'topic', 'notes', 'consent'] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

import type { PersonForm } from './person';

export { EMPTY_PERSON, type PersonForm } from './person';

export const NOTES_MAX = 500;
export const NAME_MAX = 120;
export const EMAIL_MAX = 254;

const TAX_CODE_STRUCTURE = new RegExp(`^(?:${VALIDATOR.CODICE_FISCALE})$`);

/** "rssmra 85t10 a562s" → "RSSMRA85T10A562S" */
export function normaliseTaxCode(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export type TaxCodeReason = 'required' | 'characters' | 'length' | 'format' | 'check_letter';

/** Why a tax code is wrong (the server's codes), or null when it is right. */
export function taxCodeProblem(input: string): TaxCodeReason | null {
  const value = normaliseTaxCode(input);
  if (value === '') return 'required';
  if (!/^[A-Z0-9]*$/.test(value)) return 'characters';
  // The provisional tax code: 11 digits, the last a check digit (src/domain/person/tax-code.ts).
  if (/^\d{11}$/.test(value)) return isProvisionalTaxCode(value) ? null : 'check_letter';
  if (value.length !== 16) return 'length';
  if (!TAX_CODE_STRUCTURE.test(value)) return 'format';
  if (CheckDigitizer.checkDigit(value.slice(0, 15)) !== value[15]) return 'check_letter';
  return null;
}

/** A phone number in E.164, read as Italian when it has no country prefix; null if invalid. */
export function normalisePhone(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), 'IT');
  return parsed && parsed.isValid() ? parsed.number : null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** The problem of one field, or null. `topics`: the keys the desk offers (empty: none asked). */
export function fieldProblem(field: PersonField, form: PersonForm, topics: readonly string[] = []): FieldError | null {
  switch (field) {
    case 'taxCode': {
      const reason = taxCodeProblem(form.taxCode);
      if (!reason) return null;
      return reason === 'length'
        ? { key: 'form.error.taxCode.length', values: { count: normaliseTaxCode(form.taxCode).length } }
        : { key: `form.error.taxCode.${reason}` };
    }
    case 'fullName': {
      const name = form.fullName.trim();
      if (name === '') return { key: 'form.error.fullName.required' };
      if (name.length > NAME_MAX) return { key: 'form.error.fullName.long', values: { max: NAME_MAX } };
      if (!/\p{L}.*\p{L}/u.test(name)) return { key: 'form.error.fullName.letters' };
      return null;
    }
    case 'phone':
      if (form.phone.trim() === '') return { key: 'form.error.phone.required' };
      return normalisePhone(form.phone) ? null : { key: 'form.error.phone.invalid' };
    case 'email': {
      const email = form.email.trim();
      if (email === '') return null;
      if (email.length > EMAIL_MAX || !EMAIL.test(email)) return { key: 'form.error.email.invalid' };
      return null;
    }
    case 'topic':
      if (topics.length === 0 || form.topic === '') return null;
      return topics.includes(form.topic) ? null : { key: 'form.error.topic.unknown' };
    case 'notes':
      return form.notes.length > NOTES_MAX ? { key: 'form.error.notes.long', values: { max: NOTES_MAX, count: form.notes.length } } : null;
    case 'consent':
      return form.consent ? null : { key: 'form.error.consent.required' };
  }
}

export type FormErrors = Partial<Record<PersonField, FieldError>>;

/** Every problem of the form, in the order of its fields. */
export function validatePerson(form: PersonForm, topics: readonly string[] = []): FormErrors {
  const errors: FormErrors = {};
  for (const field of PERSON_FIELDS) {
    const problem = fieldProblem(field, form, topics);
    if (problem) errors[field] = problem;
  }
  return errors;
}

export function firstInvalid(errors: FormErrors): PersonField | null {
  return PERSON_FIELDS.find((f) => errors[f]) ?? null;
}

/** What the API receives for a valid form (trimmed, normalised; empty optional fields left out). */
export function personPayload(form: PersonForm): {
  taxCode: string;
  fullName: string;
  phone: string;
  email?: string;
  topic?: string;
  notes?: string;
} {
  const email = form.email.trim();
  const notes = form.notes.trim();
  return {
    taxCode: normaliseTaxCode(form.taxCode),
    fullName: form.fullName.trim().replace(/\s+/g, ' '),
    phone: normalisePhone(form.phone) ?? form.phone.trim(),
    ...(email ? { email } : {}),
    ...(form.topic ? { topic: form.topic } : {}),
    ...(notes ? { notes } : {}),
  };
}

/** Field problems sent back by the server (`fields[].path`), keyed by form field. */
export function serverFieldErrors(
  fields: readonly { path: string; code: string; it?: string; en?: string }[] | undefined,
  lang: 'it' | 'en',
): Partial<Record<PersonField, string>> {
  const out: Partial<Record<PersonField, string>> = {};
  for (const f of fields ?? []) {
    const field = f.path.split('.')[0] as PersonField;
    if ((PERSON_FIELDS as readonly string[]).includes(field) && !out[field]) out[field] = f[lang] ?? f.it ?? f.code;
  }
  return out;
}

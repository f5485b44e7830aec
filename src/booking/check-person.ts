import { normalisePhone } from '../domain/contact/phone.js';
import { checkTaxCode } from '../domain/person/tax-code.js';
import { bookingErrors } from './errors.js';

export interface PersonInput {
  taxCode: string;
  fullName: string;
  phone: string;
  email?: string | undefined;
  topic?: string | undefined;
  notes?: string | undefined;
  language: 'it' | 'en';
  consent: boolean;
}

export interface Person {
  taxCode: string;
  fullName: string;
  phone: string;
  email: string | null;
  topic: string | null;
  notes: string | null;
  language: 'it' | 'en';
}

/** Checks what a citizen typed: tax code (check letter, omocodia), phone (E.164), topic, consent. */
export function checkPerson(input: PersonInput, topics: readonly string[]): Person {
  const taxCode = checkedTaxCode(input.taxCode);
  const phone = normalisePhone(input.phone);
  if (!phone) throw bookingErrors.invalidPhone();
  if (input.topic && topics.length > 0 && !topics.includes(input.topic)) throw bookingErrors.unknownTopic();
  if (!input.consent) throw bookingErrors.consentRequired();
  return {
    taxCode,
    fullName: input.fullName.trim().replace(/\s+/g, ' '),
    phone,
    email: input.email?.trim() ? input.email.trim().toLowerCase() : null,
    topic: input.topic ?? null,
    notes: input.notes?.trim() ? input.notes.trim() : null,
    language: input.language,
  };
}

export function checkedTaxCode(input: string): string {
  const check = checkTaxCode(input);
  if (!check.ok) throw bookingErrors.invalidTaxCode(check.reason, check.message);
  return check.value;
}

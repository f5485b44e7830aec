import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js';

export type PhoneProblem = 'required' | 'characters' | 'too_short' | 'too_long' | 'invalid';

/**
 * What is wrong with a phone number (read as Italian without a prefix), or null. `typing`:
 * the agent is still typing, so a number that is merely too short is not (yet) an error.
 */
export function phoneProblem(input: string, typing: boolean): PhoneProblem | null {
  const raw = input.trim();
  if (raw === '') return typing ? null : 'required';
  if (!/^\+?[\d\s./()-]+$/.test(raw)) return 'characters';
  const length = validatePhoneNumberLength(raw, 'IT');
  if (length === 'TOO_SHORT') return typing ? null : 'too_short';
  if (length === 'TOO_LONG') return 'too_long';
  if (length) return 'invalid';
  const parsed = parsePhoneNumberFromString(raw, 'IT');
  return parsed?.isValid() ? null : 'invalid';
}

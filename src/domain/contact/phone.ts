import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number in E.164 (`+390285622000`), or null when it is not a valid number.
 * Numbers written without a country prefix are read as Italian.
 */
export function normalisePhone(input: string, defaultCountry: CountryCode = 'IT'): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/**
 * Masks personal data in free text: Italian tax codes, phone numbers, e-mail addresses.
 * Used by the log serializers and redaction (never log a citizen's data in clear) and
 * wherever a value is shown to someone who only needs to recognise it.
 */

// Codice fiscale, omocodia included (digits may be replaced by L M N P Q R S T U V).
const TAX_CODE = /(?<![A-Za-z0-9])(?:TINIT-)?[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z](?![A-Za-z0-9])/g;
const EMAIL = /(?<![\w.+-])([\w.+-])[\w.+-]*(?:@|%40)([\w-]+(?:\.[\w-]+)+)/gi;
// +39…, 0039…, or 9 to 15 digits, optionally spaced; not part of a longer token (uuids, dates).
const PHONE = /(?<![\w\-/:.])(?:\+|%2B|00)?\d(?:[ .]?\d){7,14}(?![\w\-/:])/gi;

export function maskTaxCodeText(code: string): string {
  const bare = code.replace(/^TINIT-/i, '');
  return `${bare.slice(0, 3).toUpperCase()}${'*'.repeat(12)}${bare.slice(15).toUpperCase()}`;
}

export function maskEmail(email: string): string {
  return email.replace(EMAIL, (_, first: string, domain: string) => `${first}***@${domain}`);
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `${phone.trim().startsWith('+') ? '+' : ''}${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}

export function maskPersonalData(text: string): string {
  if (typeof text !== 'string' || text.length < 5) return text;
  return text
    .replace(TAX_CODE, (m) => maskTaxCodeText(m))
    .replace(EMAIL, (_, first: string, domain: string) => `${first}***@${domain}`)
    .replace(PHONE, (m) => maskPhone(decodeURIComponent(m)));
}

/**
 * Copy of a value with every string masked: plain objects and arrays, depth-limited.
 * Instances of classes (requests, errors, dates…) are left as they are, for their serializers.
 */
export function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskDeep(v, depth + 1);
  return out;
}

/**
 * What an attachment may be, pure: the accepted types (read from the content, never from the
 * name), the name rules, and the signs of an archive hidden inside an accepted file.
 */
import type { FieldProblem } from '../errors.js';

export const ACCEPTED_TYPES = {
  'application/pdf': { ext: 'pdf', names: ['pdf'] },
  'image/jpeg': { ext: 'jpg', names: ['jpg', 'jpeg'] },
  'image/png': { ext: 'png', names: ['png'] },
  'application/pkcs7-mime': { ext: 'p7m', names: ['p7m'] },
} as const;
export type AcceptedType = keyof typeof ACCEPTED_TYPES;

export const MAX_FILES_PER_MESSAGE = 5;
export const MAX_NAME_LENGTH = 120;

export function isAcceptedType(t: string): t is AcceptedType {
  return Object.prototype.hasOwnProperty.call(ACCEPTED_TYPES, t);
}

/**
 * A name as given by the sender: refused when it carries a path (`../`, `/`, `\`), control
 * characters or starts with a dot; otherwise cleaned (characters other than letters, digits,
 * space, `.`, `_`, `-`, `(`, `)` become `_`) and cut to 120 characters keeping the extension.
 * Returns null when refused.
 */
export function cleanFileName(raw: string): string | null {
  const name = raw.normalize('NFC');
  // eslint-disable-next-line no-control-regex
  if (!name || /[/\\\u0000-\u001f\u007f]/.test(name) || name.startsWith('.') || name.includes('..')) return null;
  let clean = name.replace(/[^\p{L}\p{N} ._()-]/gu, '_').replace(/\s+/g, ' ').trim();
  if (!clean || clean.startsWith('.')) return null;
  if (clean.length > MAX_NAME_LENGTH) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 6 ? clean.slice(dot) : '';
    clean = clean.slice(0, MAX_NAME_LENGTH - ext.length) + ext;
  }
  return clean;
}

/** The extension of a name, lower case ('' when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Does the name's extension contradict the type read from the content? (no extension: no contradiction) */
export function nameContradictsType(name: string, type: AcceptedType): boolean {
  const ext = extensionOf(name);
  if (!ext) return false;
  return !(ACCEPTED_TYPES[type].names as readonly string[]).includes(ext);
}

/** The stored name: the cleaned name, with the type's extension added when it has none. */
export function storedName(clean: string, type: AcceptedType): string {
  return extensionOf(clean) ? clean : `${clean.slice(0, MAX_NAME_LENGTH - 4)}.${ACCEPTED_TYPES[type].ext}`;
}

const OID_SIGNED_DATA = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);

/** A CMS SignedData (.p7m) in DER: a SEQUENCE whose first element is the signedData OID. */
export function isP7m(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || bytes[0] !== 0x30) return false;
  const head = Buffer.from(bytes.subarray(0, 24));
  const at = head.indexOf(OID_SIGNED_DATA);
  return at >= 2 && at <= 6;
}

/**
 * An archive or an embedded file inside an accepted file (a zip appended to an image, a
 * zip signed as .p7m, a PDF carrying attachments): a reason, or null.
 */
export function hiddenContent(bytes: Uint8Array, type: AcceptedType): string | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // ZIP local file header: PK 03 04, then "version needed" (≤ 6.3) and a zero high byte.
  for (let i = b.indexOf('PK\u0003\u0004', 0, 'latin1'); i !== -1; i = b.indexOf('PK\u0003\u0004', i + 1, 'latin1')) {
    if (i + 6 <= b.length && b[i + 4]! <= 63 && b[i + 5] === 0) return 'zip';
  }
  if (b.indexOf('Rar!\u001a\u0007', 0, 'latin1') !== -1) return 'rar';
  if (b.indexOf(Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) !== -1) return '7z';
  if (type === 'application/pdf' && (b.indexOf('/EmbeddedFile', 0, 'latin1') !== -1 || b.indexOf('/Filespec', 0, 'latin1') !== -1)) return 'pdf-embedded-file';
  return null;
}

export function fileProblem(index: number, code: string, it: string, en: string): FieldProblem {
  return { path: `files[${index}]`, code, it, en };
}

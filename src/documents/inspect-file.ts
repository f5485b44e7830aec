/**
 * One uploaded file checked as a whole before anything is stored: the name (no path), the
 * type read from the content (file-type; P7M by its DER envelope), no contradiction between
 * name and content, no archive hidden inside, its SHA-256, and the antivirus when configured.
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../domain/errors.js';
import {
  cleanFileName, fileProblem, hiddenContent, isAcceptedType, isP7m, nameContradictsType, storedName, type AcceptedType,
} from '../domain/documents/attachment.js';
import { scanWithClamd } from './clamd.js';
import type { DocumentStore } from './store.js';

export interface UploadedFile {
  /** Position among the files of the request (for the problem's path). */
  index: number;
  name: string;
  bytes: Buffer;
}

export interface CheckedFile {
  name: string;
  mediaType: AcceptedType;
  size: number;
  sha256: string;
  scannedBy: 'clamav' | 'none';
  bytes: Buffer;
}

export interface DocumentSettings {
  maxBytes: number;
  clamdUrl?: string | undefined;
  /** Where the bytes go (default: PostgreSQL). */
  store?: DocumentStore | undefined;
}

const refused = (status: number, code: string, it: string, en: string, index: number, fit: string, fen: string) =>
  new AppError(status, code, { it: `${it} Nessun documento è stato salvato.`, en: `${en} No document was stored.` }, [fileProblem(index, code, fit, fen)]);

async function typeOf(bytes: Buffer): Promise<string | undefined> {
  if (isP7m(bytes)) return 'application/pkcs7-mime';
  return (await fileTypeFromBuffer(bytes))?.mime;
}

export async function inspectFile(f: UploadedFile, s: DocumentSettings): Promise<CheckedFile> {
  const clean = cleanFileName(f.name);
  if (!clean) {
    throw refused(422, 'bad_file_name', 'Il nome di un file non è accettabile (percorsi, caratteri di controllo, nomi nascosti).',
      'A file name is not acceptable (paths, control characters, hidden names).', f.index, 'Nome non valido.', 'Invalid name.');
  }
  if (f.bytes.length === 0) throw refused(422, 'empty_file', 'Un file è vuoto.', 'A file is empty.', f.index, 'File vuoto.', 'Empty file.');
  if (f.bytes.length > s.maxBytes) {
    throw refused(413, 'file_too_large', `Un file supera il limite di ${Math.floor(s.maxBytes / 1048576)} MB.`,
      `A file exceeds the ${Math.floor(s.maxBytes / 1048576)} MB limit.`, f.index, 'Troppo grande.', 'Too large.');
  }
  const type = await typeOf(f.bytes);
  if (!type || !isAcceptedType(type)) {
    throw refused(415, 'file_type_not_allowed', 'Sono accettati solo documenti PDF, JPEG, PNG e P7M (il tipo è letto dal contenuto, non dal nome).',
      'Only PDF, JPEG, PNG and P7M documents are accepted (the type is read from the content, not the name).', f.index,
      'Tipo non ammesso.', 'Type not allowed.');
  }
  if (nameContradictsType(clean, type)) {
    throw refused(415, 'file_type_mismatch', "L'estensione del nome di un file non corrisponde al suo contenuto.",
      "A file name's extension does not match its content.", f.index, 'Estensione e contenuto non corrispondono.', 'Extension and content differ.');
  }
  const hidden = hiddenContent(f.bytes, type);
  if (hidden) {
    throw refused(422, 'nested_archive', 'Un file contiene un archivio o allegati al suo interno: invia i documenti uno per uno.',
      'A file holds an archive or attachments inside it: send the documents one by one.', f.index, 'Contenuto nascosto.', 'Hidden content.');
  }
  let scannedBy: CheckedFile['scannedBy'] = 'none';
  if (s.clamdUrl) {
    const scan = await scanWithClamd(s.clamdUrl, f.bytes);
    if (!scan.clean) {
      throw refused(422, 'file_infected', "L'antivirus ha rilevato un contenuto pericoloso in un file.",
        'The antivirus found dangerous content in a file.', f.index, 'Contenuto pericoloso.', 'Dangerous content.');
    }
    scannedBy = 'clamav';
  }
  return {
    name: storedName(clean, type),
    mediaType: type,
    size: f.bytes.length,
    sha256: createHash('sha256').update(f.bytes).digest('hex'),
    scannedBy,
    bytes: f.bytes,
  };
}

/** Every file checked, in order; the first refusal stops all (nothing is stored). */
export async function inspectFiles(files: readonly UploadedFile[], s: DocumentSettings): Promise<CheckedFile[]> {
  const out: CheckedFile[] = [];
  for (const f of files) out.push(await inspectFile(f, s));
  return out;
}

/**
 * A multipart/form-data request read whole before anything is decided: its text fields
 * (named, guarded like every other input) and its files (`files`, at most 5, each at most
 * the size limit). Every limit crossed is a problem+json with a stable code.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import { MAX_FILES_PER_MESSAGE } from '../domain/documents/attachment.js';
import { guardInput } from '../platform/input-guard.js';
import type { UploadedFile } from './inspect-file.js';

export interface Upload {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/** The limits given to @fastify/multipart for a route that takes attachments. */
export function multipartLimits(maxBytes: number) {
  return { fileSize: maxBytes, files: MAX_FILES_PER_MESSAGE, fields: 10, fieldSize: 20_000, parts: MAX_FILES_PER_MESSAGE + 10, headerPairs: 50 };
}

const NOTHING = { it: 'Nessun documento è stato salvato.', en: 'No document was stored.' };

function uploadError(err: unknown, maxBytes: number): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError(413, 'file_too_large', {
        it: `Un file supera il limite di ${Math.floor(maxBytes / 1048576)} MB. ${NOTHING.it}`,
        en: `A file exceeds the ${Math.floor(maxBytes / 1048576)} MB limit. ${NOTHING.en}`,
      });
    case 'FST_FILES_LIMIT':
      return new AppError(422, 'too_many_files', {
        it: `Al massimo ${MAX_FILES_PER_MESSAGE} documenti per messaggio. ${NOTHING.it}`,
        en: `At most ${MAX_FILES_PER_MESSAGE} documents per message. ${NOTHING.en}`,
      });
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError(422, 'too_many_parts', { it: `Il modulo inviato ha troppe parti. ${NOTHING.it}`, en: `The form sent has too many parts. ${NOTHING.en}` });
    case 'FST_PROTO_VIOLATION':
      return new AppError(400, 'bad_request', { it: 'Richiesta non valida.', en: 'Bad request.' });
    default:
      return new AppError(400, 'bad_upload', { it: `Il modulo inviato non è leggibile. ${NOTHING.it}`, en: `The form sent cannot be read. ${NOTHING.en}` });
  }
}

/** Reads the whole request; `fieldNames`: the text fields this route takes (others: 400). */
export async function readUpload(req: FastifyRequest, fieldNames: readonly string[], maxBytes: number): Promise<Upload> {
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'files') {
          part.file.resume();
          throw new AppError(400, 'unknown_field', { it: 'I documenti vanno inviati nel campo "files".', en: 'Documents go in the "files" field.' },
            [{ path: part.fieldname.slice(0, 40), code: 'unknown_field', it: 'Campo sconosciuto.', en: 'Unknown field.' }]);
        }
        const bytes = await part.toBuffer();
        files.push({ index: files.length, name: part.filename, bytes });
      } else {
        if (!fieldNames.includes(part.fieldname) || typeof part.value !== 'string') {
          throw new AppError(400, 'unknown_field', { it: 'Il modulo contiene un campo sconosciuto.', en: 'The form holds an unknown field.' },
            [{ path: part.fieldname.slice(0, 40), code: 'unknown_field', it: 'Campo sconosciuto.', en: 'Unknown field.' }]);
        }
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    throw uploadError(err, maxBytes);
  }
  const names = files.map((f) => f.name);
  return { fields: guardInput(fields, 'body') as Record<string, string>, files: files.map((f, i) => ({ ...f, name: names[i]! })) };
}

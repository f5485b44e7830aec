/**
 * Where a document's bytes live: in PostgreSQL (the row's `content`, the default: works with
 * the embedded database and no setup), or in an S3-compatible object store when DOCUMENTS_S3_*
 * is configured (the row keeps `object_key`). Every document row says which (`storage`).
 *
 * Objects are written before the database transaction that records them commits, under a
 * random key; if that transaction fails the caller removes them (`discard`), so an object
 * without its row is only left by a crash between the two — never a row without its object.
 */
import { randomUUID } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AppError } from '../domain/errors.js';
import type { CheckedFile } from './inspect-file.js';

export interface S3Settings {
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** Path-style addresses (http://host/bucket/key): needed by most self-hosted servers (MinIO, s3rver…). */
  forcePathStyle: boolean;
  /** Key prefix inside the bucket. */
  prefix: string;
}

/** Where one document went: the columns of its row. */
export interface Placed {
  storage: 'db' | 's3';
  content: Buffer | null;
  objectKey: string | null;
}

export interface DocumentStore {
  readonly kind: 'db' | 's3';
  /** Stores the bytes (S3) or hands them to the row (db). */
  place(file: CheckedFile, folder: string): Promise<Placed>;
  /** The bytes of a stored document. */
  read(row: { storage: string; content: Buffer | Uint8Array | null; objectKey: string | null }): Promise<Buffer>;
  /** Removes objects whose rows were not written (the transaction failed). */
  discard(placed: readonly Placed[]): Promise<void>;
}

export const databaseStore: DocumentStore = {
  kind: 'db',
  async place(file) {
    return { storage: 'db', content: file.bytes, objectKey: null };
  },
  async read(row) {
    if (row.storage !== 'db' || !row.content) throw new Error(`document stored in ${row.storage}, but no object store is configured`);
    return Buffer.from(row.content);
  },
  async discard() {},
};

export function s3Store(s: S3Settings): DocumentStore {
  const client = new S3Client({
    region: s.region,
    forcePathStyle: s.forcePathStyle,
    // Checksums only where S3 requires them: self-hosted S3-compatible servers do not all read the SDK's trailing checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    ...(s.accessKeyId && s.secretAccessKey ? { credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } } : {}),
  });
  const prefix = s.prefix ? `${s.prefix.replace(/\/+$/, '')}/` : '';
  return {
    kind: 's3',
    async place(file, folder) {
      const key = `${prefix}${folder}/${randomUUID()}`;
      await client.send(new PutObjectCommand({
        Bucket: s.bucket, Key: key, Body: file.bytes, ContentType: file.mediaType, ContentLength: file.size,
        Metadata: { sha256: file.sha256 },
      }));
      return { storage: 's3', content: null, objectKey: key };
    },
    async read(row) {
      if (row.storage === 'db' && row.content) return Buffer.from(row.content);
      if (!row.objectKey) throw new Error('document row without its object key');
      const r = await client.send(new GetObjectCommand({ Bucket: s.bucket, Key: row.objectKey }));
      if (!r.Body) throw new Error(`object ${row.objectKey} has no body`);
      return Buffer.from(await r.Body.transformToByteArray());
    },
    async discard(placed) {
      await Promise.all(placed.filter((p) => p.objectKey).map((p) =>
        client.send(new DeleteObjectCommand({ Bucket: s.bucket, Key: p.objectKey! })).catch(() => undefined)));
    },
  };
}

/** Places every file; if one fails, the ones already placed are discarded and the error goes on. */
export async function placeAll(store: DocumentStore, files: readonly CheckedFile[], folder: string): Promise<Placed[]> {
  const placed: Placed[] = [];
  try {
    for (const f of files) placed.push(await store.place(f, folder));
  } catch (err) {
    await store.discard(placed);
    throw storageUnavailable(err);
  }
  return placed;
}

/** The object store did not take or give a document: 503, nothing recorded. */
export function storageUnavailable(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError(503, 'storage_unavailable', {
    it: 'L’archivio dei documenti non risponde: nessun documento è stato salvato. Riprova tra poco.',
    en: 'The document store does not answer: no document was stored. Try again shortly.',
  });
}

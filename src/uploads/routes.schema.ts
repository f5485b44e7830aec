import { z } from 'zod';

const uuid = z.string().uuid();
/** The link's token: 24 random bytes in base64url. */
export const token = z.string().regex(/^[A-Za-z0-9_-]{32}$/).describe('the token of the upload link (after # in the link)');

export const linkParams = z.strictObject({ id: uuid });
export const tokenBody = z.strictObject({ token });
export const uploadFields = z.strictObject({ token });
export const idParams = z.strictObject({ id: uuid });

const bilingual = z.object({ it: z.string(), en: z.string() });

export const linkView = z.object({
  state: z.enum(['open', 'used', 'expired']),
  code: z.string(),
  desk: z.string(),
  deskEn: z.string(),
  office: z.string(),
  documents: z.array(bilingual),
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
  received: z.number().int(),
  maxFiles: z.number().int(),
  maxBytes: z.number().int(),
});

export const received = z.object({
  receivedAt: z.string(),
  files: z.array(z.object({ name: z.string(), mediaType: z.string(), size: z.number().int(), sha256: z.string() })),
});

export const bookingDocuments = z.object({
  link: z.object({ createdAt: z.string(), expiresAt: z.string(), usedAt: z.string().nullable(), noticeSentAt: z.string().nullable() }).nullable(),
  items: z.array(z.object({
    id: z.string(), name: z.string(), mediaType: z.string(), size: z.number().int(), sha256: z.string(), scannedBy: z.string(), receivedAt: z.string(),
  })),
});

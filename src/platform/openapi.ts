import { z } from 'zod';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('stable machine-readable code'),
    messages: z.object({ it: z.string(), en: z.string() }),
    fields: z
      .array(z.object({ path: z.string(), line: z.number().int().optional(), code: z.string(), it: z.string(), en: z.string() }))
      .optional(),
    requestId: z.string().optional().describe("the request's id (X-Request-Id), as in the server's logs"),
  })
  .describe('application/problem+json');

/** An id in a path or a body: our ids are UUIDs (anything else is a 400, not a 404). */
export const uuidSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'expected an id' });

/** Response entries for the documented error statuses of a route. */
export function problemResponses(...statuses: number[]): Record<number, typeof problemSchema> {
  return Object.fromEntries(statuses.map((s) => [s, problemSchema]));
}

/** The years a date or an instant of the API may fall in; anything else is a typo or an attack. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
const yearInRange = (s: string): boolean => {
  const year = Number(s.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
};
const rangeMessage = `expected a year between ${MIN_YEAR} and ${MAX_YEAR}`;

/** A calendar day, YYYY-MM-DD, that exists (not 2026-02-30 nor 2026-13-01), in 2000–2100. */
export const localDateSchema = z.iso
  .date({ message: 'expected a real date YYYY-MM-DD' })
  .refine(yearInRange, { message: rangeMessage })
  .describe('YYYY-MM-DD (Europe/Rome), a real date between 2000 and 2100');

/** An instant, ISO 8601 with an offset (Z or ±hh:mm), in 2000–2100 (UTC). */
export const instantSchema = z.iso
  .datetime({ offset: true, message: 'expected an ISO 8601 instant with offset' })
  .refine((s) => {
    const t = Date.parse(s);
    return Number.isFinite(t) && t >= Date.UTC(MIN_YEAR, 0, 1) && t < Date.UTC(MAX_YEAR + 1, 0, 1);
  }, { message: rangeMessage })
  .describe('ISO 8601 with offset, e.g. 2026-12-01T08:30:00+01:00, between 2000 and 2100');

/** A day or an instant (filters that accept both, e.g. the audit log's from/to). */
export const dateOrInstantSchema = z.union([localDateSchema, instantSchema]);

/** A holiday: every year on MM-DD (02-29 allowed) or once on YYYY-MM-DD; a date that exists. */
export const holidayDateSchema = z
  .string()
  .regex(/^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'expected MM-DD or YYYY-MM-DD' })
  .refine((s) => {
    if (s.length === 10) return localDateSchema.safeParse(s).success;
    const [m, d] = s.split('-').map(Number) as [number, number];
    return d <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  }, { message: 'expected a date that exists' });

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
  })
  .describe('application/problem+json');

/** An id in a path or a body: our ids are UUIDs (anything else is a 400, not a 404). */
export const uuidSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'expected an id' });

/** Response entries for the documented error statuses of a route. */
export function problemResponses(...statuses: number[]): Record<number, typeof problemSchema> {
  return Object.fromEntries(statuses.map((s) => [s, problemSchema]));
}

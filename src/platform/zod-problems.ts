import type { z } from 'zod';
import type { FieldProblem } from '../domain/errors.js';

/** Formats a zod issue path as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

/** Turns zod issues into field problems with Italian and English messages. */
export function zodProblems(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldProblem[] {
  return error.issues.map((issue) => issueProblem(issue, prefix));
}

/** One zod issue as a field problem; a custom issue may carry `params: { code, it }`. */
export function issueProblem(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): FieldProblem {
  const path = formatPath([...prefix, ...issue.path]);
  const custom = (issue as { params?: { it?: string; code?: string } }).params;
  if (custom?.it) return { path, code: custom.code ?? 'invalid', it: custom.it, en: issue.message };
  return { path, code: issue.code, ...describe(issue) };
}

function describe(issue: z.core.$ZodIssue): { it: string; en: string } {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { it: 'Campo obbligatorio mancante.', en: 'Required field is missing.' }
        : { it: `Tipo non valido: atteso ${issue.expected}.`, en: `Invalid type: expected ${issue.expected}.` };
    case 'too_small':
      return issue.origin === 'string'
        ? { it: `Troppo corto: almeno ${issue.minimum} caratteri.`, en: `Too short: at least ${issue.minimum} characters.` }
        : issue.origin === 'array'
          ? { it: `Servono almeno ${issue.minimum} elementi.`, en: `At least ${issue.minimum} items are needed.` }
          : { it: `Valore troppo piccolo: minimo ${issue.minimum}.`, en: `Value too small: minimum ${issue.minimum}.` };
    case 'too_big':
      return issue.origin === 'string'
        ? { it: `Troppo lungo: al massimo ${issue.maximum} caratteri.`, en: `Too long: at most ${issue.maximum} characters.` }
        : issue.origin === 'array'
          ? { it: `Al massimo ${issue.maximum} elementi.`, en: `At most ${issue.maximum} items.` }
          : { it: `Valore troppo grande: massimo ${issue.maximum}.`, en: `Value too large: maximum ${issue.maximum}.` };
    case 'invalid_format':
      return { it: 'Formato non valido.', en: issue.message.startsWith('expected') ? `Invalid format: ${issue.message}.` : 'Invalid format.' };
    case 'invalid_value':
      return {
        it: `Valore non ammesso: usa uno di ${issue.values.map(String).join(', ')}.`,
        en: `Value not allowed: use one of ${issue.values.map(String).join(', ')}.`,
      };
    case 'unrecognized_keys':
      return { it: `Campi sconosciuti: ${issue.keys.join(', ')}.`, en: `Unknown fields: ${issue.keys.join(', ')}.` };
    default:
      return { it: 'Valore non valido.', en: issue.message || 'Invalid value.' };
  }
}

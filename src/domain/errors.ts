/** A message shown to people: Italian first, English beside it. */
export interface Bilingual {
  it: string;
  en: string;
}

/** A problem with one field of an input (form, file, query). */
export interface FieldProblem extends Bilingual {
  /** Where: a JSON path such as `offices[3].desks[0].weekly[1].to`, or a CSV column. */
  path: string;
  /** Line of the input file, when the input is a file with lines. */
  line?: number;
  /** Stable machine-readable reason, e.g. `too_small`, `slot_length_not_dividing`. */
  code: string;
}

/**
 * An expected failure with a stable code, an HTTP-like status and a message in both
 * languages. The HTTP layer turns it into application/problem+json; the CLI prints it.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: Bilingual,
    readonly fields: FieldProblem[] = [],
    /** Extra members of the problem document, e.g. `{ opensAt }`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(messages.en);
    this.name = 'AppError';
  }

  with(extra: Record<string, unknown>): AppError {
    return new AppError(this.status, this.code, this.messages, this.fields, { ...this.extra, ...extra });
  }
}

/** 404 with a whole sentence in each language, e.g. `{ it: 'Sede non trovata.', en: 'Office not found.' }`. */
export const notFound = (messages: Bilingual): AppError => new AppError(404, 'not_found', messages);

export const invalidInput = (fields: FieldProblem[], messages?: Bilingual): AppError =>
  new AppError(
    messages ? 422 : 400,
    'invalid_input',
    messages ?? {
      it: 'Alcuni dati non sono validi: correggi i campi indicati.',
      en: 'Some data is not valid: correct the fields listed.',
    },
    fields,
  );

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

/** Error.stackTraceLimit while an expected failure is made (restored by its constructor). */
let savedStackLimit = Error.stackTraceLimit;
const withoutStack = (message: string): string => {
  savedStackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return message;
};

/**
 * An expected failure with a stable code, an HTTP-like status and a message in both
 * languages. The HTTP layer turns it into application/problem+json; the CLI prints it.
 *
 * An answer the caller is owed (status below 500: a full slot, a refused hold) is made without
 * a stack trace: nobody reads it, and on a release morning tens of thousands of them are made
 * (capturing the stacks cost ~2 % of the server's CPU). A 5xx keeps its stack.
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
    super(status < 500 ? withoutStack(messages.en) : messages.en);
    if (status < 500) Error.stackTraceLimit = savedStackLimit;
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

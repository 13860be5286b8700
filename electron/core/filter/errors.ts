// Filter-language diagnostics. Parsing and compiling never throw to the caller: they return a
// FilterResult. A FilterError is an AppError (code PARSE_ERROR, so it crosses IPC as is) that also
// says which characters of the filter text are wrong: `offset` is the 0-based column of the
// offending token and `length` its width (0 = a point, e.g. "expected a value" at the end).
import type { AppError } from '../../common/result';

export interface FilterError extends AppError {
  code: 'PARSE_ERROR';
  offset: number;
  length: number;
}

export type FilterResult<T> = { ok: true; value: T } | { ok: false; error: FilterError };

/** Thrown inside the parser/compiler only; the public entry points catch it and return a value. */
export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly length: number,
  ) {
    super(message);
  }

  toFilterError(): FilterError {
    return { code: 'PARSE_ERROR', message: this.message, offset: this.offset, length: this.length };
  }
}

/** Runs `body`, turning a FilterSyntaxError into an error value (anything else is a bug: rethrown). */
export function catchFilterError<T>(body: () => T): FilterResult<T> {
  try {
    return { ok: true, value: body() };
  } catch (e) {
    if (e instanceof FilterSyntaxError) return { ok: false, error: e.toFilterError() };
    throw e;
  }
}

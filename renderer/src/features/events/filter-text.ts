// Building filter text from what the user clicked: a cell's value as a filter-language literal, an
// "include"/"exclude" clause added to the current filter, and the time range dragged on the timeline.
// Values are quoted so that the filter means exactly the value shown (docs/filter-language.md).

/** A string literal: backslashes and double quotes escaped, so the text matches itself exactly. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A literal for a property value: numbers as they are, everything else as exact text. */
export function literal(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return quote(typeof value === 'string' ? value : JSON.stringify(value));
}

/** `current and clause` (parenthesized when the current filter has an `or` at its top). */
export function addClause(current: string, clause: string): string {
  const text = current.trim();
  if (text === '') return clause;
  return /\bor\b|\|\|/i.test(text) ? `(${text}) and ${clause}` : `${text} and ${clause}`;
}

/** Seconds since the trace start as a duration literal exact to 100 ns. */
export function secondsLiteral(ticks: number): string {
  return `${(Math.max(0, ticks) / 1e7).toFixed(7).replace(/\.?0+$/, '') || '0'}s`;
}

/** The clause for a time range [from, to) in ticks. */
export function timeRangeClause(fromTicks: number, toTicks: number): string {
  return `time >= ${secondsLiteral(fromTicks)} and time < ${secondsLiteral(toTicks)}`;
}

/** The filter a view runs: the user's text, then the timeline's range. Returns the user text's offset in it. */
export function effectiveFilter(
  user: string,
  range: { fromTicks: number; toTicks: number } | undefined,
): { text: string; userOffset: number } {
  if (!range) return { text: user, userOffset: 0 };
  const clause = timeRangeClause(range.fromTicks, range.toTicks);
  if (user.trim() === '') return { text: clause, userOffset: 0 };
  return { text: `(${user}) and ${clause}`, userOffset: 1 };
}

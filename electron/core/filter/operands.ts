// Checks a comparison's operator and literals against its field's type and converts the literals,
// with errors that point at the operator or the literal. Shared by the header-field and
// decoded-field compilers.
import type { Comparison, CompareOp, Literal, RegexLiteral } from './ast';
import { FilterSyntaxError } from './errors';
import type { FieldInfo } from './fields';
import { parseInteger } from './literals';

const OPS_BY_TYPE: Readonly<Record<FieldInfo['type'], readonly CompareOp[]>> = {
  integer: ['==', '!=', '<', '<=', '>', '>=', 'in', '&'],
  keywords: ['==', '!=', '<', '<=', '>', '>=', 'in', '&'],
  time: ['==', '!=', '<', '<=', '>', '>=', 'in'],
  provider: ['==', '!=', 'contains', 'startswith', 'endswith', 'matches', 'in'],
  text: ['==', '!=', '<', '<=', '>', '>=', 'contains', 'startswith', 'endswith', 'matches', 'in'],
  any: ['==', '!=', 'contains', 'startswith', 'endswith', 'matches', 'in'],
  props: ['==', '!=', '<', '<=', '>', '>=', 'contains', 'startswith', 'endswith', 'matches', 'in', '&'],
};

const KIND_WORDS: Readonly<Record<FieldInfo['type'], string>> = {
  integer: 'a number',
  keywords: 'a 64-bit number',
  time: 'a time',
  provider: 'a provider name or GUID',
  text: 'text',
  any: 'text',
  props: 'a property',
};

/** The operators a field type accepts (autocomplete lists these). */
export function operatorsFor(type: FieldInfo['type']): readonly CompareOp[] {
  return OPS_BY_TYPE[type];
}

export const literalError = (lit: Literal, message: string) =>
  new FilterSyntaxError(message, lit.offset, lit.length);

/** Throws unless the field's type supports the operator. */
export function checkOperator(c: Comparison): void {
  const type = c.field.info.type;
  if (OPS_BY_TYPE[type].includes(c.op)) return;
  const allowed = OPS_BY_TYPE[type].join(', ');
  throw new FilterSyntaxError(
    `'${c.field.text}' is ${KIND_WORDS[type]}: '${c.op}' does not apply (use ${allowed})`,
    c.opOffset,
    c.opLength,
  );
}

/** `matches` takes exactly a regular expression; every other operator refuses one. */
export function checkRegexUse(c: Comparison): void {
  for (const lit of c.values) {
    if (c.op === 'matches' && lit.kind !== 'regex') {
      throw literalError(lit, "'matches' takes a regular expression: /pattern/flags");
    }
    if (c.op !== 'matches' && lit.kind === 'regex') {
      throw literalError(lit, `a regular expression goes with 'matches', not '${c.op}'`);
    }
  }
}

const ALLOWED_FLAGS = 'imsuv';

/** Builds the RegExp of a regex literal, refusing flags that make test() stateful (g, y). */
export function compileRegex(lit: RegexLiteral): RegExp {
  for (const flag of lit.flags) {
    if (!ALLOWED_FLAGS.includes(flag)) {
      throw literalError(
        lit,
        `regular expression flag '${flag}' is not supported (use ${[...ALLOWED_FLAGS].join(', ')})`,
      );
    }
  }
  try {
    return new RegExp(lit.source, lit.flags);
  } catch (e) {
    // V8 says "Invalid regular expression: /(/: Unterminated group": keep the reason.
    const detail = (e instanceof Error ? e.message : String(e)).replace(
      /^Invalid regular expression: \/.*\/[a-z]*: /s,
      '',
    );
    throw literalError(lit, `bad regular expression: ${detail}`);
  }
}

/** An integer literal as bigint, within [min, max]; names (level "warning") map to their value. */
export function integerLiteral(
  lit: Literal,
  field: FieldInfo,
  fieldText: string,
  min: bigint,
  max: bigint,
): bigint {
  if (lit.kind === 'string') {
    if (field.names) {
      const key = lit.value.toLowerCase().replace(/^win:/, '');
      const named = field.names[key];
      if (named !== undefined) return BigInt(named);
      const known = Object.keys(field.names).join(', ');
      throw literalError(lit, `unknown ${field.name} name "${lit.value}" (known: ${known})`);
    }
    throw literalError(lit, `'${fieldText}' is ${KIND_WORDS[field.type]}: write it without quotes`);
  }
  if (lit.kind !== 'number') throw literalError(lit, `'${fieldText}' is ${KIND_WORDS[field.type]}`);
  if (lit.unit)
    throw literalError(lit, `'${lit.text}${lit.unit}' is a duration: only 'time' takes durations`);
  const value = parseInteger(lit.text);
  if (value === undefined) throw literalError(lit, `'${fieldText}' holds whole numbers, not ${lit.text}`);
  if (value < min || value > max) {
    throw literalError(lit, `${lit.text} is out of range for '${fieldText}' (${min} to ${max})`);
  }
  return value;
}

/** The string of a text comparison; numbers are refused (they must be quoted). */
export function textLiteral(lit: Literal, fieldText: string): { value: string; caseSensitive: boolean } {
  if (lit.kind === 'string') return { value: lit.value, caseSensitive: lit.caseSensitive };
  const written = lit.kind === 'number' ? `${lit.text}${lit.unit ?? ''}` : lit.source;
  throw literalError(lit, `'${fieldText}' is text: put the value in quotes ("${written}")`);
}

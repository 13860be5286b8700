// Compiles comparisons on fields that exist only after decoding or enrichment: the event name,
// process.* (from the process table), props.* (decoded properties) and `any` (all text at once).
import type { Comparison, Literal } from './ast';
import { numericTest, type NumericOp, type Predicate } from './compile-header';
import { compileRegex, integerLiteral, literalError, textLiteral } from './operands';
import { compilePropsComparison } from './prop-match';
import type { FilterSubject, ProcessInfo } from './subject';
import { memoizeText, textTest, type TextOp, type TextTest } from './text-match';

const TEXT_FIELDS: Readonly<Record<string, (s: FilterSubject) => string | undefined>> = {
  event: (s) => s.eventName,
  'process.name': (s) => s.process?.()?.name,
  'process.path': (s) => s.process?.()?.path,
  'process.cmdline': (s) => s.process?.()?.cmdline,
  'process.parent': (s) => s.process?.()?.parent,
};

/** One text test for a comparison: `in` is several `==`, `matches` a regex, the rest textTest. */
function comparisonTextTest(
  c: Comparison,
  literalText: (lit: Literal) => { value: string; caseSensitive: boolean },
): TextTest {
  const one = (lit: Literal, op: TextOp | 'matches'): TextTest => {
    if (op === 'matches') {
      if (lit.kind !== 'regex')
        throw literalError(lit, "'matches' takes a regular expression: /pattern/flags");
      const re = compileRegex(lit);
      return (v) => re.test(v);
    }
    const { value, caseSensitive } = literalText(lit);
    return textTest(op, value, caseSensitive);
  };
  if (c.op === 'in') {
    const tests = c.values.map((lit) => one(lit, '=='));
    return tests.reduce((a, b) => (v) => a(v) || b(v));
  }
  if (c.op === '&') throw new Error('& on text is refused by checkOperator');
  return one(c.values[0] as Literal, c.op);
}

/** Any field's text: provider, event, process and every property the subject lists. */
function anyTextMatches(s: FilterSubject, test: TextTest): boolean {
  if (test(s.providerName) || test(s.providerId) || test(s.eventName)) return true;
  const p: ProcessInfo | undefined = s.process?.();
  if (p && (test(p.name) || test(p.path) || test(p.cmdline) || test(p.parent))) return true;
  const texts = s.anyText?.();
  if (texts) for (const t of texts) if (test(t)) return true;
  return false;
}

/** Compiles a comparison on a decoded field (negation by `not` is applied by the caller). */
export function compileDecodedComparison(c: Comparison): Predicate<FilterSubject> {
  const field = c.field.info;
  if (field.type === 'props') return compilePropsComparison(c);
  if (field.type === 'any') {
    // Numbers are searched as written (`any contains 4242`); `!=` means "no field equals".
    const asText = (lit: Literal) =>
      lit.kind === 'number'
        ? { value: `${lit.text}${lit.unit ?? ''}`, caseSensitive: false }
        : textLiteral(lit, c.field.text);
    if (c.op === '!=') {
      const equals = comparisonTextTest({ ...c, op: '==' }, asText);
      return (s) => !anyTextMatches(s, equals);
    }
    const test = comparisonTextTest(c, asText);
    return (s) => anyTextMatches(s, test);
  }
  if (field.name === 'process.ppid') {
    const values = c.values.map((lit) =>
      Number(integerLiteral(lit, field, c.field.text, BigInt(field.min ?? 0), BigInt(field.max ?? 0))),
    );
    const test = numericTest(c.op as NumericOp, values, (ppid: number) => ppid);
    return (s) => {
      const ppid = s.process?.()?.ppid;
      return ppid !== undefined && test(ppid);
    };
  }
  const get = TEXT_FIELDS[field.name];
  if (!get) throw new Error(`no accessor for field ${field.name}`);
  const test = memoizeText(comparisonTextTest(c, (lit) => textLiteral(lit, c.field.text)));
  return (s) => {
    const v = get(s);
    return v !== undefined && test(v);
  };
}

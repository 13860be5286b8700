// compileFilter: text → predicates, built once as closures (no tree walking per event).
// The filter is split for the pipeline: a header predicate that raw records can be dropped by
// before decoding (a necessary condition built from the header-field comparisons), the full
// predicate (the whole filter), and the remainder to run on decoded events that passed the header
// predicate. `and`/`or` operands run cheapest first (header fields, then names, process, props).
import type { Comparison, Expr } from './ast';
import { compileDecodedComparison } from './compile-decoded';
import { compileHeaderComparison, type Predicate } from './compile-header';
import { catchFilterError, type FilterResult } from './errors';
import type { FieldSource } from './fields';
import { checkOperator, checkRegexUse } from './operands';
import { parseFilter } from './parser';
import type { FilterEnv, FilterSubject, FullPredicate, HeaderPredicate, HeaderSubject } from './subject';

export interface CompiledFilter {
  text: string;
  /**
   * A necessary condition on header fields: an event it rejects is rejected by the filter, so the
   * pipeline can drop the raw record before decoding. Undefined when no header field constrains
   * the filter (e.g. `props.X == 1`, or an `or` with a props branch).
   */
  headerPredicate?: HeaderPredicate;
  /** True when the header predicate (absent = accept all) is the entire filter: nothing else to run. */
  headerOnly: boolean;
  /** The entire filter on a decoded subject; correct whether or not headerPredicate ran. */
  fullPredicate: FullPredicate;
  /** The filter for subjects whose header already passed headerPredicate (skips what it decided). */
  remainderPredicate: FullPredicate;
  /** Some comparison reads decoded properties (props.*, any). */
  needsProps: boolean;
  /** Some comparison reads process info (process.*, any). */
  needsProcess: boolean;
  /** Some comparison reads the event name (event, any): a schema lookup, not a full decode. */
  needsEventName: boolean;
  /** Fields used, as written canonically: "provider", "id", "process.name", "props.CommandLine", "any". */
  fieldsUsed: string[];
}

const acceptAll = () => true;

/** Parses and compiles a filter. Never throws: bad text gives { ok: false, error: {message, offset, length} }. */
export function compileFilter(text: string, env: FilterEnv = {}): FilterResult<CompiledFilter> {
  const parsed = parseFilter(text);
  if (!parsed.ok) return parsed;
  return catchFilterError(() => build(text, parsed.value, env));
}

function build(text: string, expr: Expr | undefined, env: FilterEnv): CompiledFilter {
  if (expr === undefined) {
    return {
      text,
      headerOnly: true,
      fullPredicate: acceptAll,
      remainderPredicate: acceptAll,
      needsProps: false,
      needsProcess: false,
      needsEventName: false,
      fieldsUsed: [],
    };
  }
  const leaves = comparisons(expr);
  for (const c of leaves) {
    checkOperator(c);
    checkRegexUse(c);
  }
  const fullLeaf = (c: Comparison): Predicate<FilterSubject> =>
    isHeader(c)
      ? compileHeaderComparison<FilterSubject>(c, env, (s) => s.providerName)
      : compileDecodedComparison(c);
  const headerLeaf = (c: Comparison): Predicate<HeaderSubject> =>
    compileHeaderComparison<HeaderSubject>(c, env, (e) => env.providerName?.(e.providerId) ?? '');

  const fullPredicate = compileTree(expr, fullLeaf);
  const condition = headerCondition(expr);
  const headerOnly = allHeader(expr);
  let remainder: Expr | undefined;
  if (!headerOnly) {
    const rest = expr.kind === 'and' ? expr.items.filter((e) => !allHeader(e)) : [expr];
    remainder = rest.length === 1 ? rest[0] : { kind: 'and', items: rest };
  }
  const sources = new Set(leaves.map((c) => c.field.info.source));
  const needs = (...wanted: FieldSource[]) => wanted.some((s) => sources.has(s));
  return {
    text,
    headerPredicate: condition && compileTree(condition, headerLeaf),
    headerOnly,
    fullPredicate,
    remainderPredicate: remainder ? compileTree(remainder, fullLeaf) : acceptAll,
    needsProps: needs('props', 'any'),
    needsProcess: needs('process', 'any'),
    needsEventName: needs('eventName', 'any'),
    fieldsUsed: [...new Set(leaves.map(fieldName))],
  };
}

const fieldName = (c: Comparison) =>
  c.field.info.type === 'props' ? `props.${c.field.path.join('.')}` : c.field.info.name;

const isHeader = (c: Comparison) => c.field.info.source === 'header';

function comparisons(expr: Expr): Comparison[] {
  if (expr.kind === 'compare') return [expr];
  if (expr.kind === 'not') return comparisons(expr.operand);
  return expr.items.flatMap(comparisons);
}

function allHeader(expr: Expr): boolean {
  return comparisons(expr).every(isHeader);
}

/** The strongest header-only condition the filter implies (undefined = none). */
function headerCondition(expr: Expr): Expr | undefined {
  if (allHeader(expr)) return expr;
  if (expr.kind === 'and') {
    const parts = expr.items.map(headerCondition).filter((e): e is Expr => e !== undefined);
    if (parts.length === 0) return undefined;
    return parts.length === 1 ? parts[0] : { kind: 'and', items: parts };
  }
  if (expr.kind === 'or') {
    const parts = expr.items.map(headerCondition);
    return parts.every((e): e is Expr => e !== undefined) ? { kind: 'or', items: parts } : undefined;
  }
  return undefined; // `not` over a decoded field, or a decoded comparison
}

const COST: Readonly<Record<FieldSource, number>> = { header: 0, eventName: 1, process: 2, props: 3, any: 4 };

function cost(expr: Expr): number {
  return Math.max(...comparisons(expr).map((c) => COST[c.field.info.source]));
}

function compileTree<S>(expr: Expr, leaf: (c: Comparison) => Predicate<S>): Predicate<S> {
  switch (expr.kind) {
    case 'compare': {
      const test = leaf(expr);
      return expr.negated ? (s) => !test(s) : test;
    }
    case 'not': {
      const test = compileTree(expr.operand, leaf);
      return (s) => !test(s);
    }
    case 'and':
    case 'or': {
      const ordered = [...expr.items].sort((a, b) => cost(a) - cost(b));
      const tests = ordered.map((e) => compileTree(e, leaf));
      return expr.kind === 'and'
        ? tests.reduce((a, b) => (s) => a(s) && b(s))
        : tests.reduce((a, b) => (s) => a(s) || b(s));
    }
  }
}

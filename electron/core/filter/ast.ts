// Syntax tree of a parsed filter. Nodes keep their source ranges so the compiler can report type
// errors at the right column. `and`/`or` are n-ary (flattened), comparisons already name a resolved
// field; literals stay as written until the compiler converts them for the field they are compared to.
import type { FieldRef } from './fields';

export type CompareOp =
  '==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'startswith' | 'endswith' | 'matches' | 'in' | '&';

interface Span {
  offset: number;
  length: number;
}
export interface StringLiteral extends Span {
  kind: 'string';
  value: string;
  caseSensitive: boolean;
}
export interface NumberLiteral extends Span {
  kind: 'number';
  /** As written: `42`, `-1`, `0x10`, `12.5` (unit separate). */
  text: string;
  unit?: 's' | 'ms' | 'us';
}
export interface RegexLiteral extends Span {
  kind: 'regex';
  source: string;
  flags: string;
}
export type Literal = StringLiteral | NumberLiteral | RegexLiteral;

export interface Comparison {
  kind: 'compare';
  field: FieldRef;
  op: CompareOp;
  /** Written `not in`, `not contains`, ...: the result is inverted. */
  negated: boolean;
  /** Where the operator is (type errors about the operator point here). */
  opOffset: number;
  opLength: number;
  /** One value, or the list of `in (...)`. */
  values: Literal[];
}
export interface LogicalExpr {
  kind: 'and' | 'or';
  items: Expr[];
}
export interface NotExpr {
  kind: 'not';
  operand: Expr;
}
export type Expr = Comparison | LogicalExpr | NotExpr;

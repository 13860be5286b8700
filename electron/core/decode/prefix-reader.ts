// Generated readers for the fixed-layout start of an event: the leading run of plain integer fields
// (fastWidth > 0) sits at known offsets, so one generated function reads them all and builds the
// props object as a single object literal — a few times faster than storing property by property,
// and the point where high-volume events (network, disk, CLR GC) spend their time. The literal lists
// every field of the event (later ones undefined) so the object has its final shape at once; the
// interpreter then fills the rest. Field names enter the code only as JSON string literals (escaped),
// "__proto__" as a computed key (so it stays a plain data property); offsets and widths are numbers
// the compiler made. A schema without such a prefix gets no reader.

import { Read } from './ops';
import type { FieldPlan } from './plan';

/** Reads the prefix at byte `at` of `view` (caller checked `at + width <= end`). */
export type PrefixRead = (view: DataView, at: number) => { [name: string]: unknown };

export interface PrefixReader {
  /** Number of leading fields the reader decodes. */
  count: number;
  /** Bytes they take. */
  width: number;
  read: PrefixRead;
}

const GETTER: Record<number, (offset: string) => string> = {
  [Read.UInt8]: (o) => `view.getUint8(${o})`,
  [Read.Int8]: (o) => `view.getInt8(${o})`,
  [Read.UInt16]: (o) => `view.getUint16(${o}, true)`,
  [Read.Int16]: (o) => `view.getInt16(${o}, true)`,
  [Read.UInt32]: (o) => `view.getUint32(${o}, true)`,
  [Read.Int32]: (o) => `view.getInt32(${o}, true)`,
};

/** Fields beyond this many make object literals slow to create; the interpreter takes over. */
const MAX_LITERAL_FIELDS = 64;

function key(name: string): string {
  return name === '__proto__' ? `[${JSON.stringify(name)}]` : JSON.stringify(name);
}

/** A reader for the leading fixed-layout fields of a top-level field list, or null. */
export function buildPrefixReader(fields: readonly FieldPlan[]): PrefixReader | null {
  if (fields.length > MAX_LITERAL_FIELDS) return null;
  // Duplicate names would let a later `undefined` entry hide an earlier value: leave those to the
  // interpreter.
  if (new Set(fields.map((f) => f.name)).size !== fields.length) return null;
  let count = 0;
  let width = 0;
  const entries: string[] = [];
  for (const f of fields) {
    const getter = f.fastWidth !== 0 && count === entries.length ? GETTER[f.read] : undefined;
    if (getter) {
      entries.push(`${key(f.name)}: ${getter(width === 0 ? 'at' : `at + ${width}`)}`);
      width += f.fastWidth;
      count++;
    } else {
      entries.push(`${key(f.name)}: undefined`);
    }
  }
  if (count === 0) return null;
  const read = new Function('view', 'at', `return {${entries.join(', ')}};`) as PrefixRead;
  return { count, width, read };
}

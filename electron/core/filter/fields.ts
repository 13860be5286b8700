// The fields a filter can test, one table shared by the parser (names, types, ranges), the
// header/full split (which fields a raw record carries before decoding), autocomplete and the docs.
// Field names are case-insensitive; property names after `props.` are passed on as written.
import { FilterSyntaxError } from './errors';
import type { WordToken } from './tokens';

/**
 * provider: name or GUID; text: a string; integer: a number field of the record header;
 * keywords: 64-bit mask (bigint); time: a moment in the trace; props: a decoded property of any
 * type; any: the text of every field at once.
 */
export type FieldType = 'provider' | 'text' | 'integer' | 'keywords' | 'time' | 'props' | 'any';

/** Where the value comes from: what the pipeline must provide before the field can be tested. */
export type FieldSource = 'header' | 'eventName' | 'process' | 'props' | 'any';

export interface FieldInfo {
  /** Canonical lowercase name; `props` stands for every `props.<Name>`. */
  name: string;
  type: FieldType;
  source: FieldSource;
  description: string;
  /** Integer fields: the values the field can hold (a literal outside is an error). */
  min?: number;
  max?: number;
  /** Symbolic values accepted as strings (`level <= "warning"`), lowercase. */
  names?: Readonly<Record<string, number>>;
}

/** winmeta.xml levels. */
export const LEVEL_NAMES: Readonly<Record<string, number>> = {
  always: 0,
  logalways: 0,
  critical: 1,
  error: 2,
  warning: 3,
  info: 4,
  information: 4,
  informational: 4,
  verbose: 5,
};

/** winmeta.xml opcodes (also the classic event types 1 = start, 2 = end of kernel classes). */
export const OPCODE_NAMES: Readonly<Record<string, number>> = {
  info: 0,
  start: 1,
  stop: 2,
  dc_start: 3,
  dc_stop: 4,
  extension: 5,
  reply: 6,
  resume: 7,
  suspend: 8,
  send: 9,
  receive: 240,
};

const U8 = { min: 0, max: 0xff };
const U16 = { min: 0, max: 0xffff };
const ID32 = { min: -1, max: 0xffffffff };

const FIELDS: readonly FieldInfo[] = [
  {
    name: 'provider',
    type: 'provider',
    source: 'header',
    description:
      'Provider name, or its GUID with or without braces (classic and kernel events: the event class GUID)',
  },
  {
    name: 'event',
    type: 'text',
    source: 'eventName',
    description: 'Event name: manifest symbol, TraceLogging name, or Task/Opcode',
  },
  { name: 'id', type: 'integer', source: 'header', description: 'Event id (0 for classic events)', ...U16 },
  { name: 'version', type: 'integer', source: 'header', description: 'Event version', ...U8 },
  {
    name: 'opcode',
    type: 'integer',
    source: 'header',
    description: 'Opcode (classic events: the event type); names such as "start" are accepted',
    ...U8,
    names: OPCODE_NAMES,
  },
  { name: 'task', type: 'integer', source: 'header', description: 'Task', ...U16 },
  {
    name: 'level',
    type: 'integer',
    source: 'header',
    description: 'Level: 1 critical, 2 error, 3 warning, 4 info, 5 verbose (names accepted)',
    ...U8,
    names: LEVEL_NAMES,
  },
  { name: 'keywords', type: 'keywords', source: 'header', description: '64-bit keyword mask' },
  { name: 'channel', type: 'integer', source: 'header', description: 'Channel', ...U8 },
  {
    name: 'pid',
    type: 'integer',
    source: 'header',
    description: 'Process id (-1 when the record has none)',
    ...ID32,
  },
  {
    name: 'tid',
    type: 'integer',
    source: 'header',
    description: 'Thread id (-1 when the record has none)',
    ...ID32,
  },
  { name: 'cpu', type: 'integer', source: 'header', description: 'Processor number', ...U16 },
  {
    name: 'time',
    type: 'time',
    source: 'header',
    description:
      'Event time: "HH:MM:SS.fff" (UTC time of day), ISO "2019-07-04T09:12:33Z", or 12.5s from the start',
  },
  {
    name: 'process.name',
    type: 'text',
    source: 'process',
    description: 'Image name of the process, e.g. cmd.exe',
  },
  { name: 'process.path', type: 'text', source: 'process', description: 'Full image path of the process' },
  { name: 'process.cmdline', type: 'text', source: 'process', description: 'Command line of the process' },
  {
    name: 'process.parent',
    type: 'text',
    source: 'process',
    description: 'Image name of the parent process',
  },
  { name: 'process.ppid', type: 'integer', source: 'process', description: 'Parent process id', ...ID32 },
  {
    name: 'props',
    type: 'props',
    source: 'props',
    description: 'A decoded property: props.Name, props.Struct.Member, props.Array.0',
  },
  {
    name: 'any',
    type: 'any',
    source: 'any',
    description: 'Any field as text: provider, event, process and every property',
  },
];

const byName = new Map(FIELDS.map((f) => [f.name, f]));

/** Every field, in documentation order (autocomplete, help, docs). */
export function filterFields(): readonly FieldInfo[] {
  return FIELDS;
}

export interface FieldRef {
  info: FieldInfo;
  /** `props` only: the property path after `props.`. */
  path: string[];
  /** How the user wrote it (for messages). */
  text: string;
  offset: number;
  length: number;
}

/** Resolves a word to a field, or throws a FilterSyntaxError with a "did you mean" hint. */
export function resolveField(word: WordToken): FieldRef {
  const at = { text: word.text, offset: word.offset, length: word.length };
  const head = (word.segments[0] ?? '').toLowerCase();
  if (head === 'props') {
    const path = word.segments.slice(1);
    if (path.length === 0 || path.some((s) => s === '')) {
      throw new FilterSyntaxError(
        'expected a property name after "props." (e.g. props.CommandLine)',
        word.offset,
        word.length,
      );
    }
    return { info: byName.get('props') as FieldInfo, path, ...at };
  }
  const name = word.segments.map((s) => s.toLowerCase()).join('.');
  const info = byName.get(name);
  if (info && info.type !== 'props') return { info, path: [], ...at };
  throw new FilterSyntaxError(unknownFieldMessage(word.text), word.offset, word.length);
}

function unknownFieldMessage(text: string): string {
  const lower = text.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const f of FIELDS) {
    if (f.type === 'props') continue;
    const d = editDistance(lower, f.name);
    if (d < bestDistance) {
      bestDistance = d;
      best = f.name;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3))) {
    return `unknown field '${text}': did you mean ${best}?`;
  }
  if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(text)) {
    return `unknown field '${text}': event properties are written props.${text}`;
  }
  return `unknown field '${text}'`;
}

/** Levenshtein distance (small inputs: field names). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost));
    }
    prev = row;
  }
  return prev[b.length] as number;
}

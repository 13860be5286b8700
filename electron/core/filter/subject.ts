// What a compiled filter reads. The header predicate needs only the fields every raw record
// carries (the same names as RawEvent, so it runs on a RawEvent directly); the full predicate reads a
// FilterSubject, which adds what decoding and enrichment provide. Values a subject cannot supply
// (no process info, a property the event lacks) make every comparison on them false.
import type { PropValue } from '../../common/model/event';
import type { RawEvent } from '../events/raw-event';

/** The header fields of a raw record: a RawEvent is one. `providerId` is a lowercase GUID without braces. */
export type HeaderSubject = Pick<
  RawEvent,
  | 'providerId'
  | 'id'
  | 'version'
  | 'opcode'
  | 'task'
  | 'level'
  | 'keywords'
  | 'channel'
  | 'pid'
  | 'tid'
  | 'cpu'
  | 'ticks'
>;

export interface ProcessInfo {
  /** Image name, e.g. "powershell.exe". */
  name: string;
  /** Full image path. */
  path: string;
  cmdline: string;
  /** Image name of the parent process ('' when unknown). */
  parent: string;
  /** Parent process id, when known. */
  ppid?: number;
}

export interface FilterSubject extends HeaderSubject {
  /** '' when unknown. */
  providerName: string;
  /** '' when unknown. */
  eventName: string;
  /**
   * The decoded property at `path` (`props.Header.Size` → ["Header", "Size"], array elements by
   * decimal index). Names as the user typed them: match case-insensitively (propAt does).
   */
  prop(path: readonly string[]): PropValue | undefined;
  process?(): ProcessInfo | undefined;
  /** Text of every decoded property value (and display strings), for the `any` field. */
  anyText?(): Iterable<string>;
}

export interface FilterEnv {
  /** UTC FILETIME at ticks = 0 (TraceClock.startFileTime): needed by clock-time literals. */
  startFileTime?: bigint;
  /**
   * Provider name for a provider GUID, for the header predicate (which runs before decoding).
   * The pipeline must know a provider's name here before it filters that provider's events
   * (register TraceLogging provider names from their ProvTraits first). Undefined = unknown.
   */
  providerName?(providerId: string): string | undefined;
}

export type HeaderPredicate = (event: HeaderSubject) => boolean;
export type FullPredicate = (subject: FilterSubject) => boolean;

/** Walks decoded props by path: exact name first, then ignoring case; arrays by decimal index. */
export function propAt(props: { [name: string]: PropValue }, path: readonly string[]): PropValue | undefined {
  let value: PropValue | undefined = props;
  for (const segment of path) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    if (Array.isArray(value)) {
      if (!/^\d+$/.test(segment)) return undefined;
      value = value[Number(segment)];
      continue;
    }
    const record: { [name: string]: PropValue } = value;
    if (Object.hasOwn(record, segment)) {
      value = record[segment];
      continue;
    }
    const lower = segment.toLowerCase();
    const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
    if (key === undefined) return undefined;
    value = record[key];
  }
  return value;
}

// Filters over stored events. A compiled filter (core/filter) becomes the store view's row predicate:
// its header predicate reads the store's columns straight through the cursor (a StoredEventView is a
// HeaderSubject: no allocation, no decoding); only rows that pass it and need more build a
// FilterSubject, which looks names up per descriptor, asks the process table, and decodes the payload
// only when a `props.*` or `any` comparison actually reads it. The same subject serves the ingest-time
// capture filter on raw events.
import type { PropValue } from '../../common/model/event';
import type { DecodedEvent, EventDecoder } from '../decode/index';
import type { RawEvent } from '../events/raw-event';
import {
  propAt,
  type CompiledFilter,
  type FilterSubject,
  type HeaderSubject,
  type ProcessInfo,
} from '../filter/index';
import type { RowPredicate, StoredEventView } from '../store/index';
import type { ProcessResolver } from './enrich';
import type { EventNames, NameCache } from './names';

export interface RowContext {
  decoder: EventDecoder;
  names: NameCache;
  enricher: ProcessResolver;
}

/**
 * A reusable FilterSubject: point it at a raw event (`ofRaw`) or a stored row (`ofRow`); names,
 * process and the decoded payload are computed on first use. Header fields read the event or the
 * store's columns directly. One instance serves every row a predicate tests (no allocation per row;
 * accessors on the class prototype stay fast, unlike per-object getters).
 */
export class LazySubject implements FilterSubject {
  private header: HeaderSubject = EMPTY_HEADER;
  private cursor: StoredEventView | undefined;
  private rawEvent: RawEvent | undefined;
  private names: EventNames | undefined;
  private decoded: DecodedEvent | undefined;
  private processInfo: ProcessInfo | undefined | null = null;

  constructor(private readonly ctx: RowContext) {}

  ofRaw(raw: RawEvent, decoded?: DecodedEvent): this {
    this.header = raw;
    this.rawEvent = raw;
    this.cursor = undefined;
    return this.clear(decoded);
  }

  ofRow(cursor: StoredEventView): this {
    this.header = cursor;
    this.cursor = cursor;
    this.rawEvent = undefined;
    return this.clear(undefined);
  }

  private clear(decoded: DecodedEvent | undefined): this {
    this.names = undefined;
    this.decoded = decoded;
    this.processInfo = null;
    return this;
  }

  private raw(): RawEvent {
    return (this.rawEvent ??= (this.cursor as StoredEventView).raw());
  }

  private decode(): DecodedEvent {
    return (this.decoded ??= this.ctx.decoder.decodeKnown(this.raw()));
  }

  private nameInfo(): EventNames {
    return (this.names ??= this.cursor
      ? this.ctx.names.forRow(this.cursor)
      : this.ctx.names.forRaw(this.raw()));
  }

  get providerId(): string {
    return this.header.providerId;
  }
  get id(): number {
    return this.header.id;
  }
  get version(): number {
    return this.header.version;
  }
  get opcode(): number {
    return this.header.opcode;
  }
  get task(): number {
    return this.header.task;
  }
  get level(): number {
    return this.header.level;
  }
  get keywords(): bigint {
    return this.header.keywords;
  }
  get channel(): number {
    return this.header.channel;
  }
  get pid(): number {
    return this.header.pid;
  }
  get tid(): number {
    return this.header.tid;
  }
  get cpu(): number {
    return this.header.cpu;
  }
  get ticks(): number {
    return this.header.ticks;
  }
  get providerName(): string {
    return this.nameInfo().providerName;
  }
  get eventName(): string {
    return this.nameInfo().eventName;
  }

  prop(path: readonly string[]): PropValue | undefined {
    return propAt(this.decode().props, path);
  }

  process(): ProcessInfo | undefined {
    if (this.processInfo === null) {
      const enricher = this.ctx.enricher;
      const found = this.cursor
        ? enricher.processOfRow(this.cursor, this.decoded)
        : enricher.processOf(this.raw(), this.decoded);
      this.processInfo = found?.info;
    }
    return this.processInfo;
  }

  anyText(): Iterable<string> {
    return textsOf(this.decode());
  }
}

const EMPTY_HEADER: HeaderSubject = {
  providerId: '',
  id: 0,
  version: 0,
  opcode: 0,
  task: 0,
  level: 0,
  keywords: 0n,
  channel: 0,
  pid: -1,
  tid: -1,
  cpu: 0,
  ticks: 0,
};

/** The row predicate for a store view, or undefined when the filter keeps everything. */
export function rowPredicate(filter: CompiledFilter, ctx: RowContext): RowPredicate | undefined {
  const header = filter.headerPredicate;
  if (filter.headerOnly) return header;
  const rest = filter.remainderPredicate;
  const subject = new LazySubject(ctx);
  const test = (cursor: StoredEventView) => rest(subject.ofRow(cursor));
  return header ? (cursor) => header(cursor) && test(cursor) : test;
}

/** Every piece of text in a decoded event's values and display strings (the `any` field). */
export function* textsOf(decoded: DecodedEvent): Generator<string> {
  const stack: PropValue[] = Object.values(decoded.props);
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) stack.push(...v);
    else if (typeof v === 'object') stack.push(...Object.values(v));
    else yield String(v);
  }
  if (decoded.display !== null) yield* Object.values(decoded.display);
}

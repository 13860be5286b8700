// StackTable: which kernel StackWalk records belong to which stored event — a side table beside the
// store (event seq → StackWalk record seqs), so the store's rows stay as they are and the frames stay
// in the records themselves (read again when a detail pane shows them).
//
// In classic kernel traces a stack is not part of its event: a StackWalk record follows it, naming the
// event by EventTimeStamp (its raw timestamp), StackProcess and StackThread (decode/stack-walk.ts). The
// ingest hands every event here after the store numbered it (observe). Each event goes into a small
// ring of the latest events of its thread (at most RING_DEPTH); events without a thread in their header
// (PERFINFO records) go into their CPU's ring, or the sampled thread's for PerfInfo samples, whose
// payload names it. A Stack (32) or StackKey (37 kernel part, 38 user part) record looks for the event
// with exactly its EventTimeStamp in StackThread's ring, then in its own CPU's ring; several records
// may attach to one event (the kernel part, then the user part walked later on return to user mode).
// Stack keys name frames that a key definition (KeyCreate/KeyDelete/KeyRundown) gives, usually later:
// `definitionFor` finds the one that applies. Stacks whose event is not found are counted, as are those
// whose event or record was not stored (StackCounts).
//
// Cost for captures without stacks: one ring write per event (a Map lookup when the thread changes),
// about 10 ns; with stacks, about 60 ns per event over perfview's net.4.5.2 trace (observe() timed
// alone over its events). Memory: the rings (bounded), 16 bytes per attached stack, and the key
// definitions' seqs; the last two follow the store's evictions.
import type { StackCounts } from '../../common/ipc/messages';
import {
  ClassMatcher,
  isKeyDefinition,
  isStackKey,
  payloadThreadOf,
  PERF_INFO_CLASS,
  readDefinedKey,
  readStackKey,
  readStackOwner,
  STACK_WALK_CLASS,
  StackWalkType,
  type StackKey,
  type StackOwner,
} from '../decode/stack-walk';
import { TickConverter } from '../etl/clock';
import type { RawEvent, TraceClock } from '../events/raw-event';

/** Latest events kept per thread (or per CPU for threadless records) to find a stack's event among. */
export const RING_DEPTH = 64;
const RING_START = 4;
/**
 * Rings kept (at most 1 KiB each); past this — threads come and go in a long session — all are dropped
 * and start again (a stack arriving just then may go unmatched, and is counted).
 */
export const MAX_RINGS = 16_384;

/** The latest events of one thread (or CPU): their ticks and store seqs (-1: not stored). */
class RecentEvents {
  private ticks = new Float64Array(RING_START);
  private seqs = new Float64Array(RING_START);
  private next = 0;
  private size = 0;

  push(ticks: number, seq: number): void {
    if (this.size === this.ticks.length && this.size < RING_DEPTH) this.grow();
    const at = this.next;
    this.ticks[at] = ticks;
    this.seqs[at] = seq;
    this.next = at + 1 === this.ticks.length ? 0 : at + 1;
    if (this.size < this.ticks.length) this.size++;
  }

  /** Seq of the newest event with exactly `ticks` (-1 when it was not stored); undefined when none. */
  find(ticks: number): number | undefined {
    const capacity = this.ticks.length;
    for (let k = 0, i = this.next; k < this.size; k++) {
      i = i === 0 ? capacity - 1 : i - 1;
      if (this.ticks[i] === ticks) return this.seqs[i];
    }
    return undefined;
  }

  private grow(): void {
    const capacity = this.ticks.length;
    const ticks = new Float64Array(capacity * 2);
    const seqs = new Float64Array(capacity * 2);
    // Full: the oldest is at `next`; lay them out oldest first.
    ticks.set(this.ticks.subarray(this.next));
    ticks.set(this.ticks.subarray(0, this.next), capacity - this.next);
    seqs.set(this.seqs.subarray(this.next));
    seqs.set(this.seqs.subarray(0, this.next), capacity - this.next);
    this.ticks = ticks;
    this.seqs = seqs;
    this.next = capacity;
  }
}

/** (event seq, record seq) pairs sorted by event seq; appended nearly in order, dropped from the front. */
class SeqPairs {
  private events = new Float64Array(1024);
  private records = new Float64Array(1024);
  private start = 0;
  private end = 0;

  get size(): number {
    return this.end - this.start;
  }

  add(eventSeq: number, recordSeq: number): void {
    if (this.end === this.events.length) this.makeRoom();
    // After every pair with an event seq <= this one (stacks arrive nearly in event order).
    let at = this.end;
    while (at > this.start && (this.events[at - 1] as number) > eventSeq) at--;
    if (at < this.end) {
      this.events.copyWithin(at + 1, at, this.end);
      this.records.copyWithin(at + 1, at, this.end);
    }
    this.events[at] = eventSeq;
    this.records[at] = recordSeq;
    this.end++;
  }

  /** The record seqs paired with `eventSeq`, in the order they were added. */
  recordsOf(eventSeq: number): number[] {
    const out: number[] = [];
    for (let i = this.lowerBound(eventSeq); i < this.end && this.events[i] === eventSeq; i++)
      out.push(this.records[i] as number);
    return out;
  }

  /** Forgets the pairs of events before `seq` (the store dropped them). */
  dropBefore(seq: number): void {
    this.start = this.lowerBound(seq);
  }

  private lowerBound(seq: number): number {
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.events[mid] as number) < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private makeRoom(): void {
    const live = this.end - this.start;
    const capacity = live * 2 > this.events.length ? this.events.length * 2 : this.events.length;
    const events = new Float64Array(capacity);
    const records = new Float64Array(capacity);
    events.set(this.events.subarray(this.start, this.end));
    records.set(this.records.subarray(this.start, this.end));
    this.events = events;
    this.records = records;
    this.start = 0;
    this.end = live;
  }
}

/** The key definitions of the stack keys with one low half, in stream order. */
interface KeyDefinitions {
  his: number[];
  seqs: number[];
  types: number[];
}

export class StackTable {
  private readonly converter: TickConverter;
  private readonly stackWalk = new ClassMatcher(STACK_WALK_CLASS);
  private readonly perfInfo = new ClassMatcher(PERF_INFO_CLASS);
  private readonly rings = new Map<number, RecentEvents>();
  private lastKey = Number.NaN;
  private lastRing: RecentEvents | undefined;
  private readonly attached = new SeqPairs();
  /** Key definitions by the key's low half (numbers, not strings: nothing built per record). */
  private readonly keys = new Map<number, KeyDefinitions>();
  private readonly owner: StackOwner = { stampLo: 0, stampHi: 0, pid: 0, tid: 0 };
  private readonly key: StackKey = { lo: 0, hi: 0 };
  private readonly tally: StackCounts = {
    records: 0,
    attached: 0,
    eventNotStored: 0,
    unmatched: 0,
    recordNotStored: 0,
    malformed: 0,
    keyDefinitions: 0,
  };

  /** Seq before which everything was forgotten (follows the store's evictions). */
  private droppedBefore = 0;

  constructor(
    clock: TraceClock,
    /** The store the seqs number (its oldest stored seq moves on when its budget drops events). */
    private readonly store: { readonly firstSeq: number },
  ) {
    this.converter = new TickConverter(clock);
  }

  /** One event of the stream, in order, with its store seq (-1 when it was not stored). */
  observe(raw: RawEvent, seq: number): void {
    if ((seq & 0xffff) === 0 && seq > 0 && this.store.firstSeq > this.droppedBefore)
      this.dropBefore(this.store.firstSeq);
    // StackWalk types are 32..38: the integer test spares most events the GUID comparison.
    if (raw.opcode >= StackWalkType.Stack && raw.opcode <= StackWalkType.StackKeyUser) {
      if (this.stackWalk.test(raw.providerId)) {
        this.stackRecord(raw, seq);
        return;
      }
    }
    let key = raw.tid;
    if (key < 0) {
      key = payloadThreadOf(raw, this.perfInfo);
      if (key < 0) key = -1 - raw.cpu;
    }
    let ring = this.lastRing;
    if (key !== this.lastKey || ring === undefined) {
      ring = this.rings.get(key) ?? this.newRing(key);
      this.lastKey = key;
      this.lastRing = ring;
    }
    ring.push(raw.ticks, seq);
  }

  /** The StackWalk records attached to stored event `seq`, in the order they came. */
  recordsOf(seq: number): number[] {
    return this.attached.recordsOf(seq);
  }

  /**
   * The key definition that gives the frames of stack key `key` used by the record at `seq`: the first
   * KeyDelete/KeyRundown after it (a key is defined when it leaves the kernel's cache, then may be
   * reused), else the last KeyCreate before it. Undefined when none was stored (yet).
   */
  definitionFor(key: StackKey, seq: number): number | undefined {
    const defs = this.keys.get(key.lo);
    if (defs === undefined) return undefined;
    let created: number | undefined;
    for (let i = 0; i < defs.seqs.length; i++) {
      if (defs.his[i] !== key.hi) continue;
      const at = defs.seqs[i] as number;
      if (defs.types[i] === StackWalkType.KeyCreate) {
        if (at < seq) created = at;
      } else if (at > seq) {
        return at;
      }
    }
    return created;
  }

  counts(): StackCounts {
    return { ...this.tally };
  }

  /** Forgets what concerns events before `seq` (the store dropped them). */
  dropBefore(seq: number): void {
    this.droppedBefore = seq;
    this.attached.dropBefore(seq);
    for (const [key, defs] of this.keys) {
      let keep = 0;
      while (keep < defs.seqs.length && (defs.seqs[keep] as number) < seq) keep++;
      if (keep === defs.seqs.length) this.keys.delete(key);
      else if (keep > 0) {
        defs.his.splice(0, keep);
        defs.seqs.splice(0, keep);
        defs.types.splice(0, keep);
      }
    }
  }

  private newRing(key: number): RecentEvents {
    if (this.rings.size >= MAX_RINGS) this.rings.clear();
    const ring = new RecentEvents();
    this.rings.set(key, ring);
    return ring;
  }

  private stackRecord(raw: RawEvent, seq: number): void {
    const type = raw.opcode;
    if (isKeyDefinition(type)) {
      if (!readDefinedKey(raw.payload, raw.pointerSize, this.key)) this.tally.malformed++;
      else if (seq >= 0) this.define(this.key, seq, type);
      return;
    }
    if (type !== StackWalkType.Stack && !isStackKey(type)) return;
    this.tally.records++;
    const owner = this.owner;
    if (
      !readStackOwner(raw.payload, owner) ||
      (isStackKey(type) && !readStackKey(raw.payload, raw.pointerSize, this.key))
    ) {
      this.tally.malformed++;
      return;
    }
    if (seq < 0) {
      this.tally.recordNotStored++;
      return;
    }
    const ticks = this.converter.fromParts(owner.stampLo, owner.stampHi);
    const eventSeq = this.rings.get(owner.tid)?.find(ticks) ?? this.rings.get(-1 - raw.cpu)?.find(ticks);
    if (eventSeq === undefined) this.tally.unmatched++;
    else if (eventSeq < 0) this.tally.eventNotStored++;
    else {
      this.attached.add(eventSeq, seq);
      this.tally.attached++;
    }
  }

  private define(key: StackKey, seq: number, type: number): void {
    this.tally.keyDefinitions++;
    const defs = this.keys.get(key.lo);
    if (defs === undefined) this.keys.set(key.lo, { his: [key.hi], seqs: [seq], types: [type] });
    else {
      defs.his.push(key.hi);
      defs.seqs.push(seq);
      defs.types.push(type);
    }
  }
}

// The process table: one ProcessRecord per process lifetime, so a PID that Windows reuses maps to the
// right process at each point in time.
//
// Identity. A record's key is fixed when it is created: "k<startKey>" when the process start key is
// known then (extended data item 13 on its events, or ProcessSequenceNumber in Kernel-Process
// ProcessStart v3+; both are normalized to the low 48 bits, the kernel's process sequence number),
// else "<pid>@<start ticks>" (or "<pid>@pre" for a process that existed before the trace), with a
// "#n" suffix in the unlikely case of a clash.
//
// Lifetimes. A start event (Kernel-Process ProcessStart, classic Process/Start) opens a new lifetime
// and closes an open one with the same pid. Rundowns (Process/DCStart, DCStop, Kernel-Process
// ProcessRundown) describe processes that exist; the stop event closes. Events of an unknown pid create
// an implicit record ("seen"); an event more than REUSE_GRACE after its pid's process stopped, or one
// carrying a different start key, starts a new implicit lifetime. Lookups by (pid, ticks) pick the
// lifetime whose span covers the time.
//
// Facts (image path, command line, parent, user, session) are filled from whichever events carry them;
// a fact once known is not overwritten by a later, poorer source (e.g. the truncated ANSI ImageName of
// Kernel-Process ProcessStop).

import { ProcessActivity } from './activity';
import { baseName, isExePath } from './paths';

/** Events of a stopped process may trail its stop event by this much (100-ns ticks: 1 s). */
export const REUSE_GRACE = 10_000_000;
/** Records kept; beyond this every new pid maps to one overflow record. */
export const MAX_PROCESSES = 262_144;
const MAX_THREADS = 1_048_576;
const START_KEY_MASK = 0x1000000000000; // 2^48

export type ProcessOrigin = 'start' | 'rundown' | 'seen';

export interface ProcessFacts {
  ppid?: number;
  /** Creating process (the header pid of the start event); differs from ppid when the parent was spoofed. */
  creatorPid?: number;
  ntPath?: string;
  /** Image file name without a path (classic ImageFileName, Kernel-Process ProcessStop ImageName). */
  shortName?: string;
  cmdline?: string;
  user?: string;
  session?: number;
  startKey?: number;
  /** Start time from CreateTime, when the event carries it and the trace start is known. */
  createTicks?: number | null;
  exitCode?: number;
}

/** Normalizes a start key (ext item 13 or ProcessSequenceNumber) to the 48-bit sequence number. */
export function normalizeStartKey(value: number): number {
  return value >= 0 ? value % START_KEY_MASK : -1;
}

export class ProcessRecord {
  /** Start ticks; null when the process existed before the trace or its start is unknown. */
  startTicks: number | null;
  /** Lower time bound for lookups (start, or the previous lifetime's end, or -Infinity). */
  lowerBound: number;
  endTicks: number | null = null;
  firstSeenTicks: number;
  startKey: number | null = null;
  ntPath = '';
  shortName = '';
  cmdline = '';
  user = '';
  session = -1;
  ppid = -1;
  creatorPid = -1;
  exitCode: number | null = null;
  /** Sequence number of the start event, -1 when none. */
  startSeq = -1;
  /** Parent found at start (the parent is alive then); undefined = resolve lazily. */
  parentAtStart: ProcessRecord | null | undefined = undefined;
  readonly activity = new ProcessActivity();
  /** The command line was checked for PowerShell (-EncodedCommand, patterns). */
  cmdlineChecked = false;
  /** Cache for per-event enrichment (see Analyzer.processInfo); reset when a fact changes. */
  infoCache: unknown = undefined;
  /** Position in the table's `records` (MAX_PROCESSES for the overflow record): see recordAt(). */
  ordinal = MAX_PROCESSES;

  constructor(
    readonly key: string,
    readonly pid: number,
    public origin: ProcessOrigin,
    startTicks: number | null,
    lowerBound: number,
    firstSeenTicks: number,
  ) {
    this.startTicks = startTicks;
    this.lowerBound = lowerBound;
    this.firstSeenTicks = firstSeenTicks;
  }

  /** Image name: the last component of the path when known, else the short name. */
  get name(): string {
    return this.ntPath !== '' ? baseName(this.ntPath) : this.shortName;
  }

  /** True when the record covers `ticks`. */
  covers(ticks: number): boolean {
    return this.lowerBound <= ticks && (this.endTicks === null || ticks <= this.endTicks + REUSE_GRACE);
  }
}

export class ProcessTable {
  private readonly byPid = new Map<number, ProcessRecord[]>();
  private readonly byStartKey = new Map<number, ProcessRecord>();
  private readonly byKey = new Map<string, ProcessRecord>();
  private readonly threads = new Map<number, number>();
  readonly records: ProcessRecord[] = [];
  private overflowRecord: ProcessRecord | null = null;
  /** Bumped whenever a fact of any record changes (invalidates enrichment caches). */
  generation = 0;
  overflowed = 0;

  get(key: string): ProcessRecord | undefined {
    return this.byKey.get(key);
  }

  /** The record with this `ordinal` (a compact reference to a record, e.g. one per stored event). */
  recordAt(ordinal: number): ProcessRecord | undefined {
    return ordinal === MAX_PROCESSES ? (this.overflowRecord ?? undefined) : this.records[ordinal];
  }

  /** The lifetime of `pid` that covers `ticks`, if any. */
  lookup(pid: number, ticks: number): ProcessRecord | undefined {
    const list = this.byPid.get(pid);
    if (list === undefined) return undefined;
    const last = list[list.length - 1] as ProcessRecord;
    if (last.covers(ticks)) return last;
    for (let i = list.length - 2; i >= 0; i--) {
      const r = list[i] as ProcessRecord;
      if (r.lowerBound <= ticks) return r.covers(ticks) ? r : undefined;
    }
    return undefined;
  }

  /** The lifetime of `pid` at `ticks`, creating an implicit one (origin `origin`) when none covers it. */
  ensure(pid: number, ticks: number, origin: ProcessOrigin = 'seen'): ProcessRecord {
    const list = this.byPid.get(pid);
    if (list === undefined) return this.create(pid, origin, null, -Infinity, ticks, null);
    const last = list[list.length - 1] as ProcessRecord;
    if (last.covers(ticks)) return last;
    const found = this.lookup(pid, ticks);
    if (found) return found;
    if (last.endTicks !== null && ticks > last.endTicks)
      return this.create(pid, origin, null, last.endTicks, ticks, null);
    return list[0] as ProcessRecord;
  }

  /** A process started (Kernel-Process ProcessStart, classic Process/Start). */
  started(pid: number, ticks: number, facts: ProcessFacts, seq: number): ProcessRecord {
    const startTicks = facts.createTicks ?? ticks;
    const key = facts.startKey !== undefined && facts.startKey >= 0 ? facts.startKey : -1;
    const known = key >= 0 ? this.byStartKey.get(key) : undefined;
    let record: ProcessRecord | undefined;
    if (known && known.pid === pid) record = known;
    else {
      const list = this.byPid.get(pid);
      const last = list?.[list.length - 1];
      if (last && last.endTicks === null) {
        // Events of this very process seen just before its start event: adopt that implicit record.
        if (last.origin === 'seen' && last.firstSeenTicks >= startTicks && last.startKey === null)
          record = last;
        else last.endTicks = Math.max(last.lowerBound, startTicks);
      }
    }
    if (record === undefined) {
      record = this.create(pid, 'start', startTicks, startTicks, ticks, key >= 0 ? key : null);
    } else {
      record.origin = 'start';
      record.startTicks = startTicks;
      record.lowerBound = Math.min(record.lowerBound, startTicks);
    }
    record.startSeq = seq;
    this.apply(record, facts, true);
    return record;
  }

  /** A rundown (DCStart/DCStop/ProcessRundown) describing a process that exists at `ticks`. */
  rundown(pid: number, ticks: number, facts: ProcessFacts): ProcessRecord {
    const record =
      facts.startKey !== undefined && facts.startKey >= 0
        ? this.withStartKey(pid, ticks, facts.startKey)
        : this.ensure(pid, ticks, 'rundown');
    if (record.startTicks === null && facts.createTicks != null && facts.createTicks <= ticks) {
      record.startTicks = facts.createTicks;
      if (record.lowerBound === -Infinity || record.lowerBound > facts.createTicks)
        record.lowerBound = facts.createTicks;
    }
    this.apply(record, facts, false);
    return record;
  }

  /**
   * A process stopped (Kernel-Process ProcessStop, classic Process/Stop, Terminate), or is listed as
   * exited but still referenced (classic Process/Defunct, possibly long after its stop): the lifetime
   * that covers the time, else the pid's last lifetime when that one has already stopped.
   */
  stopped(pid: number, ticks: number, facts: ProcessFacts): ProcessRecord {
    const list = this.byPid.get(pid);
    const last = list?.[list.length - 1];
    const record =
      this.lookup(pid, ticks) ??
      (last !== undefined && last.endTicks !== null && last.endTicks <= ticks
        ? last
        : this.ensure(pid, ticks));
    if (record.endTicks === null) record.endTicks = ticks;
    if (record.startTicks === null && facts.createTicks != null && facts.createTicks <= ticks)
      record.startTicks = facts.createTicks;
    if (facts.exitCode !== undefined && record.exitCode === null) record.exitCode = facts.exitCode;
    this.apply(record, facts, false);
    return record;
  }

  /**
   * The process with start key `key` that `pid` belongs to at `ticks` (an event's ext item 13): the
   * known one, else the current lifetime of the pid (which learns the key), else — the pid's current
   * lifetime has another key — a new lifetime.
   */
  withStartKey(pid: number, ticks: number, key: number): ProcessRecord {
    const known = this.byStartKey.get(key);
    if (known !== undefined && known.pid === pid) return known;
    const current = this.ensure(pid, ticks);
    if (current.startKey === null) {
      current.startKey = key;
      this.byStartKey.set(key, current);
      return current;
    }
    if (current.startKey === key || current === this.overflowRecord) return current;
    if (current.endTicks === null) current.endTicks = ticks;
    return this.create(pid, 'seen', null, ticks, ticks, key);
  }

  /**
   * Learns the image path from an .exe loaded into the process: one whose file name matches the known
   * short name (classic ImageFileName is cut to 14-15 characters: a prefix match is a match), or, when
   * no name is known, the first image of a process seen starting or listed by a rundown (the process's
   * own image comes first). An .exe loaded later into a running process (icon extraction, resources)
   * says nothing about the process.
   */
  learnImage(record: ProcessRecord, ntPath: string, firstImage: boolean): void {
    if (record.ntPath !== '' || !isExePath(ntPath)) return;
    const file = baseName(ntPath).toLowerCase();
    const short = record.shortName.toLowerCase();
    if (short !== '' ? !file.startsWith(short.slice(0, 14)) : !firstImage) return;
    record.ntPath = ntPath;
    this.changed(record);
  }

  /** Parent lifetime: the one alive at the child's start (that started before it). */
  parentOf(record: ProcessRecord): ProcessRecord | null {
    if (record.parentAtStart !== undefined) return record.parentAtStart;
    if (record.ppid < 0 || record.ppid === record.pid) return null;
    const at = record.startTicks ?? record.firstSeenTicks;
    const candidate = this.lookup(record.ppid, at) ?? this.firstOf(record.ppid);
    if (candidate === undefined || candidate === record) return null;
    // A pid reused after the real parent exited: the candidate started after the child.
    if (
      candidate.startTicks !== null &&
      (record.startTicks === null || candidate.startTicks > record.startTicks)
    )
      return null;
    return candidate;
  }

  threadStarted(tid: number, pid: number): void {
    if (tid < 0 || pid < 0) return;
    if (this.threads.size >= MAX_THREADS && !this.threads.has(tid)) return;
    this.threads.set(tid, pid);
  }

  threadStopped(tid: number): void {
    this.threads.delete(tid);
  }

  /** The process id of a thread, -1 when unknown. */
  pidOfThread(tid: number): number {
    return this.threads.get(tid) ?? -1;
  }

  private firstOf(pid: number): ProcessRecord | undefined {
    const first = this.byPid.get(pid)?.[0];
    return first !== undefined && first.startTicks === null ? first : undefined;
  }

  private apply(record: ProcessRecord, facts: ProcessFacts, fresh: boolean): void {
    if (record === this.overflowRecord) return;
    let changed = false;
    if (facts.ntPath && (fresh || record.ntPath === '')) {
      record.ntPath = facts.ntPath;
      changed = true;
    }
    if (facts.shortName && (fresh || record.shortName === '')) {
      record.shortName = facts.shortName;
      changed = true;
    }
    if (facts.cmdline && (fresh || record.cmdline === '')) {
      record.cmdline = facts.cmdline;
      changed = true;
    }
    if (facts.user && (fresh || record.user === '')) {
      record.user = facts.user;
      changed = true;
    }
    if (facts.session !== undefined && facts.session >= 0 && (fresh || record.session < 0)) {
      record.session = facts.session;
      changed = true;
    }
    if (facts.ppid !== undefined && facts.ppid >= 0 && (fresh || record.ppid < 0)) {
      record.ppid = facts.ppid;
      changed = true;
      if (fresh && record.origin === 'start') {
        const parent = this.lookup(facts.ppid, record.startTicks ?? record.firstSeenTicks);
        record.parentAtStart = parent !== undefined && parent !== record ? parent : null;
      }
    }
    if (facts.creatorPid !== undefined && facts.creatorPid >= 0 && record.creatorPid < 0)
      record.creatorPid = facts.creatorPid;
    if (
      facts.startKey !== undefined &&
      facts.startKey >= 0 &&
      record.startKey === null &&
      !this.byStartKey.has(facts.startKey)
    ) {
      record.startKey = facts.startKey;
      this.byStartKey.set(facts.startKey, record);
    }
    if (changed) this.changed(record);
  }

  private changed(record: ProcessRecord): void {
    record.infoCache = undefined;
    this.generation++;
  }

  private create(
    pid: number,
    origin: ProcessOrigin,
    startTicks: number | null,
    lowerBound: number,
    seen: number,
    startKey: number | null,
  ): ProcessRecord {
    if (this.records.length >= MAX_PROCESSES) {
      this.overflowed++;
      return (this.overflowRecord ??= new ProcessRecord('overflow', -1, 'seen', null, -Infinity, seen));
    }
    let key =
      startKey !== null
        ? `k${startKey}`
        : `${pid}@${startTicks === null ? (lowerBound === -Infinity ? 'pre' : Math.round(lowerBound)) : Math.round(startTicks)}`;
    if (this.byKey.has(key)) {
      let n = 2;
      while (this.byKey.has(`${key}#${n}`)) n++;
      key = `${key}#${n}`;
    }
    const record = new ProcessRecord(key, pid, origin, startTicks, lowerBound, seen);
    record.ordinal = this.records.length;
    if (startKey !== null) {
      record.startKey = startKey;
      this.byStartKey.set(startKey, record);
    }
    this.byKey.set(key, record);
    this.records.push(record);
    const list = this.byPid.get(pid);
    if (list) list.push(record);
    else this.byPid.set(pid, [record]);
    this.generation++;
    return record;
  }
}

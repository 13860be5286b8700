// The events that define process lifetimes and names — classic Process start/stop/rundown, Kernel-Process
// process start/stop/rundown, SysConfig volume mappings — kept (copied) as the capture analysis sees
// them, so that a rebuild with new alert rules can replay those the store has since evicted under its
// memory budget: without them a long live session would lose the names of processes that started
// before the oldest stored event. They are few (one per process start/stop); KEEP_MAX bounds them.
import type { RawEvent } from '../events/raw-event';
import {
  ClassicOpcode,
  KernelClass,
  KernelProcessEvent,
  Provider,
  VOLUME_MAPPING_OPCODE,
} from '../summary/known';

/** Kept events at most (a few tens of MB in the worst case); beyond it the oldest are dropped. */
const KEEP_MAX = 200_000;

const CLASSIC = new Set<number>([
  ClassicOpcode.Start,
  ClassicOpcode.Stop,
  ClassicOpcode.DCStart,
  ClassicOpcode.DCStop,
  ClassicOpcode.ProcessTerminate,
  ClassicOpcode.ProcessDefunct,
]);
const KERNEL_PROCESS = new Set<number>([
  KernelProcessEvent.ProcessStart,
  KernelProcessEvent.ProcessStop,
  KernelProcessEvent.ProcessRundown,
]);

/** Whether an event starts, ends, names or places a process (or maps volumes for its paths). */
export function definesProcess(raw: RawEvent): boolean {
  switch (raw.providerId) {
    case KernelClass.Process:
      return CLASSIC.has(raw.opcode);
    case Provider.KernelProcess:
      return KERNEL_PROCESS.has(raw.id);
    case KernelClass.SysConfig:
      return raw.opcode === VOLUME_MAPPING_OPCODE;
    default:
      return false;
  }
}

export class ProcessLifetimes {
  private seqs: number[] = [];
  private events: RawEvent[] = [];
  /** Kept events dropped for KEEP_MAX. */
  dropped = 0;

  /** Keeps a copy of `raw` (its bytes outlive the source buffer) when it defines a process. */
  keep(raw: RawEvent, seq: number): void {
    if (seq < 0 || !definesProcess(raw)) return;
    if (this.events.length >= KEEP_MAX) {
      const half = KEEP_MAX >> 1;
      this.seqs = this.seqs.slice(half);
      this.events = this.events.slice(half);
      this.dropped += half;
    }
    this.seqs.push(seq);
    this.events.push({
      ...raw,
      payload: raw.payload.slice(),
      ext: raw.ext.map((x) => ({ type: x.type, data: x.data.slice() })),
    });
  }

  /** The kept events numbered below `seq` (those a store starting at `seq` no longer holds), in order. */
  *before(seq: number): IterableIterator<[RawEvent, number]> {
    for (let i = 0; i < this.seqs.length && (this.seqs[i] as number) < seq; i++)
      yield [this.events[i] as RawEvent, this.seqs[i] as number];
  }
}

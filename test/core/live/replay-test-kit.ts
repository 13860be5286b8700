// Test helpers for replay sessions: a manual scheduler (virtual milliseconds; tasks run in due order
// when the test says so, so a replay is deterministic), fixture paths, and a direct read of a capture
// to compare the batch path against.
import { resolve } from 'node:path';
import type { RawEvent } from '../../../electron/core/events/raw-event';
import type { ReplayScheduler } from '../../../electron/core/live/replay-consumer';
import { openFileEventSource } from '../../../electron/core/pipeline/sources/open-file.node.js';
import type { EventSource } from '../../../electron/core/pipeline/sources/event-source';

export const FIXTURES = resolve(__dirname, '../../../../shared/fixtures/etl');
export const KERNEL_NETWORK = resolve(FIXTURES, 'tx/KernelNetwork.etl');
export const PERFVIEW_NET = resolve(FIXTURES, 'perfview/net.4.5.2.x86.etl.zip');
export const KERNEL_NETWORK_PROVIDER = '7dd42a49-5329-4832-8dfd-43d979153a88';

export class ManualScheduler implements ReplayScheduler {
  time = 0;
  private tasks: { due: number; order: number; task: () => void }[] = [];
  private order = 0;

  now(): number {
    return this.time;
  }

  defer(task: () => void, ms: number): void {
    this.tasks.push({ due: this.time + Math.max(0, ms), order: this.order++, task });
  }

  get pending(): number {
    return this.tasks.length;
  }

  /** Runs the earliest task (advancing virtual time to it); false when none is left. */
  runNext(): boolean {
    if (this.tasks.length === 0) return false;
    this.tasks.sort((a, b) => a.due - b.due || a.order - b.order);
    const next = this.tasks.shift() as { due: number; task: () => void };
    this.time = Math.max(this.time, next.due);
    next.task();
    return true;
  }

  /** Runs tasks until none is left or `limit` ran (a guard against loops). */
  runAll(limit = 1_000_000): number {
    let n = 0;
    while (n < limit && this.runNext()) n++;
    return n;
  }

  /** Runs tasks due up to `time` (virtual ms from now). */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      this.tasks.sort((a, b) => a.due - b.due || a.order - b.order);
      const next = this.tasks[0];
      if (!next || next.due > until) break;
      this.runNext();
    }
    this.time = until;
  }
}

export function openCapture(path: string): EventSource {
  const opened = openFileEventSource({ path });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

/** What a RawEvent keeps through the batch path (payload and ext bytes copied). */
export interface EventImage {
  ticks: number;
  cpu: number;
  pid: number;
  tid: number;
  providerId: string;
  id: number;
  version: number;
  channel: number;
  level: number;
  opcode: number;
  task: number;
  keywords: bigint;
  activityId: string;
  headerType: number;
  pointerSize: number;
  ext: { type: number; data: number[] }[];
  payload: Uint8Array;
}

export function imageOf(e: RawEvent): EventImage {
  return {
    ticks: e.ticks,
    cpu: e.cpu,
    pid: e.pid,
    tid: e.tid,
    providerId: e.providerId,
    id: e.id,
    version: e.version,
    channel: e.channel,
    level: e.level,
    opcode: e.opcode,
    task: e.task,
    keywords: e.keywords,
    activityId: e.activityId,
    headerType: e.headerType,
    pointerSize: e.pointerSize,
    ext: e.ext.map((x) => ({ type: x.type, data: Array.from(x.data) })),
    payload: e.payload.slice(),
  };
}

/** Every event of a capture read directly (time order), as images. */
export function readDirect(path: string): EventImage[] {
  const source = openCapture(path);
  const out: EventImage[] = [];
  for (;;) {
    const r = source.pull((e) => out.push(imageOf(e)), 65536);
    if (r instanceof Promise) throw new Error('file sources are synchronous');
    if (r.state === 'done') break;
  }
  source.close();
  return out;
}

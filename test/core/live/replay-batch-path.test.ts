// A replay goes through the live batch path — RawEvents → BatchWriter (native layout) → parseBatch →
// RawEvents — and must give back what reading the file directly gives: the same events, payload and
// extended-data bytes, in the same order, with sequence numbers that run without gaps when nothing is
// dropped; and, under back pressure, every event delivered or counted as dropped, never lost silently.
import { describe, expect, it } from 'vitest';
import { GuidInterner } from '../../../electron/core/binary/guid';
import { RecordKind } from '../../../electron/core/events/raw-event';
import { parseBatch, type ParsedBatch } from '../../../electron/core/live/batch-parser';
import { EVENT_TRACE_CLASS } from '../../../electron/core/live/enable-match';
import { ReplayBackend } from '../../../electron/core/live/replay-backend';
import {
  KERNEL_NETWORK,
  KERNEL_NETWORK_PROVIDER,
  ManualScheduler,
  PERFVIEW_NET,
  imageOf,
  openCapture,
  readDirect,
  type EventImage,
} from './replay-test-kit';

const EVERY_KERNEL_FLAG = 0x7fffffff;

/** Plays a capture to one session that receives everything; returns the parsed batches in order. */
function replayAll(path: string, options: { batchBytes?: number } = {}) {
  const direct = readDirect(path);
  const providers = new Set(direct.map((e) => e.providerId));
  const scheduler = new ManualScheduler();
  const backend = new ReplayBackend({ source: openCapture(path), speed: Infinity, scheduler });
  backend.startSession({ name: 'ETWExplorer-Test', systemLogger: true, kernelFlags: EVERY_KERNEL_FLAG });
  for (const guid of providers) backend.enableProvider({ session: 'ETWExplorer-Test', guid, level: 255 });
  const interner = new GuidInterner();
  const batches: ParsedBatch[] = [];
  const events: EventImage[] = [];
  let kinds = new Map<number, number>();
  new backend.Consumer({
    session: 'ETWExplorer-Test',
    batchBytes: options.batchBytes,
    onBatch: (bytes) => {
      const parsed = parseBatch(bytes, interner);
      batches.push(parsed);
      for (const e of parsed.events) {
        events.push(imageOf(e));
        kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
      }
    },
  });
  scheduler.runAll();
  kinds = new Map([...kinds].sort((a, b) => a[0] - b[0]));
  return { direct, batches, events, kinds, backend };
}

describe('replay through the batch path', () => {
  it('tx/KernelNetwork.etl: same 8,924 events, same bytes, same order', () => {
    const { direct, batches, events } = replayAll(KERNEL_NETWORK, { batchBytes: 64 * 1024 });
    expect(direct.length).toBe(8924);
    expect(direct.filter((e) => e.providerId === KERNEL_NETWORK_PROVIDER).length).toBe(8923);
    expect(events.length).toBe(direct.length);
    expect(events).toEqual(direct);
    expect(batches.length).toBeGreaterThan(5);
    expect(batches.map((b) => b.sequence)).toEqual(batches.map((_, i) => i));
    expect(batches.every((b) => b.diagnostics.length === 0 && b.dropped === 0)).toBe(true);
    expect(batches.map((b) => b.last)).toEqual(batches.map((_, i) => i === batches.length - 1));
    // Absolute time is kept: the batch clock states the capture's start time.
    const source = openCapture(KERNEL_NETWORK);
    expect(batches[0]?.clock.startFileTime).toBe(source.clock.startFileTime);
    source.close();
  });

  it('perfview net.4.5.2 (zip, XPRESS-compressed, 32-bit and kernel records, stacks): identical', () => {
    const { direct, events, kinds, batches } = replayAll(PERFVIEW_NET);
    expect(direct.length).toBe(168298);
    expect(events.length).toBe(direct.length);
    for (let i = 0; i < direct.length; i++) {
      if (!sameImage(events[i] as EventImage, direct[i] as EventImage)) {
        expect(events[i]).toEqual(direct[i]);
      }
    }
    expect(direct.filter((e) => e.pointerSize === 4).length).toBeGreaterThan(39000);
    expect(direct.reduce((n, e) => n + e.ext.length, 0)).toBe(1073);
    // Kernel (SYSTEM/PERFINFO) and classic records come back as EVENT_RECORDs with CLASSIC_HEADER.
    expect(kinds.get(RecordKind.Full)).toBe(4472 + 8162 + 115091 + 73 + 2);
    expect(kinds.get(RecordKind.EventHeader)).toBe(39410 + 1055 + 18 + 15);
    expect(batches.every((b) => b.diagnostics.length === 0)).toBe(true);
  });

  it('counts every dropped event when the consumer is slower than a max-speed replay', async () => {
    const direct = readDirect(KERNEL_NETWORK);
    const scheduler = new ManualScheduler();
    const backend = new ReplayBackend({
      source: openCapture(KERNEL_NETWORK),
      speed: Infinity,
      scheduler,
      eventsPerStep: 512,
    });
    backend.startSession({ name: 'ETWExplorer-Slow' });
    backend.enableProvider({ session: 'ETWExplorer-Slow', guid: KERNEL_NETWORK_PROVIDER });
    const interner = new GuidInterner();
    const received: ParsedBatch[] = [];
    const releases: (() => void)[] = [];
    const consumer = new backend.Consumer({
      session: 'ETWExplorer-Slow',
      batchBytes: 64 * 1024,
      maxQueuedBatches: 2,
      onBatch: (bytes) => {
        received.push(parseBatch(bytes, interner));
        // Busy until the test lets go: nothing else is delivered meanwhile.
        return new Promise<void>((release) => releases.push(release));
      },
    });
    scheduler.runAll();
    expect(backend.playState).toBe('ended');
    while (releases.length > 0) {
      releases.shift()?.();
      await Promise.resolve();
      scheduler.runAll();
    }
    const stats = consumer.stats();
    const delivered = received.reduce((n, b) => n + b.events.length, 0);
    const droppedInHeaders = received.reduce((n, b) => n + b.dropped, 0);
    // The session receives its provider's events and the trace header (a session record).
    const wanted = direct.filter(
      (e) => e.providerId === KERNEL_NETWORK_PROVIDER || e.providerId === EVENT_TRACE_CLASS,
    ).length;
    expect(wanted).toBe(8924);
    expect(stats.eventsDropped).toBeGreaterThan(0);
    expect(stats.batchesDropped).toBeGreaterThan(0);
    expect(delivered + stats.eventsDropped).toBe(wanted);
    expect(droppedInHeaders).toBe(stats.eventsDropped);
    expect(stats.eventsSeen).toBe(wanted);
    // Sequence numbers count dropped batches too: the gaps are exactly the dropped batches.
    const sequences = received.map((b) => b.sequence);
    const last = sequences[sequences.length - 1] as number;
    expect(last + 1 - sequences.length).toBe(stats.batchesDropped);
    expect(received[received.length - 1]?.last).toBe(true);
    expect(stats.running).toBe(false);
  });

  it('paces a 10x replay by the recorded timestamps', () => {
    const scheduler = new ManualScheduler();
    const backend = new ReplayBackend({ source: openCapture(KERNEL_NETWORK), speed: 10, scheduler });
    backend.startSession({ name: 'ETWExplorer-Paced', flushTimerMs: 100 });
    backend.enableProvider({ session: 'ETWExplorer-Paced', guid: KERNEL_NETWORK_PROVIDER });
    const interner = new GuidInterner();
    const arrivals: { at: number; ticks: number }[] = [];
    new backend.Consumer({
      session: 'ETWExplorer-Paced',
      onBatch: (bytes) => {
        for (const e of parseBatch(bytes, interner).events)
          arrivals.push({ at: scheduler.now(), ticks: e.ticks });
      },
    });
    scheduler.runAll();
    const first = arrivals[0] as { at: number; ticks: number };
    const lastArrival = arrivals[arrivals.length - 1] as { at: number; ticks: number };
    const spanMs = (lastArrival.ticks - first.ticks) / 10_000;
    // Virtual wall time matches the recorded span / 10, within one flush interval.
    expect(lastArrival.at - first.at).toBeGreaterThan(spanMs / 10 - 150);
    expect(lastArrival.at - first.at).toBeLessThan(spanMs / 10 + 150);
    // No event arrives before its due time (anchored at the first event).
    for (const a of arrivals)
      expect(a.at + 1e-6).toBeGreaterThanOrEqual((a.ticks - first.ticks) / 10_000 / 10);
  });
});

function sameImage(a: EventImage, b: EventImage): boolean {
  if (a.payload.length !== b.payload.length) return false;
  for (let i = 0; i < a.payload.length; i++) if (a.payload[i] !== b.payload[i]) return false;
  return (
    a.ticks === b.ticks &&
    a.cpu === b.cpu &&
    a.pid === b.pid &&
    a.tid === b.tid &&
    a.providerId === b.providerId &&
    a.id === b.id &&
    a.version === b.version &&
    a.channel === b.channel &&
    a.level === b.level &&
    a.opcode === b.opcode &&
    a.task === b.task &&
    a.keywords === b.keywords &&
    a.activityId === b.activityId &&
    a.headerType === b.headerType &&
    a.pointerSize === b.pointerSize &&
    JSON.stringify(a.ext) === JSON.stringify(b.ext)
  );
}

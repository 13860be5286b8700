// The pipeline's sources over real captures: a file read to its end in slices, the same file replayed
// at a speed against a controlled clock, and the live seam fed with batches and loss counters.
import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../../electron/core/events/raw-event';
import type { EventSource, PullResult } from '../../../electron/core/pipeline/sources/event-source';
import { RT_LOST_EVENT_CLASS } from '../../../electron/core/pipeline/sources/event-source';
import { LiveSource, type LiveBatch } from '../../../electron/core/pipeline/sources/live-source';
import { openFileEventSource } from '../../../electron/core/pipeline/sources/open-file.node.js';
import { MAX_WAIT_MS, ReplaySource } from '../../../electron/core/pipeline/sources/replay-source';
import { KERNEL_NETWORK, KERNEL_NETWORK_EVENTS } from './fixtures';

function open(path = KERNEL_NETWORK): EventSource {
  const r = openFileEventSource({ path });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('EtlFileSource', () => {
  it('hands over every event in time order, slice by slice, with progress reaching the file size', () => {
    const source = open();
    const ticks: number[] = [];
    let result: PullResult;
    let pulls = 0;
    do {
      result = source.pull((raw) => ticks.push(raw.ticks), 1000) as PullResult;
      pulls++;
      if (result.state === 'more')
        expect(source.progress().bytesRead).toBeLessThanOrEqual(source.progress().bytesTotal);
    } while (result.state !== 'done');
    expect(ticks).toHaveLength(KERNEL_NETWORK_EVENTS);
    expect(pulls).toBe(
      Math.ceil(KERNEL_NETWORK_EVENTS / 1000) + (KERNEL_NETWORK_EVENTS % 1000 === 0 ? 1 : 0),
    );
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]).toBeGreaterThanOrEqual(ticks[i - 1] as number);
    const p = source.progress();
    expect(p).toMatchObject({ events: KERNEL_NETWORK_EVENTS, estimatedEvents: KERNEL_NETWORK_EVENTS });
    expect(p.bytesRead).toBe(p.bytesTotal);
    expect(source.loss()).toEqual({
      etwEventsLost: 0,
      realtimeBuffersLost: 0,
      inStreamLost: 0,
      queueDropped: 0,
    });
    expect(source.header?.numberOfProcessors).toBe(4);
    expect(source.description).toMatchObject({ kind: 'capture', label: 'KernelNetwork.etl' });
    source.close();
  });

  it('extrapolates the event total while reading', () => {
    const source = open();
    source.pull(() => {}, 3000);
    const p = source.progress();
    expect(p.bytesRead).toBeGreaterThan(0);
    expect(p.bytesRead).toBeLessThan(p.bytesTotal);
    expect(p.estimatedEvents).toBeGreaterThan(3000);
    expect(p.estimatedEvents).toBeLessThan(KERNEL_NETWORK_EVENTS * 3);
    source.close();
  });

  it('answers missing files and non-ETL files with error values naming the file', () => {
    expect(openFileEventSource({ path: '/no/such/file.etl' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', detail: '/no/such/file.etl' },
    });
    const notEtl = openFileEventSource({ path: __filename });
    expect(notEtl).toMatchObject({ ok: false, error: { code: 'PARSE_ERROR' } });
    if (!notEtl.ok) expect(notEtl.error.message).toContain('is not an ETL file');
  });
});

describe('ReplaySource', () => {
  it('paces events by their timestamps at the chosen speed', () => {
    let now = 1000;
    const replay = new ReplaySource(open(), { speed: 10, now: () => now });
    expect(replay.description.kind).toBe('replay');
    const seen: number[] = [];
    const first = replay.pull((raw) => seen.push(raw.ticks), 100000) as PullResult;
    // At t0 only the events stamped at the first event's time are due.
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(1);
    expect(first.state).toBe('more');
    const waiting = replay.pull((raw) => seen.push(raw.ticks), 100000) as PullResult;
    expect(waiting.state).toBe('wait');
    if (waiting.state === 'wait') expect(waiting.ms).toBeLessThanOrEqual(MAX_WAIT_MS);
    // One wall second at 10x covers ten trace seconds.
    now += 1000;
    replay.pull((raw) => seen.push(raw.ticks), 100000);
    const t0 = seen[0] as number;
    expect((seen[seen.length - 1] as number) - t0).toBeLessThanOrEqual(10 * 1e7);
    const afterOneSecond = seen.length;
    expect(afterOneSecond).toBeLessThan(KERNEL_NETWORK_EVENTS);
    // The rest arrives once the whole trace time (about 42.7 s) has passed at 10x.
    now += 10_000;
    let r: PullResult;
    do r = replay.pull((raw) => seen.push(raw.ticks), 100000) as PullResult;
    while (r.state === 'more');
    expect(r.state).toBe('done');
    expect(seen).toHaveLength(KERNEL_NETWORK_EVENTS);
    replay.close();
  });

  it('at max speed is the file source itself', () => {
    const replay = new ReplaySource(open(), { speed: Infinity, now: () => 0 });
    let n = 0;
    expect(replay.pull(() => n++, 100000)).toEqual({ state: 'done' });
    expect(n).toBe(KERNEL_NETWORK_EVENTS);
  });

  it('refuses a speed that is not positive', () => {
    expect(() => new ReplaySource(open(), { speed: 0 })).toThrow(/speed/);
  });
});

describe('LiveSource', () => {
  /** The file's events as live batches (payloads copied, as a native batch would own them). */
  function batchesOf(count: number, size: number): LiveBatch[] {
    const source = open();
    const events: RawEvent[] = [];
    source.pull((raw) => events.push({ ...raw, payload: raw.payload.slice(), ext: [] }), count);
    source.close();
    const lost: RawEvent = { ...(events[1] as RawEvent), providerId: RT_LOST_EVENT_CLASS, opcode: 32 };
    events.push(lost);
    const out: LiveBatch[] = [];
    for (let i = 0; i < events.length; i += size)
      out.push({ events: events.slice(i, i + size), loss: { etwEventsLost: i, queueDropped: 1 } });
    return out;
  }

  it('delivers every batch in slices and reports the session’s loss counters and lost records', async () => {
    const batches = batchesOf(500, 128);
    async function* feed() {
      for (const b of batches) yield b;
    }
    const clock = open().clock;
    const live = new LiveSource(feed(), clock, { kind: 'live', label: 'test session' });
    let n = 0;
    let r: PullResult;
    do r = await live.pull(() => n++, 50);
    while (r.state !== 'done');
    expect(n).toBe(501);
    expect(live.loss()).toEqual({
      etwEventsLost: 128 * (batches.length - 1),
      realtimeBuffersLost: 0,
      inStreamLost: 1,
      queueDropped: 1,
    });
  });

  it('says "wait" while an idle session has nothing, and ends when the session ends', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* feed() {
      await gate;
      yield* batchesOf(10, 10);
    }
    const live = new LiveSource(feed(), open().clock, { kind: 'live', label: 'idle' });
    expect(await live.pull(() => {}, 10)).toEqual({ state: 'wait', ms: 0 });
    release();
    let n = 0;
    let r: PullResult;
    do r = await live.pull(() => n++, 10);
    while (r.state !== 'done');
    expect(n).toBe(11);
  });

  it('a failing session ends the stream with a diagnostic', async () => {
    async function* feed(): AsyncGenerator<LiveBatch> {
      yield* [];
      throw new Error('the session was stopped by another tool');
    }
    const live = new LiveSource(feed(), open().clock, { kind: 'live', label: 'x' });
    expect(await live.pull(() => {}, 10)).toEqual({ state: 'done' });
    expect(live.diagnostics()[0]?.message).toContain('stopped by another tool');
  });
});

// The capture engine over real captures and real filters: ingest to the end with updates, views that
// filter on header fields and decoded properties (counts checked against an independent pass of the
// reader and decoder), bad filters as positioned errors that leave the view alone, sorts, rows,
// details, the timeline, completions, find, locate, pause, a capture filter, and process enrichment.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProviderSchema } from '../../../electron/common/model/schema';
import type { Result } from '../../../electron/common/result';
import { createDecoder } from '../../../electron/core/decode/index';
import { openFileSource } from '../../../electron/core/etl/file-source.node.js';
import { openEtl } from '../../../electron/core/etl/reader';
import { CaptureEngine, type EngineUpdate } from '../../../electron/core/pipeline/capture-engine';
import { openFileEventSource } from '../../../electron/core/pipeline/sources/open-file.node.js';
import { KERNEL_NETWORK, KERNEL_NETWORK_EVENTS, PROCESS, windows7Manifests } from './fixtures';

let providers: ProviderSchema[] = [];
/** Independent counts from the reader + decoder (not the store or views). */
const truth = { id11: 0, id11Big: 0, datasent: 0 };

beforeAll(async () => {
  providers = await windows7Manifests();
  const decoder = createDecoder(providers);
  const reader = openEtl(openFileSource(KERNEL_NETWORK));
  for (const raw of reader.events()) {
    const d = decoder.decode(raw);
    if (raw.id === 11 && raw.providerId === '7dd42a49-5329-4832-8dfd-43d979153a88') {
      truth.id11++;
      if (typeof d.props.size === 'number' && d.props.size > 1000) truth.id11Big++;
    }
    if (d.eventName.includes('Datasent')) truth.datasent++;
  }
  reader.close();
}, 60_000);

async function engineFor(
  path: string,
  options: { captureFilter?: string; onUpdate?: (u: EngineUpdate) => void } = {},
) {
  const source = openFileEventSource({ path });
  if (!source.ok) throw new Error(source.error.message);
  return new CaptureEngine({ captureId: 'c1', source: source.value, providers, ...options });
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('CaptureEngine over KernelNetwork.etl', () => {
  let engine: CaptureEngine;
  const updates: EngineUpdate[] = [];

  beforeAll(async () => {
    engine = await engineFor(KERNEL_NETWORK, { onUpdate: (u) => updates.push(u) });
    value(engine.createView('early', { follow: true }));
    expect(await engine.run()).toEqual({ state: 'done' });
  });

  it('reads every event and reports progress, growth and the end', () => {
    expect(engine.store.count).toBe(KERNEL_NETWORK_EVENTS);
    const last = updates[updates.length - 1] as EngineUpdate;
    expect(last.progress).toMatchObject({
      phase: 'done',
      events: KERNEL_NETWORK_EVENTS,
      estimatedEvents: KERNEL_NETWORK_EVENTS,
    });
    expect(last.progress.bytesRead).toBe(last.progress.bytesTotal);
    const grown = updates.flatMap((u) => u.views).filter((b) => b.viewId === 'early');
    expect(grown.length).toBeGreaterThan(0);
    expect(grown.map((b) => b.seq)).toEqual(grown.map((_, i) => i + 1));
    const final = grown[grown.length - 1];
    expect(final?.total).toBe(KERNEL_NETWORK_EVENTS);
    // A following view gets its newest rows pushed.
    expect(final?.tail?.[final.tail.length - 1]?.index).toBe(KERNEL_NETWORK_EVENTS - 1);
    expect(engine.summary()).toMatchObject({
      fileName: 'KernelNetwork.etl',
      events: KERNEL_NETWORK_EVENTS,
      cpuCount: 4,
      osVersion: '6.1 build 7601',
      startTime: '2012-06-19T20:33:52.8135944Z',
    });
  });

  it('answers rows as the `etwx dump` shape with index, seq, ticks and a summary', () => {
    const page = value(engine.rows('early', 1, 2));
    expect(page.total).toBe(KERNEL_NETWORK_EVENTS);
    const row = page.rows[0];
    expect(row).toMatchObject({
      index: 1,
      seq: 1,
      provider: { name: 'Microsoft-Windows-Kernel-Network' },
      event: { id: 27 },
      props: { PID: 2432, size: 37 },
    });
    expect(row?.summary).toMatch(/^PID=2432 {2}size=37 {2}daddr=/);
    expect(row?.ticks).toBeGreaterThan(0);
    expect(row && 'raw' in row).toBe(false);
  });

  it('filters on header fields and on decoded properties, matching an independent decode', () => {
    const header = value(
      engine.createView('h', { filter: 'id == 11 and provider == "Microsoft-Windows-Kernel-Network"' }),
    );
    expect(header.total).toBe(truth.id11);
    const props = value(engine.createView('p', { filter: 'id == 11 and props.size > 1000' }));
    expect(props.total).toBe(truth.id11Big);
    expect(truth.id11Big).toBeGreaterThan(0);
    expect(truth.id11Big).toBeLessThan(truth.id11);
    const names = value(engine.createView('n', { filter: 'event contains "Datasent"' }));
    expect(names.total).toBe(truth.datasent);
    const rows = value(engine.rows('p', 0, 50)).rows;
    expect(rows.every((r) => r.event.id === 11 && (r.props.size as number) > 1000)).toBe(true);
  });

  it('refuses a bad filter with its position and leaves the view as it was', () => {
    const before = value(engine.updateView('h', {}));
    const bad = engine.updateView('h', { filter: 'id == 11 and pid ==' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'PARSE_ERROR', offset: 19, length: 0 } });
    const unknown = engine.updateView('h', { filter: 'size > 5' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'PARSE_ERROR', offset: 0, length: 4 } });
    expect(value(engine.updateView('h', {}))).toEqual(before);
    expect(engine.createView('x', { filter: '(' })).toMatchObject({
      ok: false,
      error: { code: 'PARSE_ERROR' },
    });
    expect(engine.rows('x', 0, 1)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('sorts by header columns and by names, both ways', () => {
    value(engine.createView('s', { sort: { column: 'id', descending: true } }));
    const ids = value(engine.rows('s', 0, KERNEL_NETWORK_EVENTS)).rows.map((r) => r.event.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(ids[0]).toBeGreaterThan(ids[ids.length - 1] as number);
    value(engine.updateView('s', { sort: { column: 'event', descending: false } }));
    const names = value(engine.rows('s', 0, KERNEL_NETWORK_EVENTS)).rows.map((r) =>
      r.event.name.toLowerCase(),
    );
    for (let i = 1; i < names.length; i++) expect(names[i]! >= names[i - 1]!).toBe(true);
    value(engine.updateView('s', { sort: { column: 'provider', descending: true } }));
    const first = value(engine.rows('s', 0, 1)).rows[0];
    expect(first?.provider.name).toBe('Windows Kernel');
    value(engine.updateView('s', { sort: { column: 'time', descending: true } }));
    expect(value(engine.rows('s', 0, 1)).rows[0]?.seq).toBe(KERNEL_NETWORK_EVENTS - 1);
  });

  it('shows every property with its schema type, the payload bytes and the names', () => {
    const d = value(engine.detail(5));
    expect(d.properties.map((p) => [p.name, p.type])).toEqual([
      ['PID', 'UInt32'],
      ['size', 'UInt32'],
      ['daddr', 'UInt32'],
      ['saddr', 'UInt32'],
      ['dport', 'UInt16'],
      ['sport', 'UInt16'],
      ['seqnum', 'UInt32'],
      ['connid', 'UInt32'],
    ]);
    expect(d.rawHex).toHaveLength(d.payloadLength * 2);
    expect(d.payloadLength).toBe(32);
    expect(d.names).toMatchObject({
      task: 'KERNEL_NETWORK_TASK_TCPIP',
      level: 'Informational',
      schemaSource: 'xml',
    });
    expect(engine.detail(KERNEL_NETWORK_EVENTS)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('draws the timeline: buckets over the capture’s time that add up to the view', () => {
    const all = value(engine.histogram('early', 100));
    expect(all.counts).toHaveLength(100);
    expect(all.counts.reduce((a, b) => a + b, 0)).toBe(KERNEL_NETWORK_EVENTS);
    expect(all.fromTicks).toBe(0);
    expect(all.startTime).toBe('2012-06-19T20:33:52.8135944Z');
    const filtered = value(engine.histogram('p', 10));
    expect(filtered.counts.reduce((a, b) => a + b, 0)).toBe(truth.id11Big);
    // A time range filter keeps what the histogram counts in that range.
    const mid = Math.floor((all.fromTicks + all.toTicks) / 2);
    const ranged = value(engine.createView('t', { filter: `time >= ${mid / 1e7}s` }));
    const counted = value(engine.histogram('early', 1, mid, all.toTicks)).counts[0];
    expect(ranged.total).toBe(counted);
  });

  it('completes providers, event names and property names of the capture', () => {
    const providersDone = value(engine.completions('early', 'provider == "Microsoft-W', 24));
    expect(providersDone.items.map((i) => i.label)).toContain('Microsoft-Windows-Kernel-Network');
    const props = value(engine.completions('early', 'props.si', 8));
    expect(props.items.map((i) => i.label)).toContain('size');
    const events = value(engine.completions('early', 'event == "KERNEL_NETWORK_TASK_TCPIPDatas', 44));
    expect(events.items.length).toBeGreaterThan(0);
  });

  it('finds rows by their text, forwards and backwards, and says when there is none', () => {
    const next = value(engine.find('early', 'datasent', 0, false));
    expect(next.index).toBeGreaterThan(0);
    const row = value(engine.rows('early', next.index, 1)).rows[0];
    expect(row?.event.name).toContain('Datasent');
    const back = value(engine.find('early', 'DATASENT', next.index - 1, true));
    expect(back.index === -1 || back.index < next.index).toBe(true);
    // A search that finds nothing goes on where it stopped until it reaches the end.
    let from = 0;
    let calls = 0;
    for (;;) {
      const r = value(engine.find('early', 'no such text anywhere', from, false));
      expect(r.index).toBe(-1);
      calls++;
      if (r.done) break;
      expect(r.next).toBeGreaterThan(from);
      from = r.next;
    }
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(value(engine.locate('early', row?.seq ?? -1))).toEqual({ index: next.index });
    expect(value(engine.locate('p', 0))).toEqual({ index: -1 });
  });

  it('a paused view keeps its rows until resumed', () => {
    const paused = value(engine.updateView('n', { paused: true }));
    expect(paused.paused).toBe(true);
    expect(value(engine.updateView('n', { paused: false }))).toMatchObject({
      paused: false,
      total: truth.datasent,
    });
  });
});

describe('CaptureEngine options and enrichment', () => {
  it('a capture filter keeps only matching events in the store', async () => {
    const engine = await engineFor(KERNEL_NETWORK, { captureFilter: 'id == 11' });
    await engine.run();
    expect(engine.store.count).toBe(truth.id11);
    expect(value(engine.createView('v', {})).total).toBe(truth.id11);
  });

  it('a capture filter on properties decodes only what passes its header part', async () => {
    const engine = await engineFor(KERNEL_NETWORK, { captureFilter: 'id == 11 and props.size > 1000' });
    await engine.run();
    expect(engine.store.count).toBe(truth.id11Big);
  });

  it('names processes from Kernel-Process events, for rows and for process.* filters', async () => {
    const engine = await engineFor(PROCESS);
    await engine.run();
    value(engine.createView('all', {}));
    const rows = value(engine.rows('all', 0, 2000)).rows;
    const named = rows.filter((r) => r.processName !== undefined);
    expect(named.length).toBeGreaterThan(100);
    const name = named.find((r) => r.processName !== 'System' && r.processName !== 'Idle')
      ?.processName as string;
    expect(name).toBeTruthy();
    const byName = value(engine.createView('proc', { filter: `process.name == "${name}"` }));
    expect(byName.total).toBeGreaterThan(0);
    const matched = value(engine.rows('proc', 0, 500)).rows;
    expect(matched.every((r) => r.processName?.toLowerCase() === name.toLowerCase())).toBe(true);
    value(engine.createView('sorted', { sort: { column: 'process', descending: false } }));
    const sorted = value(engine.rows('sorted', 0, 10343))
      .rows.map((r) => (r.processName ?? '').toLowerCase())
      .filter(Boolean);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! >= sorted[i - 1]!).toBe(true);
  });

  it('cancel stops reading and keeps what was read', async () => {
    let cancelled = false;
    const engine = await engineFor(KERNEL_NETWORK, {
      onUpdate: () => {
        if (!cancelled) {
          cancelled = true;
          engine.cancel();
        }
      },
    });
    const outcome = await engine.run();
    expect(outcome).toEqual({ state: 'cancelled' });
    expect(engine.store.count).toBeGreaterThan(0);
    expect(engine.store.count).toBeLessThan(KERNEL_NETWORK_EVENTS);
    expect(engine.progress().phase).toBe('cancelled');
  });
});

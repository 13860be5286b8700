// Sorting views by a decoded property (`prop:...`): over tx/KernelNetwork.etl with the Windows 7
// manifests, the engine's order is checked against an independent pass (reader + decoder, values
// compared by an oracle written here: numbers exactly, then text ignoring case, missing last, ties in
// seq order) for a numeric property, a mixed number/text one, a filtered view and both directions.
// A built provider with UInt64 values around 2^53 and 2^64 (which doubles cannot tell apart), a struct
// member and text in mixed case arrives in live batches while the views are open; the label
// dictionary is checked on its own, down to the relabel a crowded gap forces.
import { beforeAll, describe, expect, it } from 'vitest';
import type { PropertySortColumn } from '../../../electron/common/ipc/messages';
import type { PropValue } from '../../../electron/common/model/event';
import type { ProviderSchema } from '../../../electron/common/model/schema';
import type { Result } from '../../../electron/common/result';
import { createDecoder } from '../../../electron/core/decode/index';
import { openFileSource } from '../../../electron/core/etl/file-source.node.js';
import { openEtl } from '../../../electron/core/etl/reader';
import type { RawEvent } from '../../../electron/core/events/raw-event';
import { propAt } from '../../../electron/core/filter/index';
import { CaptureEngine, type EngineUpdate } from '../../../electron/core/pipeline/capture-engine';
import { OrderedLabels } from '../../../electron/core/pipeline/property-sort';
import { LiveSource, type LiveBatch } from '../../../electron/core/pipeline/sources/live-source';
import { openFileEventSource } from '../../../electron/core/pipeline/sources/open-file.node.js';
import { bytes } from '../decode/payload-builder';
import { rawEvent } from '../decode/raw-events';
import { KERNEL_NETWORK, KERNEL_NETWORK_EVENTS, windows7Manifests } from './fixtures';

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** The oracle's view of a value: a tier (number, text, missing) and what orders it within the tier. */
function sortable(v: PropValue | undefined): { tier: number; n?: number | bigint; s?: string } {
  if (typeof v === 'number') return Number.isNaN(v) ? { tier: 2 } : { tier: 0, n: v };
  if (typeof v === 'boolean') return { tier: 0, n: v ? 1 : 0 };
  if (typeof v === 'string') {
    if (/^[-+]?\d+$/.test(v) || /^0x[0-9a-f]+$/i.test(v)) return { tier: 0, n: BigInt(v) };
    return { tier: 1, s: v.toLowerCase() };
  }
  return { tier: 2 };
}

/** Seqs sorted by the oracle: within numbers and text by value (reversed when descending), missing last. */
function oracleOrder(
  rows: Array<{ seq: number; value: PropValue | undefined }>,
  descending: boolean,
): number[] {
  const keyed = rows.map((r) => ({ seq: r.seq, k: sortable(r.value) }));
  const sign = descending ? -1 : 1;
  keyed.sort((a, b) => {
    if (a.k.tier === 2 || b.k.tier === 2) return a.k.tier - b.k.tier || a.seq - b.seq;
    if (a.k.tier !== b.k.tier) return sign * (a.k.tier - b.k.tier);
    const x = a.k.tier === 0 ? (a.k.n as number | bigint) : (a.k.s as string);
    const y = b.k.tier === 0 ? (b.k.n as number | bigint) : (b.k.s as string);
    return sign * (x < y ? -1 : x > y ? 1 : 0) || a.seq - b.seq;
  });
  return keyed.map((r) => r.seq);
}

describe('sort by a property over tx/KernelNetwork.etl', () => {
  let engine: CaptureEngine;
  /** Each stored event's decoded props and id, by seq, from a pass of our own. */
  const truth: Array<{ id: number; props: { [name: string]: PropValue } }> = [];

  beforeAll(async () => {
    const providers = await windows7Manifests();
    const decoder = createDecoder(providers);
    const reader = openEtl(openFileSource(KERNEL_NETWORK));
    for (const raw of reader.events()) truth.push({ id: raw.id, props: decoder.decode(raw).props });
    reader.close();
    const source = value(openFileEventSource({ path: KERNEL_NETWORK }));
    engine = new CaptureEngine({ captureId: 'c', source, providers });
    expect(await engine.run()).toEqual({ state: 'done' });
    expect(truth).toHaveLength(KERNEL_NETWORK_EVENTS);
  }, 60_000);

  const seqsOf = (viewId: string) =>
    value(engine.rows(viewId, 0, KERNEL_NETWORK_EVENTS)).rows.map((r) => r.seq);
  const expected = (path: string[], descending: boolean, keep: (id: number) => boolean = () => true) =>
    oracleOrder(
      truth.flatMap((t, seq) => (keep(t.id) ? [{ seq, value: propAt(t.props, path) }] : [])),
      descending,
    );

  it('props.size ascending and descending: numbers in order, events without it last', () => {
    const withSize = truth.filter((t) => typeof t.props.size === 'number').length;
    expect(withSize).toBeGreaterThan(1000);
    expect(withSize).toBeLessThan(KERNEL_NETWORK_EVENTS);
    value(engine.createView('size', { sort: { column: 'prop:size', descending: false } }));
    const ascending = seqsOf('size');
    expect(ascending).toEqual(expected(['size'], false));
    value(engine.updateView('size', { sort: { column: 'prop:size', descending: true } }));
    const descending = seqsOf('size');
    expect(descending).toEqual(expected(['size'], true));
    // Missing last both ways: the same events end both orders.
    expect(new Set(descending.slice(withSize))).toEqual(new Set(ascending.slice(withSize)));
    expect(truth[descending[0] as number]?.props.size).toBe(
      Math.max(...truth.map((t) => (typeof t.props.size === 'number' ? t.props.size : -1))),
    );
  });

  it('a property that is a number in some events and text in others (daddr: IPv4 / IPv6 hex)', () => {
    const kinds = new Set(truth.map((t) => typeof t.props.daddr));
    expect(kinds).toEqual(new Set(['number', 'string', 'undefined']));
    for (const descending of [false, true]) {
      value(engine.updateView('size', { sort: { column: 'prop:daddr', descending } }));
      expect(seqsOf('size')).toEqual(expected(['daddr'], descending));
    }
  });

  it('sorts a filtered view; property names ignore case as in filters', () => {
    const view = value(
      engine.createView('sent', {
        filter: 'id == 10 or id == 11',
        sort: { column: 'prop:SIZE', descending: true },
      }),
    );
    expect(view.sort).toEqual({ column: 'prop:SIZE', descending: true });
    const keep = (id: number) => id === 10 || id === 11;
    expect(view.total).toBe(truth.filter((t) => keep(t.id)).length);
    expect(seqsOf('sent')).toEqual(expected(['size'], true, keep));
  });

  it('a property no event has leaves the view in time order', () => {
    value(engine.createView('none', { sort: { column: 'prop:NoSuchField.Member', descending: true } }));
    expect(seqsOf('none')).toEqual(truth.map((_, seq) => seq));
  });
});

describe('sort by a UInt64 property of a live capture', () => {
  const GUID = '5e1f7c3a-0b2d-4c6e-9f81-2a3b4c5d6e7f';
  const provider: ProviderSchema = {
    guid: GUID,
    name: 'Test-Sort',
    source: { kind: 'xml' },
    events: [
      {
        id: 1,
        version: 0,
        level: 4,
        opcode: 0,
        task: 0,
        keywords: '0x0',
        name: 'Sample',
        fields: [
          { name: 'Value', inType: 'UInt64' },
          { name: 'Header', inType: 'Struct', fields: [{ name: 'Size', inType: 'Int64' }] },
          { name: 'Name', inType: 'UnicodeString' },
        ],
      },
      { id: 2, version: 0, level: 4, opcode: 0, task: 0, keywords: '0x0', name: 'Note', fields: [] },
    ],
    keywords: [],
    levels: [],
    opcodes: [],
    tasks: [],
    channels: [],
    maps: [],
  };
  const TOP = 2n ** 64n - 1n;
  // Doubles cannot tell these apart (2^64 - 1, - 2, - 2049 all round to 2^64; 2^53 + 1 to 2^53).
  const VALUES = [TOP, 7n, TOP - 2048n, 2n ** 53n + 1n, 0n, TOP - 1n, 2n ** 53n, 2n ** 63n, 2n ** 53n - 1n];

  // Text ignoring case, with integer-like text that sorts among the numbers.
  const NAMES = ['beta', 'Alpha', 'alpha', 'Gamma', 'BETA', 'delta', '42', '0x1F', '', 'gamma2', 'Zeta'];

  function sample(i: number, v: bigint, size: bigint): RawEvent {
    const name = NAMES[(i * 3) % NAMES.length] as string;
    const payload = bytes().u64(v).u64(size).utf16z(name).bytes();
    return rawEvent({ providerId: GUID, id: 1, ticks: 1000 + i, payload });
  }

  /** Six batches: values and Header.Size (Int64, negative beyond -2^53 too), and events without them. */
  function batches(): LiveBatch[] {
    const out: LiveBatch[] = [];
    let i = 0;
    for (let b = 0; b < 6; b++) {
      const events: RawEvent[] = [];
      for (let k = 0; k < 40; k++, i++) {
        if (i % 7 === 3) events.push(rawEvent({ providerId: GUID, id: 2, ticks: 1000 + i }));
        else {
          const v = (VALUES[(i * 5) % VALUES.length] as bigint) - BigInt(b % 2);
          const size = BigInt((i * 37) % 11) * (i % 2 ? -(2n ** 60n) + 3n : 2n ** 55n) + BigInt(i % 3);
          events.push(sample(i, v, size));
        }
      }
      out.push({ events });
    }
    return out;
  }

  async function liveEngine(
    updates: EngineUpdate[],
  ): Promise<{ engine: CaptureEngine; run: Promise<unknown> }> {
    const list = batches();
    async function* stream() {
      for (const batch of list) {
        yield batch;
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    const clock = { startFileTime: 132_000_000_000_000_000n, clockType: 1, frequency: 10_000_000, t0: 0n };
    const source = new LiveSource(stream(), clock, { kind: 'live', label: 'sort test' });
    const engine = new CaptureEngine({
      captureId: 'live',
      source,
      providers: [provider],
      updateIntervalMs: 0,
      onUpdate: (u) => updates.push(u),
    });
    return { engine, run: engine.run() };
  }

  it('orders 64-bit values exactly, both ways, as rows arrive (views made before the first event)', async () => {
    const updates: EngineUpdate[] = [];
    const { engine, run } = await liveEngine(updates);
    const sorts: Array<[string, PropertySortColumn, boolean]> = [
      ['up', 'prop:Value', false],
      ['down', 'prop:Value', true],
      ['size', 'prop:Header.Size', false],
      ['sizeDown', 'prop:header.size', true],
      ['name', 'prop:Name', false],
      ['nameDown', 'prop:Name', true],
    ];
    for (const [id, column, descending] of sorts)
      value(engine.createView(id, { sort: { column, descending } }));
    await run;
    const grown = updates.flatMap((u) => u.views.filter((v) => v.viewId === 'up').map((v) => v.total));
    expect(new Set(grown).size).toBeGreaterThan(2); // the view grew batch by batch (merged, not rebuilt)

    const decoder = createDecoder([provider]);
    const cursor = engine.store.cursor();
    const rows: Array<{ seq: number; props: { [name: string]: PropValue } }> = [];
    for (let seq = engine.store.firstSeq; seq < engine.store.nextSeq; seq++) {
      if (cursor.moveTo(seq)) rows.push({ seq, props: decoder.decode(cursor.raw()).props });
    }
    expect(rows.filter((r) => typeof r.props.Value === 'string').length).toBeGreaterThan(50);
    expect(new Set(rows.map((r) => r.props.Name))).toEqual(new Set([...NAMES, undefined]));
    for (const [id, column, descending] of sorts) {
      const path = column.slice('prop:'.length).split('.');
      const want = oracleOrder(
        rows.map((r) => ({ seq: r.seq, value: propAt(r.props, path) })),
        descending,
      );
      const got = value(engine.rows(id, 0, rows.length)).rows.map((r) => r.seq);
      expect(got, id).toEqual(want);
    }
    const down = value(engine.rows('down', 0, rows.length)).rows.map((r) => r.props.Value);
    expect(down[0]).toBe(String(TOP));
    expect(down.find((v) => v !== String(TOP))).toBe(String(TOP - 1n));
  });
});

describe('OrderedLabels', () => {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

  function labelAll(labels: OrderedLabels<string>, texts: string[]): Float64Array {
    const keys = new Float64Array(texts.length);
    texts.forEach((t, i) => {
      const known = labels.labelOf(t);
      if (known !== undefined) keys[i] = known;
      else labels.wait(t, () => t.toLowerCase(), i);
    });
    labels.settle(keys);
    return keys;
  }

  it('labels keep the values’ order across batches; equal values (ignoring case) share a label', () => {
    const labels = new OrderedLabels<string>(2 ** 63, 2 ** 66, compare);
    const first = labelAll(labels, ['m', 'c', 'x', 'C', 'c']);
    expect(first[1]).toBe(first[3]);
    expect(first[1]).toBe(first[4]);
    expect(first[1]! < first[0]! && first[0]! < first[2]!).toBe(true);
    const words = ['a', 'b', 'd', 'n', 'y', 'zz', 'M', 'x0'];
    labelAll(labels, words);
    const all = ['a', 'b', 'c', 'd', 'm', 'n', 'x', 'x0', 'y', 'zz'];
    const keys = all.map((t) => labels.labelOf(t) as number);
    expect(keys.every((k, i) => i === 0 || k > (keys[i - 1] as number))).toBe(true);
    expect(labels.labelOf('M')).toBe(labels.labelOf('m'));
    expect(labels.relabels).toBe(0);
    expect(keys.every((k) => k > 2 ** 63 && k < 2 ** 66)).toBe(true);
  });

  it('a gap filled again and again is laid out afresh (counted), still in order', () => {
    const labels = new OrderedLabels<string>(2 ** 63, 2 ** 66, compare);
    labelAll(labels, ['a', 'b']);
    // Each batch lands just after 'a': the gap halves every time until it is gone.
    let text = 'a';
    for (let i = 0; i < 80; i++) {
      text += 'a';
      labelAll(labels, [text]);
    }
    expect(labels.relabels).toBeGreaterThan(0);
    expect(labels.size).toBe(82);
    const sorted = ['a', 'b'].concat(Array.from({ length: 80 }, (_, i) => 'a'.repeat(i + 2))).sort();
    const keys = sorted.map((t) => labels.labelOf(t) as number);
    expect(keys.every((k, i) => i === 0 || k > (keys[i - 1] as number))).toBe(true);
  });
});

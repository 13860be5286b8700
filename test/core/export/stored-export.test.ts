// Exports from the event store (stored-export.ts): real captures loaded into an EventStore the way
// the capture engine loads them, then written from the store. JSON Lines is byte for byte the file
// export's; .etl output, whose records are rebuilt from the stored fields (record-rebuild.ts), reopens
// with the same events and values for every fixture capture — kernel SYSTEM/COMPACT/PERFINFO,
// classic MOF, EVENT_HEADER with extended data, TraceLogging — and decodes without the manifests the
// source needed; a sorted row list is written in its order; rows the store evicts while the export
// runs are counted, never silently lost; a cancel stops without finishing the file.
import { describe, expect, it } from 'vitest';
import type { ProviderSchema } from '../../../electron/common/model/schema';
import { createDecoder, type EventDecoder } from '../../../electron/core/decode/index';
import type { RawEvent } from '../../../electron/core/events/raw-event';
import {
  createExportWriter,
  memorySink,
  runStoredExport,
  type ExportFormat,
  type ExportWriter,
} from '../../../electron/core/export/index';
import { EventStore, type RowSnapshot } from '../../../electron/core/store/index';
import { syntheticEvents } from '../store/synthetic-events';
import { allEtlFixtures } from '../etl/fixture-paths';
import { canonical, dumpEvents, exportToMemory, firstDifference, manifests, openSource } from './helpers';

const KERNEL_NETWORK = 'etl/tx/KernelNetwork.etl';
const KERNEL_NETWORK_MANIFEST = 'manifests/windows7-dump/Microsoft-Windows-Kernel-Network.xml';

interface Loaded {
  store: EventStore;
  decoder: EventDecoder;
  clock: ReturnType<typeof openSource>['clock'];
  header: ReturnType<typeof openSource>['header'];
}

/** A capture read into a store, its registry learning from every record (as the engine's ingest). */
function load(path: string, providers: ProviderSchema[] = []): Loaded {
  const reader = openSource(path);
  const decoder = createDecoder(providers);
  const store = new EventStore();
  for (const raw of reader.events()) {
    decoder.registry.observe(raw);
    store.append(raw);
  }
  reader.close();
  return { store, decoder, clock: reader.clock, header: reader.header };
}

async function fromStore(
  l: Loaded,
  format: ExportFormat,
  rows: RowSnapshot = l.store.createView().snapshot(),
): Promise<{ bytes: Uint8Array; writer: ExportWriter; written: number; notAvailable: number }> {
  const sink = memorySink();
  const writer = createExportWriter(format, sink, {
    clock: l.clock,
    header: l.header,
    registry: l.decoder.registry,
    rebuildRecords: true,
  });
  const summary = await runStoredExport({ store: l.store, decoder: l.decoder, writer, rows });
  expect(summary.cancelled).toBe(false);
  return { bytes: sink.bytes(), writer, written: summary.written, notAvailable: summary.notAvailable };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('export from the store: tx/KernelNetwork.etl with the Windows 7 Kernel-Network manifest', () => {
  it('JSON Lines: the same bytes as the export that reads the file', async () => {
    const providers = await manifests(KERNEL_NETWORK_MANIFEST);
    const l = load(KERNEL_NETWORK, providers);
    const { bytes, written, notAvailable } = await fromStore(l, 'jsonl');
    expect(written).toBe(8924);
    expect(notAvailable).toBe(0);
    const oracle = await exportToMemory(KERNEL_NETWORK, 'jsonl', { providers });
    expect(text(bytes)).toBe(text(oracle.bytes));
  });

  it('.etl with rebuilt records reopens fully decoded without the manifest', async () => {
    const providers = await manifests(KERNEL_NETWORK_MANIFEST);
    const source = dumpEvents(KERNEL_NETWORK, providers, { skipHeader: true });
    const { bytes, writer } = await fromStore(load(KERNEL_NETWORK, providers), 'etl');
    expect(writer.problems).toEqual([]);
    const reopened = dumpEvents(bytes, [], { skipHeader: true, skipMetadata: true });
    expect(reopened).toHaveLength(8923);
    expect(reopened.every((e) => e.decoded)).toBe(true);
    expect(firstDifference(canonical(reopened), canonical(source))).toBeUndefined();
  });

  it('a sorted row list is written in its order (pid descending, ties in time order)', async () => {
    const providers = await manifests(KERNEL_NETWORK_MANIFEST);
    const l = load(KERNEL_NETWORK, providers);
    const view = l.store.createView({ predicate: (e) => e.id === 11, sortKey: 'pid', descending: true });
    const expected = view.rows(0, view.count).map((seq) => {
      const raw = l.store.raw(seq) as RawEvent;
      return { pid: raw.pid, tid: raw.tid, cpu: raw.cpu };
    });
    const { bytes, written } = await fromStore(l, 'jsonl', view.snapshot());
    const lines = text(bytes)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { pid: number; tid: number; cpu: number });
    expect(written).toBe(view.count);
    expect(lines.map(({ pid, tid, cpu }) => ({ pid, tid, cpu }))).toEqual(expected);
    const pids = lines.map((e) => e.pid);
    expect(pids.every((pid, i) => i === 0 || pid <= (pids[i - 1] as number))).toBe(true);
    expect(new Set(pids).size).toBeGreaterThan(1);
  });
});

describe('.etl from the store reopens with the same events and values, for every fixture capture', () => {
  for (const f of allEtlFixtures().filter((x) => !x.endsWith('net.4.5.2.x86.etl.zip'))) {
    it(f, async () => {
      const source = dumpEvents(f, [], { skipHeader: true, skipMetadata: true });
      const { bytes, writer } = await fromStore(load(f), 'etl');
      expect(writer.problems).toEqual([]);
      const reopened = dumpEvents(bytes, [], { skipHeader: true, skipMetadata: true });
      expect(reopened.length).toBe(source.length);
      expect(firstDifference(canonical(reopened), canonical(source))).toBeUndefined();
    });
  }
});

describe('.etl from the store of perfview net.4.5.2.x86.etl.zip (merged, compressed, WOW64, stacks)', () => {
  it('reopens with the same events and values', async () => {
    const path = 'etl/perfview/net.4.5.2.x86.etl.zip';
    const source = dumpEvents(path, [], { skipHeader: true, skipMetadata: true });
    const { bytes, writer, written } = await fromStore(load(path), 'etl');
    expect(written).toBe(168_298);
    expect(writer.problems).toEqual([]);
    const reopened = dumpEvents(bytes, [], { skipHeader: true, skipMetadata: true });
    expect(reopened.length).toBe(source.length);
    expect(firstDifference(canonical(reopened), canonical(source))).toBeUndefined();
  }, 60_000);
});

describe('the store changing under an export', () => {
  it('rows evicted under the memory budget before they are written are counted as not available', async () => {
    const { events } = syntheticEvents(6000, { types: 12 });
    const store = new EventStore({ chunkRows: 256, budgetBytes: 400_000 });
    for (const e of events.slice(0, 2000)) store.append(e);
    const rows = store.createView().snapshot();
    const total = rows.offsets.length;
    expect(total).toBe(store.count);
    const decoder = createDecoder([]);
    const sink = memorySink();
    const inner = createExportWriter('jsonl', sink, {
      clock: { startFileTime: 0n, clockType: 1, frequency: 10_000_000, t0: 0n },
      header: openSource(KERNEL_NETWORK).header,
      registry: decoder.registry,
      rebuildRecords: true,
    });
    // Ingest goes on while the export runs: after 100 events written, 4000 more arrive and the
    // budget evicts the oldest chunks, some of which the export has not reached yet.
    let writes = 0;
    let firstSeqAfter = 0;
    const writer: ExportWriter = {
      format: 'jsonl',
      problems: inner.problems,
      begin: () => inner.begin(),
      end: () => inner.end(),
      write(e) {
        inner.write(e);
        if (++writes === 100) {
          for (const x of events.slice(2000)) store.append(x);
          firstSeqAfter = store.firstSeq;
        }
      },
    };
    const summary = await runStoredExport({ store, decoder, writer, rows });
    expect(firstSeqAfter).toBeGreaterThan(rows.base + 100);
    const evicted = Array.from(rows.offsets)
      .slice(100)
      .filter((o) => rows.base + o < firstSeqAfter).length;
    expect(evicted).toBeGreaterThan(0);
    expect(summary).toMatchObject({ done: total, notAvailable: evicted, written: total - evicted });
    expect(text(sink.bytes()).trimEnd().split('\n')).toHaveLength(total - evicted);
  });

  it('a cancel stops the export without finishing the file', async () => {
    const providers = await manifests(KERNEL_NETWORK_MANIFEST);
    const l = load(KERNEL_NETWORK, providers);
    const controller = new AbortController();
    controller.abort();
    let ended = false;
    const sink = memorySink();
    const inner = createExportWriter('etl', sink, {
      clock: l.clock,
      header: l.header,
      registry: l.decoder.registry,
      rebuildRecords: true,
    });
    const writer: ExportWriter = {
      ...inner,
      begin: () => inner.begin(),
      write: (e) => inner.write(e),
      end: () => (ended = true),
    };
    const summary = await runStoredExport({
      store: l.store,
      decoder: l.decoder,
      writer,
      rows: l.store.createView().snapshot(),
      signal: controller.signal,
    });
    expect(summary).toMatchObject({ cancelled: true, written: 0 });
    expect(ended).toBe(false);
  });
});

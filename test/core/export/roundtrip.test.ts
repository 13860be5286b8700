// Round trips on real captures: an .etl export reopens with the same events and values (every
// header field and decoded property of the dump JSON), and decodes WITHOUT the manifests the source
// needed (the schemas travel as KernelTraceControl MetaData events); a filtered export of a merged
// trace keeps every kept event decodable even though its own metadata events were filtered out;
// JSON Lines exports are exactly the dump JSON.
import { describe, expect, it } from 'vitest';
import type { EtlExportWriter } from '../../../electron/core/export/index';
import { KERNEL_TRACE_CONTROL_METADATA_GUID } from '../../../electron/core/decode/index';
import { allEtlFixtures } from '../etl/fixture-paths';
import {
  canonical,
  dumpEvents,
  exportToMemory,
  firstDifference,
  manifests,
  openSource,
  type DumpedEvent,
} from './helpers';

const KERNEL_NETWORK = 'etl/tx/KernelNetwork.etl';
const KERNEL_NETWORK_MANIFEST = 'manifests/windows7-dump/Microsoft-Windows-Kernel-Network.xml';
const PERFVIEW = 'etl/perfview/net.4.5.2.x86.etl.zip';

function jsonLines(bytes: Uint8Array): unknown[] {
  const text = new TextDecoder().decode(bytes);
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe('.etl export of tx/KernelNetwork.etl (Windows 7, manifest-based Kernel-Network events)', () => {
  it('reopens with the same events and values, fully decoded without the manifest', async () => {
    const providers = await manifests(KERNEL_NETWORK_MANIFEST);
    const source = dumpEvents(KERNEL_NETWORK, providers, { skipHeader: true });
    expect(source).toHaveLength(8923);
    expect(source.every((e) => e.decoded)).toBe(true);
    // Without the manifest the source decodes nothing: the export's metadata is what decodes it.
    expect(dumpEvents(KERNEL_NETWORK, [], { skipHeader: true }).filter((e) => e.decoded)).toHaveLength(0);

    const { bytes, summary, writer } = await exportToMemory(KERNEL_NETWORK, 'etl', { providers });
    expect(summary).toMatchObject({ read: 8924, written: 8924, undecoded: 0, cancelled: false });
    expect(writer.problems).toEqual([]);
    expect((writer as EtlExportWriter).metadataRecords).toBeGreaterThan(0);

    const reopened = dumpEvents(bytes, [], { skipHeader: true, skipMetadata: true });
    expect(reopened.every((e) => e.decoded)).toBe(true);
    expect(firstDifference(canonical(reopened), canonical(source))).toBeUndefined();
  });

  it('writes a header that keeps the clock and says what the file holds', async () => {
    const src = openSource(KERNEL_NETWORK);
    const { bytes } = await exportToMemory(KERNEL_NETWORK, 'etl', {
      providers: await manifests(KERNEL_NETWORK_MANIFEST),
    });
    const out = openSource(bytes);
    const h = out.header;
    expect(h.buffersWritten).toBe(out.buffers().length);
    expect(h.bufferSize).toBe(64 * 1024);
    expect(out.buffers()[0]?.type).toBe(4);
    expect(
      out
        .buffers()
        .slice(1)
        .every((b) => b.type === 0 && b.bufferSize === 64 * 1024 && b.dataEnd === b.savedOffset),
    ).toBe(true);
    expect(h).toMatchObject({
      pointerSize: src.header.pointerSize,
      perfFreq: src.header.perfFreq,
      clockType: src.header.clockType,
      startTime: src.header.startTime,
      headerTimestamp: src.header.headerTimestamp,
      build: 7601,
      numberOfProcessors: src.header.numberOfProcessors,
      loggerName: src.header.loggerName,
      compressionFormat: 0,
    });
    // EndTime: the last event's time.
    let last = 0;
    for (const e of src.events()) last = Math.max(last, e.ticks);
    expect(h.endTime).toBe(src.clock.startFileTime + BigInt(last));
    expect(out.diagnostics).toEqual([]);
  });

  it('JSON Lines export is the dump JSON of every event', async () => {
    const providers = await manifests(KERNEL_NETWORK_MANIFEST);
    const { bytes } = await exportToMemory(KERNEL_NETWORK, 'jsonl', { providers });
    const lines = jsonLines(bytes).map((l) => JSON.stringify(l));
    expect(lines).toHaveLength(8924);
    expect(
      firstDifference(
        lines,
        dumpEvents(KERNEL_NETWORK, providers).map((e) => JSON.stringify(e.json)),
      ),
    ).toBeUndefined();
  });
});

describe('.etl export of perfview net.4.5.2.x86.etl.zip (merged, compressed, WOW64, stacks)', () => {
  let dumped: DumpedEvent[] | undefined;
  /** Every event of the source, decoded with what it carries (read once for these tests). */
  const perfview = () => (dumped ??= dumpEvents(PERFVIEW));
  const isMetadata = (e: DumpedEvent) =>
    e.json.provider.guid === KERNEL_TRACE_CONTROL_METADATA_GUID &&
    (e.json.event.opcode === 32 || e.json.event.opcode === 33);

  it('an unfiltered export reopens with the same events and values', async () => {
    const source = perfview()
      .slice(1)
      .filter((e) => !isMetadata(e));
    const { bytes, summary } = await exportToMemory(PERFVIEW, 'etl');
    expect(summary.written).toBe(168_298);
    const reopened = dumpEvents(bytes, [], { skipHeader: true, skipMetadata: true });
    expect(reopened.length).toBe(source.length);
    expect(firstDifference(canonical(reopened), canonical(source))).toBeUndefined();
  });

  it('a filtered export without the source metadata and EventSource manifests decodes every kept event, no manifests given', async () => {
    // Drop every schema-carrying event of the source (KernelTraceControl metadata, EventSource
    // manifest events 0xFFFE) and the one provider nothing describes.
    const filter =
      'provider != "KernelTraceControl" and id != 65534 and provider != "{763fd754-7086-4dfe-95eb-c01a46faf4ca}"';
    const { bytes, summary } = await exportToMemory(PERFVIEW, 'etl', { filter });
    const all = perfview().slice(1);
    const kept = all.filter(
      (e) =>
        e.json.provider.name !== 'KernelTraceControl' &&
        !(e.json.event.id === 65534 && !e.json.classic) &&
        e.json.provider.guid !== '763fd754-7086-4dfe-95eb-c01a46faf4ca',
    );
    expect(kept.length).toBeLessThan(all.length - 8000);
    expect(summary.written).toBe(kept.length + 1); // + the source's header event, replaced by the new one
    const reopened = dumpEvents(bytes, [], { skipHeader: true, skipMetadata: true });
    expect(reopened.length).toBe(kept.length);
    // Every event the source decoded (with all its in-stream metadata) decodes in the export...
    expect(kept.filter((e) => !e.decoded).length).toBe(reopened.filter((e) => !e.decoded).length);
    // ...to the same values.
    expect(firstDifference(canonical(reopened), canonical(kept))).toBeUndefined();
    // Manifest, EventSource and MetaData-described providers are all in it.
    const providers = new Set(reopened.map((e) => e.json.provider.name));
    for (const p of [
      'Microsoft-Windows-DotNETRuntime',
      'Microsoft-Windows-DotNETRuntimeRundown',
      'Microsoft-Windows-Kernel-File',
      'System.Threading.Tasks.TplEventSource',
      'PerfView',
    ]) {
      expect(providers).toContain(p);
    }
  });

  it('JSON Lines export is the dump JSON of every event', async () => {
    const { bytes } = await exportToMemory(PERFVIEW, 'jsonl');
    const lines = jsonLines(bytes).map((l) => JSON.stringify(l));
    const source = perfview().map((e) => JSON.stringify(e.json));
    expect(firstDifference(lines, source)).toBeUndefined();
  });
});

describe('.etl export of every fixture capture', () => {
  for (const f of allEtlFixtures().filter((x) => !x.endsWith('net.4.5.2.x86.etl.zip'))) {
    it(`${f} reopens with the same events and values`, async () => {
      const source = dumpEvents(f, [], { skipHeader: true, skipMetadata: true });
      const { bytes, writer } = await exportToMemory(f, 'etl');
      expect(writer.problems).toEqual([]);
      const reopened = dumpEvents(bytes, [], { skipHeader: true, skipMetadata: true });
      expect(reopened.length).toBe(source.length);
      expect(firstDifference(canonical(reopened), canonical(source))).toBeUndefined();
    });
  }

  for (const [f, m] of [
    ['etl/tx/HTTP_Server.etl', 'manifests/tx/HTTP_Server.man'],
    ['etl/tx/Process.etl', 'manifests/tx/SystemEvents.man'],
  ] as const) {
    it(`${f} decoded with ${m} reopens fully decoded without it (maps included)`, async () => {
      const providers = await manifests(m);
      const source = dumpEvents(f, providers, { skipHeader: true });
      expect(source.every((e) => e.decoded)).toBe(true);
      const { bytes } = await exportToMemory(f, 'etl', { providers });
      const reopened = dumpEvents(bytes, [], { skipHeader: true, skipMetadata: true });
      expect(reopened.every((e) => e.decoded)).toBe(true);
      expect(firstDifference(canonical(reopened), canonical(source))).toBeUndefined();
    });
  }
});

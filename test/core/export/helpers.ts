// Shared by the export tests: run an export into memory, and read a capture back as the `etwx dump`
// JSON of each event (so round trips compare every header field and every decoded value).
import type { EventJson } from '../../../electron/common/model/event';
import type { ProviderSchema } from '../../../electron/common/model/schema';
import {
  createDecoder,
  eventJsonOf,
  KERNEL_TRACE_CONTROL_METADATA_GUID,
} from '../../../electron/core/decode/index';
import { bytesSource } from '../../../electron/core/etl/byte-source';
import { openFileSource } from '../../../electron/core/etl/file-source.node.js';
import { openEtl, type EtlReader } from '../../../electron/core/etl/reader';
import {
  createExportWriter,
  memorySink,
  runExport,
  type ExportFormat,
  type ExportSummary,
  type ExportWriter,
  type RowOptions,
} from '../../../electron/core/export/index';
import { compileFilter, type CompiledFilter } from '../../../electron/core/filter/index';
import { loadManifestPath } from '../../../electron/core/manifest/load.node.js';
import { fixture } from '../etl/fixture-paths';

export { fixture };

export async function manifests(...paths: string[]): Promise<ProviderSchema[]> {
  const out: ProviderSchema[] = [];
  for (const p of paths) out.push(...(await loadManifestPath(fixture(p))).providers);
  return out;
}

export interface ExportResult {
  bytes: Uint8Array;
  summary: ExportSummary;
  writer: ExportWriter;
}

/** Exports `path` (a fixture path or an absolute one) to memory. */
export async function exportToMemory(
  source: string | Uint8Array,
  format: ExportFormat,
  options: { providers?: ProviderSchema[]; filter?: string; rows?: RowOptions; signal?: AbortSignal } = {},
): Promise<ExportResult> {
  const reader = openSource(source);
  const decoder = createDecoder(options.providers ?? []);
  let filter: CompiledFilter | undefined;
  if (options.filter !== undefined) {
    const compiled = compileFilter(options.filter, {
      startFileTime: reader.clock.startFileTime,
      providerName: (id) => decoder.registry.providerName(id),
    });
    if (!compiled.ok) throw new Error(compiled.error.message);
    filter = compiled.value;
  }
  const sink = memorySink();
  const writer = createExportWriter(
    format,
    sink,
    { clock: reader.clock, header: reader.header, registry: decoder.registry },
    options.rows,
  );
  const summary = await runExport({
    reader,
    decoder,
    writer,
    ...(filter ? { filter } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  reader.close();
  return { bytes: sink.bytes(), summary, writer };
}

export function openSource(source: string | Uint8Array): EtlReader {
  if (typeof source !== 'string') return openEtl(bytesSource('memory.etl', source));
  return openEtl(openFileSource(source.startsWith('/') ? source : fixture(source)));
}

export interface DumpedEvent {
  json: EventJson;
  /** Decoded with a schema and without error. */
  decoded: boolean;
}

/**
 * Every event of a capture as dump JSON, decoded with `providers`. `skipMetadata` leaves out the
 * KernelTraceControl MetaData events; `skipHeader` the trace header event (event 0).
 */
export function dumpEvents(
  source: string | Uint8Array,
  providers: ProviderSchema[] = [],
  options: { skipMetadata?: boolean; skipHeader?: boolean } = {},
): DumpedEvent[] {
  const reader = openSource(source);
  const decoder = createDecoder(providers);
  const out: DumpedEvent[] = [];
  let first = true;
  for (const raw of reader.events()) {
    const d = decoder.decode(raw);
    const isHeader = first;
    first = false;
    if (options.skipHeader && isHeader) continue;
    if (
      options.skipMetadata &&
      raw.providerId === KERNEL_TRACE_CONTROL_METADATA_GUID &&
      (raw.opcode === 32 || raw.opcode === 33)
    )
      continue;
    out.push({ json: eventJsonOf(raw, reader.clock, d), decoded: d.entry !== null && d.error === null });
  }
  expectNoDiagnostics(reader);
  reader.close();
  return out;
}

function expectNoDiagnostics(reader: EtlReader): void {
  if (reader.diagnostics.length > 0)
    throw new Error(`reader diagnostics: ${JSON.stringify(reader.diagnostics.slice(0, 3))}`);
}

/**
 * The events as JSON strings in a canonical order: time order, and within one timestamp sorted by
 * text. Readers break ties between CPUs by file position, which a rewritten file changes.
 */
export function canonical(events: readonly { json: EventJson }[]): string[] {
  const out: string[] = [];
  let group: string[] = [];
  let ts = '';
  const flush = () => {
    out.push(...group.sort());
    group = [];
  };
  for (const e of events) {
    if (e.json.ts !== ts) {
      flush();
      ts = e.json.ts;
    }
    group.push(JSON.stringify(e.json));
  }
  flush();
  return out;
}

/** Index and texts of the first difference between two lists, or undefined when they are equal. */
export function firstDifference(
  a: readonly string[],
  b: readonly string[],
): { index: number; a?: string; b?: string } | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i])
      return {
        index: i,
        ...(a[i] !== undefined ? { a: a[i] } : {}),
        ...(b[i] !== undefined ? { b: b[i] } : {}),
      };
  }
  return undefined;
}

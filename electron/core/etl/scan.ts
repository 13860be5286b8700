// The fast header-only pass behind `etwx info`: walks every buffer and record frame, counting by
// header type, kernel class (group) and provider GUID, without building a RawEvent per record.
// Framing rules are records.ts frameRecord, so counts agree with events(). Provider GUIDs are
// interned once; a one-entry cache catches runs of the same provider.
import type { GuidInterner } from '../binary/guid';
import type { BufferChain } from './buffer-chain';
import { loadBuffer } from './buffer-loader';
import type { DiagnosticLog } from './diagnostics';
import { kernelClassGroup, kernelClassGuid, knownClassName } from './kernel-groups';
import { BUFFER_HEADER_SIZE, BufferFlag, HeaderType as H, MessageOption } from './layout';
import { frameCode, frameMessage, frameRecord, FRAME_END } from './records';

export interface EtlProviderCount {
  /** Provider GUID (EVENT_HEADER), class GUID (classic/kernel), lowercase. */
  id: string;
  /** Known name (kernel classes, KernelTraceControl) or '' (the decoder names the rest). */
  name: string;
  events: number;
  /** Kernel group when the events came from SYSTEM/COMPACT/PERFINFO headers, else -1. */
  group: number;
}

export interface EtlScanSummary {
  /** Bytes of the source. */
  bytes: number;
  buffers: number;
  compressedBuffers: number;
  /** Buffers with the EVENTS_LOST flag. */
  buffersWithEventsLost: number;
  /** Buffers skipped because of a problem (see diagnostics). */
  badBuffers: number;
  records: number;
  /** Record counts by TRACE_HEADER_TYPE_* byte (MESSAGE records under 0x0F). */
  recordsByHeaderType: Map<number, number>;
  /** Kernel events by hook (group << 8 | type). */
  kernelHooks: Map<number, number>;
  /** By event count, largest first. */
  providers: EtlProviderCount[];
}

const KERNEL_HOOKS = 0x10000;

export function scanEtl(
  chain: BufferChain,
  compressionFormat: number,
  log: DiagnosticLog,
  guids: GuidInterner,
  bytes: number,
): EtlScanSummary {
  const byType = new Float64Array(256);
  const hooks = new Float64Array(KERNEL_HOOKS);
  const guidIndex = new Map<string, number>();
  const guidCounts: number[] = [];
  const guidNames: string[] = [];
  let lastKey0 = -1;
  let lastKey1 = -1;
  let lastKey2 = -1;
  let lastKey3 = -1;
  let lastIdx = -1;
  let buffers = 0;
  let compressed = 0;
  let lost = 0;
  let bad = 0;

  for (let item = chain.next(); item; item = chain.next()) {
    buffers++;
    const info = item.info;
    if (info.compressed) compressed++;
    if (info.flags & BufferFlag.EventsLost) lost++;
    if (!item.usable || !item.bytes) {
      bad++;
      continue;
    }
    const data = loadBuffer(info, item.bytes, item.at, compressionFormat, log);
    if (!data) {
      bad++;
      continue;
    }
    const { view, end } = data;
    const u8 = data.bytes;
    let pos = BUFFER_HEADER_SIZE;
    for (;;) {
      const framed = frameRecord(view, pos, end);
      if (framed < 0) {
        if (framed !== FRAME_END) {
          const where = info.compressed ? info.fileOffset : info.fileOffset + pos;
          log.add(where, frameCode(framed), frameMessage(framed, view, pos, end));
        }
        break;
      }
      const headerType = framed >>> 16;
      byType[headerType]!++;
      let guidAt = -1;
      if (headerType <= H.Compact64 || headerType === H.PerfInfo32 || headerType === H.PerfInfo64) {
        hooks[(kernelClassGroup(u8[pos + 7]!, u8[pos + 6]!) << 8) | u8[pos + 6]!]!++;
      } else if (headerType === H.EventHeader32 || headerType === H.EventHeader64) {
        guidAt = pos + 0x18;
      } else if (
        headerType === H.FullHeader32 ||
        headerType === H.FullHeader64 ||
        headerType === H.Instance32 ||
        headerType === H.Instance64
      ) {
        guidAt = pos + 0x18;
      } else if (headerType === H.Message) {
        const options = view.getUint16(pos + 6, true);
        const at = pos + 8 + (options & MessageOption.Sequence ? 4 : 0);
        if (options & MessageOption.Guid && at + 16 <= pos + (framed & 0xffff)) guidAt = at;
      }
      if (guidAt >= 0) {
        const k0 = view.getInt32(guidAt, true);
        const k1 = view.getInt32(guidAt + 4, true);
        const k2 = view.getInt32(guidAt + 8, true);
        const k3 = view.getInt32(guidAt + 12, true);
        if (k0 !== lastKey0 || k1 !== lastKey1 || k2 !== lastKey2 || k3 !== lastKey3) {
          const id = guids.get(view, guidAt);
          let idx = guidIndex.get(id);
          if (idx === undefined) {
            idx = guidCounts.length;
            guidIndex.set(id, idx);
            guidCounts.push(0);
            guidNames.push(id);
          }
          lastKey0 = k0;
          lastKey1 = k1;
          lastKey2 = k2;
          lastKey3 = k3;
          lastIdx = idx;
        }
        guidCounts[lastIdx]!++;
      }
      pos += ((framed & 0xffff) + 7) & ~7;
    }
  }

  return {
    bytes,
    buffers,
    compressedBuffers: compressed,
    buffersWithEventsLost: lost,
    badBuffers: bad,
    records: byType.reduce((a, b) => a + b, 0),
    recordsByHeaderType: nonZero(byType),
    kernelHooks: nonZero(hooks),
    providers: providerList(hooks, guidNames, guidCounts),
  };
}

function nonZero(counts: Float64Array): Map<number, number> {
  const m = new Map<number, number>();
  counts.forEach((n, i) => {
    if (n > 0) m.set(i, n);
  });
  return m;
}

/** Kernel hook counts folded into their class GUIDs, merged with GUID-keyed counts. */
function providerList(hooks: Float64Array, ids: string[], counts: number[]): EtlProviderCount[] {
  const byId = new Map<string, EtlProviderCount>();
  hooks.forEach((n, hook) => {
    if (n === 0) return;
    const group = hook >> 8;
    const id = kernelClassGuid(group, hook & 0xff);
    const p = byId.get(id);
    if (p) p.events += n;
    else byId.set(id, { id, name: knownClassName(id), events: n, group });
  });
  ids.forEach((id, i) => {
    const n = counts[i] as number;
    const p = byId.get(id);
    if (p) p.events += n;
    else byId.set(id, { id, name: knownClassName(id), events: n, group: -1 });
  });
  return [...byId.values()].sort((a, b) => b.events - a.events || a.id.localeCompare(b.id));
}

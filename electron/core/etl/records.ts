// Record walking inside one (decompressed) ETL buffer: marker → header kind → size → RawEvent.
// Layouts: etw-formats §2 (NTWMI, MSDOCS EVENT_HEADER, DISSECT, SNAIL). Records are 8-aligned; the
// 0xFFFFFFFF fill, a zero size or the end of valid data ends the buffer. A record that does not fit
// becomes a diagnostic and ends the buffer (its successors cannot be located); a bad extended-data
// item costs only its own record. Pointer width follows each record's own header type.
import { GuidInterner } from '../binary/guid';
import { ExtType, RecordKind, type ExtItem, type RawEvent } from '../events/raw-event';
import type { EtlBufferInfo } from './buffer-header';
import type { TickConverter } from './clock';
import type { DiagnosticLog } from './diagnostics';
import { kernelClassGuid } from './kernel-groups';
import {
  BUFFER_HEADER_SIZE,
  COMPACT_HEADER_SIZE,
  END_OF_BUFFER_MARKER,
  ERROR_MARKER_SIZE,
  EVENT_HEADER_FLAG_EXTENDED_INFO,
  EVENT_HEADER_SIZE,
  FULL_HEADER_SIZE,
  HeaderType as H,
  INSTANCE_HEADER_SIZE,
  MARKER_FLAGS_TYPED,
  MARKER_FLAG_HEADER,
  MARKER_FLAG_MESSAGE,
  MESSAGE_HEADER_SIZE,
  MessageOption,
  PERFINFO_HEADER_SIZE,
  SYSTEM_HEADER_SIZE,
  TRACE_HEADER_PEBS_INDEX_FLAG,
  TRACE_HEADER_PMC_COUNTERS_MASK,
} from './layout';

/** One buffer's bytes with buffer-relative coordinates: bytes[0] is the buffer's first header byte. */
export interface BufferData {
  info: EtlBufferInfo;
  bytes: Uint8Array;
  view: DataView;
  /** End of records: min(Offset, bytes available). */
  end: number;
}

/** What every record decode needs from the reader. */
export interface RecordContext {
  ticks: TickConverter;
  guids: GuidInterner;
  /** The file's pointer size, for records whose header does not say (ERROR, MESSAGE without flags). */
  pointerSize: 4 | 8;
  diagnostics: DiagnosticLog;
}

const EMPTY = new Uint8Array(0);
const ZERO_KEYWORDS = 0n;

/** How the marker's header type maps to a record layout. */
export function recordKindOf(headerType: number): RecordKind | undefined {
  switch (headerType) {
    case H.System32:
    case H.System64:
      return RecordKind.System;
    case H.Compact32:
    case H.Compact64:
      return RecordKind.Compact;
    case H.PerfInfo32:
    case H.PerfInfo64:
      return RecordKind.PerfInfo;
    case H.FullHeader32:
    case H.FullHeader64:
      return RecordKind.Full;
    case H.Instance32:
    case H.Instance64:
      return RecordKind.Instance;
    case H.EventHeader32:
    case H.EventHeader64:
      return RecordKind.EventHeader;
    case H.Error:
      return RecordKind.Error;
    case H.Message:
      return RecordKind.Message;
    default:
      return undefined;
  }
}

/** 4 or 8 from the header type: the odd "32" types are 0x01/0x03/0x0A/0x0B/0x10/0x12. */
function pointerSizeOf(headerType: number, fallback: 4 | 8): 4 | 8 {
  switch (headerType) {
    case H.System32:
    case H.Compact32:
    case H.FullHeader32:
    case H.Instance32:
    case H.PerfInfo32:
    case H.EventHeader32:
      return 4;
    case H.System64:
    case H.Compact64:
    case H.FullHeader64:
    case H.Instance64:
    case H.PerfInfo64:
    case H.EventHeader64:
      return 8;
    default:
      return fallback;
  }
}

/** frameRecord results below zero: why the buffer's records end at this position. */
export const FRAME_END = -1; // 0xFFFFFFFF fill, zero size, or fewer than 4 bytes left: a clean end
const FRAME_BAD_MARKER = -2;
const FRAME_UNKNOWN_TYPE = -3;
const FRAME_TRUNCATED = -4;
const FRAME_TOO_SMALL = -5;
const FRAME_PAST_END = -6;

/**
 * Locates the record at `pos`: returns headerType << 16 | size (size > 0, fits before `end`), or a
 * negative FRAME_* code. MESSAGE records (marker flags 0x90) report header type 0x0F. Shared by the
 * event walk and the fast scan, so both agree on every framing rule.
 */
export function frameRecord(view: DataView, pos: number, end: number): number {
  if (pos + 4 > end) return FRAME_END;
  const marker = view.getUint32(pos, true);
  if (marker === END_OF_BUFFER_MARKER) return FRAME_END;
  const flags = marker >>> 24;
  let headerType = (marker >>> 16) & 0xff;
  if ((flags & MARKER_FLAGS_TYPED) !== MARKER_FLAGS_TYPED) {
    if ((flags & (MARKER_FLAG_HEADER | MARKER_FLAG_MESSAGE)) !== (MARKER_FLAG_HEADER | MARKER_FLAG_MESSAGE)) {
      return FRAME_BAD_MARKER;
    }
    headerType = H.Message;
  }
  let size: number;
  let minSize: number;
  switch (headerType) {
    case H.System32:
    case H.System64:
    case H.Compact32:
    case H.Compact64:
    case H.PerfInfo32:
    case H.PerfInfo64:
      if (pos + 8 > end) return FRAME_TRUNCATED;
      size = view.getUint16(pos + 4, true);
      minSize =
        headerType <= H.System64
          ? SYSTEM_HEADER_SIZE
          : headerType <= H.Compact64
            ? COMPACT_HEADER_SIZE
            : PERFINFO_HEADER_SIZE;
      break;
    case H.EventHeader32:
    case H.EventHeader64:
      size = marker & 0xffff;
      minSize = EVENT_HEADER_SIZE;
      break;
    case H.FullHeader32:
    case H.FullHeader64:
      size = marker & 0xffff;
      minSize = FULL_HEADER_SIZE;
      break;
    case H.Instance32:
    case H.Instance64:
      size = marker & 0xffff;
      minSize = INSTANCE_HEADER_SIZE;
      break;
    case H.Message:
      size = marker & 0xffff;
      minSize = MESSAGE_HEADER_SIZE;
      break;
    case H.Error:
      size = marker & 0xffff;
      minSize = ERROR_MARKER_SIZE;
      break;
    default:
      return FRAME_UNKNOWN_TYPE;
  }
  if (size === 0) return FRAME_END;
  if (size < minSize) return FRAME_TOO_SMALL;
  if (pos + size > end) return FRAME_PAST_END;
  return (headerType << 16) | size;
}

export function frameCode(framed: number): string {
  switch (framed) {
    case FRAME_BAD_MARKER:
      return 'BAD_MARKER';
    case FRAME_UNKNOWN_TYPE:
      return 'UNKNOWN_HEADER_TYPE';
    case FRAME_TRUNCATED:
      return 'TRUNCATED_RECORD';
    case FRAME_TOO_SMALL:
      return 'BAD_RECORD_SIZE';
    default:
      return 'RECORD_PAST_END';
  }
}

export function frameMessage(framed: number, view: DataView, pos: number, end: number): string {
  const marker = view.getUint32(pos, true).toString(16).padStart(8, '0');
  switch (framed) {
    case FRAME_BAD_MARKER:
      return `record marker 0x${marker} is not a trace header`;
    case FRAME_UNKNOWN_TYPE:
      return `record header type 0x${marker.slice(2, 4)} (marker 0x${marker}) is not supported`;
    case FRAME_TRUNCATED:
      return 'record header runs past the buffer data';
    case FRAME_TOO_SMALL:
      return `record (marker 0x${marker}) is smaller than its header`;
    default:
      return `record (marker 0x${marker}) runs past the buffer data end 0x${end.toString(16)}`;
  }
}

/**
 * Iterates the records of one buffer. `next()` returns the next RawEvent or undefined at the end of
 * the buffer; problems go to the context's diagnostics. `lastTicks` carries the time of the latest
 * record so records without a timestamp (ERROR, MESSAGE without TIMESTAMP) sort where they were written.
 */
export class BufferRecords {
  pos = BUFFER_HEADER_SIZE;
  done = false;

  constructor(
    private readonly buf: BufferData,
    private readonly ctx: RecordContext,
    public lastTicks: number,
  ) {}

  next(): RawEvent | undefined {
    while (!this.done) {
      const e = this.step();
      if (e) return e;
    }
    return undefined;
  }

  private report(at: number, code: string, message: string): void {
    const b = this.buf.info;
    const where = b.compressed ? b.fileOffset : b.fileOffset + at;
    const inBuffer = b.compressed
      ? ` (record at 0x${at.toString(16)} of decompressed buffer ${b.index})`
      : '';
    this.ctx.diagnostics.add(where, code, `${message}${inBuffer}`);
  }

  /** Decodes the record at pos and advances; undefined when it ended the buffer or was skipped. */
  private step(): RawEvent | undefined {
    const { view, end } = this.buf;
    const pos = this.pos;
    const framed = frameRecord(view, pos, end);
    if (framed < 0) {
      this.done = true;
      if (framed !== FRAME_END) this.report(pos, frameCode(framed), frameMessage(framed, view, pos, end));
      return undefined;
    }
    const headerType = framed >>> 16;
    const size = framed & 0xffff;
    this.pos = pos + ((size + 7) & ~7);
    if (this.pos >= end) this.done = true;
    const e = this.decode(recordKindOf(headerType) as RecordKind, headerType, pos, size);
    if (e) this.lastTicks = e.ticks;
    return e;
  }

  private decode(kind: RecordKind, headerType: number, pos: number, size: number): RawEvent | undefined {
    switch (kind) {
      case RecordKind.System:
      case RecordKind.Compact:
      case RecordKind.PerfInfo:
        return this.kernel(kind, headerType, pos, size);
      case RecordKind.Full:
      case RecordKind.Instance:
        return this.classic(kind, headerType, pos, size);
      case RecordKind.EventHeader:
        return this.eventHeader(headerType, pos, size);
      case RecordKind.Message:
        return this.message(pos, size);
      default:
        return this.error(pos, size);
    }
  }

  private base(kind: RecordKind, headerType: number, pos: number): RawEvent {
    return {
      kind,
      headerType,
      pointerSize: pointerSizeOf(headerType, this.ctx.pointerSize),
      ticks: this.lastTicks,
      cpu: this.buf.info.cpu,
      pid: -1,
      tid: -1,
      providerId: '',
      id: 0,
      version: 0,
      channel: 0,
      level: 0,
      opcode: 0,
      task: 0,
      keywords: ZERO_KEYWORDS,
      flags: 0,
      group: -1,
      activityId: '',
      ext: [],
      payload: EMPTY,
      bufferOffset: this.buf.info.fileOffset,
      recordOffset: pos,
    };
  }

  private time(at: number): number {
    const v = this.buf.view;
    return this.ctx.ticks.fromParts(v.getUint32(at, true), v.getUint32(at + 4, true));
  }

  /** SYSTEM (0x20), COMPACT (0x18), PERFINFO (0x10), then PEBS index and PMC counters (§2.2-2.4). */
  private kernel(kind: RecordKind, headerType: number, pos: number, size: number): RawEvent | undefined {
    const { view, bytes } = this.buf;
    const version = view.getUint16(pos, true);
    const type = bytes[pos + 6] as number;
    const group = bytes[pos + 7] as number;
    const e = this.base(kind, headerType, pos);
    let at: number;
    if (kind === RecordKind.PerfInfo) {
      e.ticks = this.time(pos + 8);
      at = pos + PERFINFO_HEADER_SIZE;
    } else {
      e.tid = view.getInt32(pos + 8, true);
      e.pid = view.getInt32(pos + 12, true);
      e.ticks = this.time(pos + 16);
      at = pos + (kind === RecordKind.System ? SYSTEM_HEADER_SIZE : COMPACT_HEADER_SIZE);
    }
    const recordEnd = pos + size;
    if (version & (TRACE_HEADER_PEBS_INDEX_FLAG | TRACE_HEADER_PMC_COUNTERS_MASK)) {
      const pebs = version & TRACE_HEADER_PEBS_INDEX_FLAG ? 8 : 0;
      const pmc = ((version & TRACE_HEADER_PMC_COUNTERS_MASK) >> 8) * 8;
      if (at + pebs + pmc > recordEnd) {
        this.report(pos, 'BAD_PMC_ITEMS', `PEBS/PMC items (${pebs + pmc} bytes) run past the record`);
        return undefined;
      }
      if (pebs) e.ext.push({ type: ExtType.PebsIndex, data: bytes.subarray(at, at + pebs) });
      if (pmc) e.ext.push({ type: ExtType.PmcCounters, data: bytes.subarray(at + pebs, at + pebs + pmc) });
      at += pebs + pmc;
    }
    e.providerId = kernelClassGuid(group, type);
    e.group = group;
    e.opcode = type;
    e.version = version & 0xff;
    e.payload = bytes.subarray(at, recordEnd);
    return e;
  }

  /** EVENT_TRACE_HEADER (0x30) and EVENT_INSTANCE_GUID_HEADER (0x48, instance fields as ext item 4). */
  private classic(kind: RecordKind, headerType: number, pos: number, size: number): RawEvent {
    const { view, bytes } = this.buf;
    const e = this.base(kind, headerType, pos);
    e.opcode = bytes[pos + 4] as number;
    e.level = bytes[pos + 5] as number;
    e.version = view.getUint16(pos + 6, true);
    e.tid = view.getInt32(pos + 8, true);
    e.pid = view.getInt32(pos + 12, true);
    e.ticks = this.time(pos + 16);
    e.providerId = this.ctx.guids.get(view, pos + 0x18);
    let at = pos + FULL_HEADER_SIZE;
    if (kind === RecordKind.Instance) {
      // InstanceId u32, ParentInstanceId u32, ParentGuid: the same bytes as EVENT_HEADER_EXT_TYPE_INSTANCE_INFO.
      e.ext.push({ type: ExtType.InstanceInfo, data: bytes.subarray(at, pos + INSTANCE_HEADER_SIZE) });
      at = pos + INSTANCE_HEADER_SIZE;
    }
    e.payload = bytes.subarray(at, pos + size);
    return e;
  }

  /** EVENT_HEADER (0x50) + extended data items (§2.7, §2.9). */
  private eventHeader(headerType: number, pos: number, size: number): RawEvent | undefined {
    const { view, bytes } = this.buf;
    const e = this.base(RecordKind.EventHeader, headerType, pos);
    const flags = view.getUint16(pos + 4, true);
    e.flags = flags;
    e.tid = view.getInt32(pos + 8, true);
    e.pid = view.getInt32(pos + 12, true);
    e.ticks = this.time(pos + 16);
    e.providerId = this.ctx.guids.get(view, pos + 0x18);
    e.id = view.getUint16(pos + 0x28, true);
    e.version = bytes[pos + 0x2a] as number;
    e.channel = bytes[pos + 0x2b] as number;
    e.level = bytes[pos + 0x2c] as number;
    e.opcode = bytes[pos + 0x2d] as number;
    e.task = view.getUint16(pos + 0x2e, true);
    e.keywords = view.getBigUint64(pos + 0x30, true);
    if (
      view.getUint32(pos + 0x40, true) |
      view.getUint32(pos + 0x44, true) |
      view.getUint32(pos + 0x48, true) |
      view.getUint32(pos + 0x4c, true)
    ) {
      e.activityId = this.ctx.guids.get(view, pos + 0x40);
    }
    const recordEnd = pos + size;
    let at = pos + EVENT_HEADER_SIZE;
    if (flags & EVENT_HEADER_FLAG_EXTENDED_INFO) {
      const after = this.extItems(at, recordEnd, e.ext);
      if (after < 0) return undefined;
      at = after;
    }
    e.payload = bytes.subarray(at, recordEnd);
    return e;
  }

  /** Walks {u16 ItemSize, u16 ExtType, u16 Linkage, u16 DataSize, data} items; returns the user-data start or -1. */
  private extItems(at: number, recordEnd: number, out: ExtItem[]): number {
    const { view, bytes } = this.buf;
    for (;;) {
      if (at + 8 > recordEnd) {
        this.report(at, 'BAD_EXT_ITEM', 'extended data item header runs past the record');
        return -1;
      }
      const itemSize = view.getUint16(at, true);
      const type = view.getUint16(at + 2, true);
      const linkage = view.getUint16(at + 4, true);
      const dataSize = view.getUint16(at + 6, true);
      if (itemSize < 8 || at + itemSize > recordEnd || dataSize > itemSize - 8) {
        this.report(
          at,
          'BAD_EXT_ITEM',
          `extended data item of ${itemSize} bytes (data ${dataSize}) does not fit the record`,
        );
        return -1;
      }
      out.push({ type, data: bytes.subarray(at + 8, at + 8 + dataSize) });
      at += itemSize;
      if ((linkage & 1) === 0) return at;
    }
  }

  /**
   * MESSAGE_TRACE_HEADER (WPP/TraceMessage, §2.8): optional fields per OptionFlags, then arguments.
   * A message whose option fields overrun the record is still surfaced (empty payload, diagnostic).
   */
  private message(pos: number, size: number): RawEvent {
    const { view, bytes } = this.buf;
    const options = view.getUint16(pos + 6, true);
    const e = this.base(RecordKind.Message, H.Message, pos);
    if (options & MessageOption.Pointer64) e.pointerSize = 8;
    else if (options & MessageOption.Pointer32) e.pointerSize = 4;
    e.id = view.getUint16(pos + 4, true);
    const recordEnd = pos + size;
    let at = pos + MESSAGE_HEADER_SIZE;
    const need = (n: number): boolean => {
      if (at + n <= recordEnd) return true;
      this.report(
        pos,
        'BAD_MESSAGE_RECORD',
        `message option fields (flags 0x${options.toString(16)}) run past the record`,
      );
      return false;
    };
    if (options & MessageOption.Sequence) {
      if (!need(4)) return e; // surfaced with what was read, empty payload
      at += 4;
    }
    if (options & MessageOption.Guid) {
      if (!need(16)) return e; // surfaced with what was read, empty payload
      e.providerId = this.ctx.guids.get(view, at);
      at += 16;
    } else if (options & MessageOption.ComponentId) {
      if (!need(4)) return e; // surfaced with what was read, empty payload
      at += 4;
    }
    if (options & MessageOption.Timestamp) {
      if (!need(8)) return e; // surfaced with what was read, empty payload
      if (options & MessageOption.PerformanceTimestamp) e.ticks = this.time(at);
      else e.ticks = this.systemTime(at);
      at += 8;
    }
    if (options & MessageOption.SystemInfo) {
      if (!need(8)) return e; // surfaced with what was read, empty payload
      e.tid = view.getInt32(at, true);
      e.pid = view.getInt32(at + 4, true);
      at += 8;
    }
    e.payload = bytes.subarray(at, recordEnd);
    return e;
  }

  /** A FILETIME stamp (WPP messages without PERFORMANCE_TIMESTAMP) as ticks since the trace start. */
  private systemTime(at: number): number {
    const ft = this.buf.view.getBigUint64(at, true);
    return Number(ft - this.ctx.ticks.clock.startFileTime);
  }

  /** ERROR records: layout undocumented; everything after the marker is the payload. */
  private error(pos: number, size: number): RawEvent {
    const e = this.base(RecordKind.Error, H.Error, pos);
    e.payload = this.buf.bytes.subarray(pos + ERROR_MARKER_SIZE, pos + size);
    return e;
  }
}

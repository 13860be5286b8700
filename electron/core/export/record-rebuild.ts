// Rebuilds an ETL record from a RawEvent's fields, for events that no longer sit in the buffer they
// were read from: events exported from the capture engine's store (it keeps header columns, payload
// and extended data, not the record header) and events of live sessions (copies of EVENT_RECORDs).
// record-bytes.ts copies records byte for byte instead when the events come straight from a reader.
// Layouts: shared/docs/etw-formats.md §2 (the reader's etl/records.ts parses the same fields back):
//  - EVENT_HEADER (0x50) + extended data items (8-aligned) + user data;
//  - EVENT_TRACE_HEADER (0x30) for classic events, EVENT_INSTANCE_GUID_HEADER (0x48) when the event
//    carries INSTANCE_INFO (the reader surfaces the instance fields as that ext item);
//  - SYSTEM (0x20) / COMPACT (0x18) / PERFINFO (0x10) kernel headers, with PEBS index and PMC counters
//    (ext items 7 and 8 in a RawEvent) between header and payload, flagged in the Version word;
//  - MESSAGE (WPP): MessageNumber, then GUID, performance timestamp and thread/process ids.
// What the fields cannot say is lost: kernel/user CPU times (written as 0), EVENT_HEADER
// EventProperty, a message's sequence number, and extended data of classic and kernel events other
// than those above (`droppedExt` says so). ERROR records have nothing to rebuild from.
// The record is built in one reusable scratch buffer: the result is valid until the next call.
import { guidToBytes } from '../binary/guid';
import {
  COMPACT_HEADER_SIZE,
  EVENT_HEADER_FLAG_EXTENDED_INFO,
  EVENT_HEADER_SIZE,
  FULL_HEADER_SIZE,
  HeaderType as H,
  INSTANCE_HEADER_SIZE,
  MARKER_FLAG_HEADER,
  MARKER_FLAG_MESSAGE,
  MARKER_FLAGS_TYPED,
  MESSAGE_HEADER_SIZE,
  MessageOption,
  PERFINFO_HEADER_SIZE,
  SYSTEM_HEADER_SIZE,
  TRACE_HEADER_PEBS_INDEX_FLAG,
} from '../etl/layout';
import { ExtType, RecordKind, type ExtItem, type RawEvent } from '../events/raw-event';
import { MAX_RECORD_SIZE } from './etl-records';

/** EVENT_HEADER_FLAG_*: set from the event's own shape, never copied. */
const FLAG_TRACE_MESSAGE = 0x8;
const FLAG_32_BIT_HEADER = 0x20;
const FLAG_64_BIT_HEADER = 0x40;
const FLAG_CLASSIC_HEADER = 0x100;
const FLAG_PROCESSOR_INDEX = 0x200;
const DERIVED_FLAGS =
  EVENT_HEADER_FLAG_EXTENDED_INFO |
  FLAG_TRACE_MESSAGE |
  FLAG_32_BIT_HEADER |
  FLAG_64_BIT_HEADER |
  FLAG_CLASSIC_HEADER |
  FLAG_PROCESSOR_INDEX;
const EXT_ITEM_HEADER = 8;
const INSTANCE_INFO_SIZE = INSTANCE_HEADER_SIZE - FULL_HEADER_SIZE;
const MAX_PMC_COUNTERS = 7;
const ZERO_GUID_BYTES = new Uint8Array(16);

export type RebuiltRecord =
  | {
      ok: true;
      /** The record (unpadded), a view into the rebuilder's scratch buffer. */
      record: Uint8Array;
      /** Extended data items the layout has no room for (not written). */
      droppedExt: number;
    }
  | { ok: false; why: string };

export class RecordRebuilder {
  private readonly bytes = new Uint8Array(MAX_RECORD_SIZE + 1);
  private readonly view = new DataView(this.bytes.buffer);
  private readonly guids = new Map<string, Uint8Array>();

  /** The record of `e` with raw timestamp `timestamp` (in the clock of the file being written). */
  rebuild(e: RawEvent, timestamp: bigint): RebuiltRecord {
    switch (e.kind) {
      case RecordKind.EventHeader:
        return this.eventHeader(e, timestamp);
      case RecordKind.Full:
      case RecordKind.Instance:
        return this.classic(e, timestamp);
      case RecordKind.System:
      case RecordKind.Compact:
      case RecordKind.PerfInfo:
        return this.kernel(e, timestamp);
      case RecordKind.Message:
        return this.message(e, timestamp);
      default:
        return { ok: false, why: 'an ERROR record has no event to rebuild' };
    }
  }

  private eventHeader(e: RawEvent, timestamp: bigint): RebuiltRecord {
    let size = EVENT_HEADER_SIZE + e.payload.length;
    for (const item of e.ext) size += EXT_ITEM_HEADER + ((item.data.length + 7) & ~7);
    const tooBig = this.tooBig(size);
    if (tooBig) return tooBig;
    const v = this.view;
    const flags =
      (e.flags & ~DERIVED_FLAGS & 0xffff) |
      (e.ext.length > 0 ? EVENT_HEADER_FLAG_EXTENDED_INFO : 0) |
      (e.pointerSize === 8 ? FLAG_64_BIT_HEADER : FLAG_32_BIT_HEADER);
    this.marker(size, e.pointerSize === 8 ? H.EventHeader64 : H.EventHeader32);
    v.setUint16(4, flags, true);
    v.setUint16(6, 0, true); // EventProperty: not kept
    this.ids(e, 8);
    v.setBigUint64(0x10, timestamp, true);
    this.bytes.set(this.guid(e.providerId), 0x18);
    v.setUint16(0x28, e.id, true);
    v.setUint8(0x2a, e.version);
    v.setUint8(0x2b, e.channel);
    v.setUint8(0x2c, e.level);
    v.setUint8(0x2d, e.opcode);
    v.setUint16(0x2e, e.task, true);
    v.setBigUint64(0x30, BigInt.asUintN(64, e.keywords), true);
    v.setBigUint64(0x38, 0n, true); // KernelTime/UserTime: not kept
    this.bytes.set(e.activityId ? guidToBytes(e.activityId) : ZERO_GUID_BYTES, 0x40);
    let at = EVENT_HEADER_SIZE;
    e.ext.forEach((item, i) => {
      const itemSize = EXT_ITEM_HEADER + ((item.data.length + 7) & ~7);
      v.setUint16(at, itemSize, true);
      v.setUint16(at + 2, item.type, true);
      v.setUint16(at + 4, i < e.ext.length - 1 ? 1 : 0, true);
      v.setUint16(at + 6, item.data.length, true);
      this.bytes.set(item.data, at + EXT_ITEM_HEADER);
      this.bytes.fill(0, at + EXT_ITEM_HEADER + item.data.length, at + itemSize);
      at += itemSize;
    });
    this.bytes.set(e.payload, at);
    return this.done(size, 0);
  }

  private classic(e: RawEvent, timestamp: bigint): RebuiltRecord {
    const info = e.ext.find((x) => x.type === ExtType.InstanceInfo && x.data.length === INSTANCE_INFO_SIZE);
    const headerSize = info ? INSTANCE_HEADER_SIZE : FULL_HEADER_SIZE;
    const size = headerSize + e.payload.length;
    const tooBig = this.tooBig(size);
    if (tooBig) return tooBig;
    const v = this.view;
    const type = info
      ? e.pointerSize === 8
        ? H.Instance64
        : H.Instance32
      : e.pointerSize === 8
        ? H.FullHeader64
        : H.FullHeader32;
    this.marker(size, type);
    v.setUint8(4, e.opcode);
    v.setUint8(5, e.level);
    v.setUint16(6, e.version, true);
    this.ids(e, 8);
    v.setBigUint64(0x10, timestamp, true);
    this.bytes.set(this.guid(e.providerId), 0x18);
    v.setBigUint64(0x28, 0n, true); // KernelTime/UserTime: not kept
    if (info) this.bytes.set(info.data, FULL_HEADER_SIZE);
    this.bytes.set(e.payload, headerSize);
    return this.done(size, e.ext.length - (info ? 1 : 0));
  }

  private kernel(e: RawEvent, timestamp: bigint): RebuiltRecord {
    const pebs = e.ext.find((x) => x.type === ExtType.PebsIndex && x.data.length === 8);
    const pmc = e.ext.find(
      (x) =>
        x.type === ExtType.PmcCounters &&
        x.data.length > 0 &&
        x.data.length % 8 === 0 &&
        x.data.length / 8 <= MAX_PMC_COUNTERS,
    );
    const headerSize =
      e.kind === RecordKind.System
        ? SYSTEM_HEADER_SIZE
        : e.kind === RecordKind.Compact
          ? COMPACT_HEADER_SIZE
          : PERFINFO_HEADER_SIZE;
    const extraSize = (pebs ? 8 : 0) + (pmc?.data.length ?? 0);
    const size = headerSize + extraSize + e.payload.length;
    const tooBig = this.tooBig(size);
    if (tooBig) return tooBig;
    const v = this.view;
    const wide = e.pointerSize === 8;
    const type =
      e.kind === RecordKind.System
        ? wide
          ? H.System64
          : H.System32
        : e.kind === RecordKind.Compact
          ? wide
            ? H.Compact64
            : H.Compact32
          : wide
            ? H.PerfInfo64
            : H.PerfInfo32;
    const version =
      (e.version & 0xff) | (pebs ? TRACE_HEADER_PEBS_INDEX_FLAG : 0) | (pmc ? (pmc.data.length / 8) << 8 : 0);
    this.marker(version, type);
    v.setUint16(4, size, true);
    v.setUint8(6, e.opcode);
    v.setUint8(7, e.group < 0 ? 0 : e.group);
    let at: number;
    if (e.kind === RecordKind.PerfInfo) {
      v.setBigUint64(8, timestamp, true);
      at = PERFINFO_HEADER_SIZE;
    } else {
      this.ids(e, 8);
      v.setBigUint64(0x10, timestamp, true);
      if (e.kind === RecordKind.System) v.setBigUint64(0x18, 0n, true); // Kernel/UserTime: not kept
      at = headerSize;
    }
    at = this.put(pebs, at);
    at = this.put(pmc, at);
    this.bytes.set(e.payload, at);
    return this.done(size, e.ext.length - (pebs ? 1 : 0) - (pmc ? 1 : 0));
  }

  private message(e: RawEvent, timestamp: bigint): RebuiltRecord {
    const hasGuid = /^[0-9a-f]{8}-/i.test(e.providerId);
    const size = MESSAGE_HEADER_SIZE + (hasGuid ? 16 : 0) + 8 + 8 + e.payload.length;
    const tooBig = this.tooBig(size);
    if (tooBig) return tooBig;
    const v = this.view;
    const options =
      (hasGuid ? MessageOption.Guid : 0) |
      MessageOption.Timestamp |
      MessageOption.PerformanceTimestamp |
      MessageOption.SystemInfo |
      (e.pointerSize === 8 ? MessageOption.Pointer64 : MessageOption.Pointer32);
    v.setUint16(0, size, true);
    v.setUint8(2, 0);
    v.setUint8(3, MARKER_FLAG_HEADER | MARKER_FLAG_MESSAGE);
    v.setUint16(4, e.id, true);
    v.setUint16(6, options, true);
    let at = MESSAGE_HEADER_SIZE;
    if (hasGuid) {
      this.bytes.set(this.guid(e.providerId), at);
      at += 16;
    }
    v.setBigUint64(at, timestamp, true);
    this.ids(e, at + 8);
    this.bytes.set(e.payload, at + 16);
    return this.done(size, e.ext.length);
  }

  /** The first 4 bytes of a typed header: u16 (size or version), header type, marker flags. */
  private marker(first: number, type: number): void {
    this.view.setUint16(0, first, true);
    this.view.setUint8(2, type);
    this.view.setUint8(3, MARKER_FLAGS_TYPED);
  }

  /** ThreadId, ProcessId at `at` (-1, "none", is written as 0xFFFFFFFF). */
  private ids(e: RawEvent, at: number): void {
    this.view.setUint32(at, e.tid >>> 0, true);
    this.view.setUint32(at + 4, e.pid >>> 0, true);
  }

  private put(item: ExtItem | undefined, at: number): number {
    if (!item) return at;
    this.bytes.set(item.data, at);
    return at + item.data.length;
  }

  private guid(id: string): Uint8Array {
    let bytes = this.guids.get(id);
    if (!bytes) {
      bytes = /^[0-9a-f]{8}-/i.test(id) ? guidToBytes(id) : ZERO_GUID_BYTES;
      if (this.guids.size >= 65536) this.guids.clear();
      this.guids.set(id, bytes);
    }
    return bytes;
  }

  private tooBig(size: number): RebuiltRecord | undefined {
    return size > MAX_RECORD_SIZE
      ? {
          ok: false,
          why: `a record of ${size} bytes exceeds the ${MAX_RECORD_SIZE}-byte limit of ETL records`,
        }
      : undefined;
  }

  private done(size: number, droppedExt: number): RebuiltRecord {
    return { ok: true, record: this.bytes.subarray(0, size), droppedExt };
  }
}

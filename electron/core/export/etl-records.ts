// Encoders for the ETL records the writer makes itself (layouts: shared/docs/etw-formats.md §2-§3,
// the same tables the reader's layout.ts names): the TRACE_LOGFILE_HEADER event that opens every
// file (SYSTEM32/64 header, group 0 type 0), classic EVENT_TRACE_HEADER records (FULL_HEADER32/64:
// the KernelTraceControl MetaData events), and EVENT_HEADER records (manifest events, for the demo
// generator). Every record is returned unpadded; the buffer writer aligns it to 8 bytes.
import { HeaderType, MARKER_FLAGS_TYPED } from '../etl/layout';
import { ByteBuilder } from './byte-builder';

/** The largest record a u16 size field can describe. */
export const MAX_RECORD_SIZE = 0xffff;

/** What TRACE_LOGFILE_HEADER says about a file (etw-formats §3). */
export interface EtlFileHeader {
  pointerSize: 4 | 8;
  /** TRACE_LOGFILE_HEADER.Version as stored (bytes: OS major, minor, log format sub-versions). */
  version: number;
  /** ProviderVersion: the OS build number. */
  build: number;
  numberOfProcessors: number;
  /** 100-ns units. */
  timerResolution: number;
  maximumFileSize: number;
  logFileMode: number;
  eventsLost: number;
  buffersLost: number;
  cpuSpeedMHz: number;
  timeZoneBiasMinutes: number;
  timeZoneStandardName: string;
  timeZoneDaylightName: string;
  /** FILETIME. */
  bootTime: bigint;
  perfFreq: number;
  /** FILETIME (UTC) of raw time `headerTimestamp`. */
  startTime: bigint;
  /** ReservedFlags: 1 QPC, 2 system time, 3 CPU cycles. */
  clockType: number;
  /** Raw timestamp of the header event: ticks 0 of the file. */
  headerTimestamp: bigint;
  loggerName: string;
  logFileName: string;
  /** Process and thread that wrote the header event. */
  pid: number;
  tid: number;
}

const TIME_ZONE_NAME_CHARS = 32;

function timeZoneName(b: ByteBuilder, name: string): void {
  const s = name.slice(0, TIME_ZONE_NAME_CHARS - 1);
  b.utf16(s).zeros((TIME_ZONE_NAME_CHARS - s.length) * 2);
}

/** The header event: SYSTEM header (hook 0x0000, version 2) + TRACE_LOGFILE_HEADER + names. */
export function logfileHeaderRecord(
  h: EtlFileHeader,
  bufferSize: number,
  buffersWritten: number,
  endTime: bigint,
): Uint8Array {
  const ptr = h.pointerSize;
  const b = new ByteBuilder(0x200);
  b.u16(2)
    .u8(ptr === 8 ? HeaderType.System64 : HeaderType.System32)
    .u8(MARKER_FLAGS_TYPED)
    .u16(0) // Packet.Size, patched below
    .u8(0) // Type: WMI_LOG_TYPE_HEADER
    .u8(0) // Group: header
    .u32(h.tid)
    .u32(h.pid)
    .u64(h.headerTimestamp)
    .u32(0)
    .u32(0);
  b.u32(bufferSize)
    .u32(h.version)
    .u32(h.build)
    .u32(h.numberOfProcessors)
    .u64(endTime)
    .u32(h.timerResolution)
    .u32(h.maximumFileSize)
    .u32(h.logFileMode)
    .u32(buffersWritten)
    .u32(1) // StartBuffers
    .u32(ptr)
    .u32(h.eventsLost)
    .u32(h.cpuSpeedMHz)
    .zeros(ptr * 2); // LoggerName, LogFileName: pointers, meaningless in a file
  b.i32(h.timeZoneBiasMinutes);
  timeZoneName(b, h.timeZoneStandardName);
  b.zeros(16 + 4); // StandardDate, StandardBias
  timeZoneName(b, h.timeZoneDaylightName);
  b.zeros(16 + 4 + 4); // DaylightDate, DaylightBias, padding to 176
  b.u64(h.bootTime).u64(BigInt(h.perfFreq)).u64(h.startTime).u32(h.clockType).u32(h.buffersLost);
  b.utf16z(h.loggerName).utf16z(h.logFileName);
  b.setU16(4, b.length);
  return b.done();
}

export interface ClassicRecord {
  pointerSize: 4 | 8;
  /** Event class GUID. */
  guid: string;
  /** Class.Type: the event type (opcode). */
  type: number;
  level: number;
  version: number;
  pid: number;
  tid: number;
  timestamp: bigint;
  payload: Uint8Array;
}

/** EVENT_TRACE_HEADER (0x30) + payload: FULL_HEADER64 (0x14) or FULL_HEADER32 (0x0A). */
export function classicRecord(r: ClassicRecord): Uint8Array {
  const size = 0x30 + r.payload.length;
  if (size > MAX_RECORD_SIZE)
    throw new RangeError(`classic record of ${size} bytes exceeds ${MAX_RECORD_SIZE}`);
  const b = new ByteBuilder(size);
  b.u16(size)
    .u8(r.pointerSize === 8 ? HeaderType.FullHeader64 : HeaderType.FullHeader32)
    .u8(MARKER_FLAGS_TYPED)
    .u8(r.type)
    .u8(r.level)
    .u16(r.version)
    .u32(r.tid)
    .u32(r.pid)
    .u64(r.timestamp)
    .guid(r.guid)
    .u64(0n) // KernelTime/UserTime
    .bytes(r.payload);
  return b.done();
}

export interface EventHeaderRecord {
  pointerSize: 4 | 8;
  /** EVENT_HEADER_FLAG_* (EXTENDED_INFO is set from `ext`; 32/64_BIT_HEADER from pointerSize). */
  flags?: number;
  pid: number;
  tid: number;
  timestamp: bigint;
  providerId: string;
  id: number;
  version: number;
  channel: number;
  level: number;
  opcode: number;
  task: number;
  keywords: bigint;
  kernelTime?: number;
  userTime?: number;
  /** GUID, or undefined for none. */
  activityId?: string;
  ext?: readonly { type: number; data: Uint8Array }[];
  payload: Uint8Array;
}

const FLAG_EXTENDED_INFO = 0x1;
const FLAG_32_BIT_HEADER = 0x20;
const FLAG_64_BIT_HEADER = 0x40;

/** EVENT_HEADER (0x50) + extended data items (8-aligned) + user data (etw-formats §2.7, §2.9). */
export function eventHeaderRecord(r: EventHeaderRecord): Uint8Array {
  const ext = r.ext ?? [];
  const b = new ByteBuilder(0x50 + r.payload.length + 64);
  const flags =
    (r.flags ?? 0) |
    (ext.length > 0 ? FLAG_EXTENDED_INFO : 0) |
    (r.pointerSize === 8 ? FLAG_64_BIT_HEADER : FLAG_32_BIT_HEADER);
  b.u16(0)
    .u8(r.pointerSize === 8 ? HeaderType.EventHeader64 : HeaderType.EventHeader32)
    .u8(MARKER_FLAGS_TYPED)
    .u16(flags)
    .u16(0) // EventProperty
    .u32(r.tid)
    .u32(r.pid)
    .u64(r.timestamp)
    .guid(r.providerId)
    .u16(r.id)
    .u8(r.version)
    .u8(r.channel)
    .u8(r.level)
    .u8(r.opcode)
    .u16(r.task)
    .u64(r.keywords)
    .u32(r.kernelTime ?? 0)
    .u32(r.userTime ?? 0);
  if (r.activityId) b.guid(r.activityId);
  else b.zeros(16);
  ext.forEach((item, i) => {
    const itemSize = 8 + ((item.data.length + 7) & ~7);
    b.u16(itemSize)
      .u16(item.type)
      .u16(i < ext.length - 1 ? 1 : 0)
      .u16(item.data.length)
      .bytes(item.data)
      .zeros(itemSize - 8 - item.data.length);
  });
  b.bytes(r.payload);
  if (b.length > MAX_RECORD_SIZE)
    throw new RangeError(`event record of ${b.length} bytes exceeds ${MAX_RECORD_SIZE}`);
  b.setU16(0, b.length);
  return b.done();
}

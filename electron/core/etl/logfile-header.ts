// TRACE_LOGFILE_HEADER: the payload of the first record of buffer 0 (a SYSTEM32/64 header, group 0,
// type 0), followed by LoggerName and LogFileName as UTF-16Z. Field offsets per pointer width
// (SYSTEM32 → ptr4, SYSTEM64 → ptr8): etw-formats §3 (MSDOCS TRACE_LOGFILE_HEADER, DISSECT
// headers/logfile.py, SNAIL parser/records/kernel/header.hpp).
import { ByteReader } from '../binary/byte-reader';

export interface EtlHeader {
  /** Session (logger) name, e.g. "NT Kernel Logger", "Relogger". */
  loggerName: string;
  logFileName: string;
  /** TRACE_LOGFILE_HEADER.Version bytes: OS major/minor, then log format sub-versions. */
  osVersionMajor: number;
  osVersionMinor: number;
  subVersion: number;
  subMinorVersion: number;
  /** Raw Version u32 (as TraceEvent prints it). */
  version: number;
  /** ProviderVersion: the OS build number, e.g. 19041. */
  build: number;
  numberOfProcessors: number;
  /** PointerSize field (4 or 8); follows the header record type when the field is not 4/8. */
  pointerSize: 4 | 8;
  /** ReservedFlags: 1 QPC, 2 system time, 3 CPU cycles. */
  clockType: number;
  perfFreq: number;
  cpuSpeedMHz: number;
  startTime: bigint;
  endTime: bigint;
  bootTime: bigint;
  /** 100-ns units. */
  timerResolution: number;
  /** Session buffer size in bytes. */
  bufferSize: number;
  buffersWritten: number;
  startBuffers: number;
  eventsLost: number;
  buffersLost: number;
  logFileMode: number;
  /** MB; 0 = unlimited. */
  maximumFileSize: number;
  /** RtlCompressBuffer format of data buffers (layout.ts CompressionFormat), 0 when not compressed. */
  compressionFormat: number;
  /** TIME_ZONE_INFORMATION.Bias: minutes to add to local time to get UTC. */
  timeZoneBiasMinutes: number;
  timeZoneStandardName: string;
  timeZoneDaylightName: string;
  /** Raw timestamp of the header record: ticks = 0. */
  headerTimestamp: bigint;
}

/** Offsets inside TRACE_LOGFILE_HEADER that differ by pointer width (etw-formats §3 table). */
function layout(ptr: 4 | 8) {
  const shift = ptr === 8 ? 8 : 0;
  return {
    timeZone: 0x40 + shift,
    bootTime: 0xf0 + shift,
    perfFreq: 0xf8 + shift,
    startTime: 0x100 + shift,
    reservedFlags: 0x108 + shift,
    buffersLost: 0x10c + shift,
    strings: 0x110 + shift,
  };
}

const TIME_ZONE_NAME_CHARS = 32;

/**
 * Parses the header payload (`payload` = record bytes after the 0x20 SYSTEM header). Throws
 * BinaryParseError (with file offsets from `fileBase`) when it is too short.
 */
export function parseLogfileHeader(
  payload: Uint8Array,
  fileBase: number,
  headerPointerSize: 4 | 8,
  headerTimestamp: bigint,
  headerBufferState: number,
): EtlHeader {
  const r = new ByteReader(payload, fileBase, 'TRACE_LOGFILE_HEADER');
  const o = layout(headerPointerSize);
  r.need(o.strings);
  const versionBytes = r.sub(4, 0x04);
  const logFileMode = r.u32(0x20);
  const pointerField = r.u32(0x2c);
  const compressed = (logFileMode & 0x04000000) !== 0;
  const tz = o.timeZone;
  r.pos = o.strings;
  const loggerName = r.remaining >= 2 ? r.utf16z() : '';
  const logFileName = r.remaining >= 2 ? r.utf16z() : '';
  return {
    loggerName,
    logFileName,
    osVersionMajor: versionBytes[0] as number,
    osVersionMinor: versionBytes[1] as number,
    subVersion: versionBytes[2] as number,
    subMinorVersion: versionBytes[3] as number,
    version: r.u32(0x04),
    build: r.u32(0x08),
    numberOfProcessors: r.u32(0x0c),
    pointerSize: pointerField === 4 || pointerField === 8 ? pointerField : headerPointerSize,
    clockType: r.u32(o.reservedFlags),
    perfFreq: r.u64n(o.perfFreq),
    cpuSpeedMHz: r.u32(0x34),
    startTime: r.u64(o.startTime),
    endTime: r.u64(0x10),
    bootTime: r.u64(o.bootTime),
    timerResolution: r.u32(0x18),
    bufferSize: r.u32(0x00),
    buffersWritten: r.u32(0x24),
    startBuffers: r.u32(0x28),
    eventsLost: r.u32(0x30),
    buffersLost: r.u32(o.buffersLost),
    logFileMode,
    maximumFileSize: r.u32(0x1c),
    compressionFormat: compressed ? headerBufferState & 0xffff : 0,
    timeZoneBiasMinutes: r.i32(tz),
    timeZoneStandardName: trimNul(r.utf16(TIME_ZONE_NAME_CHARS, tz + 4)),
    timeZoneDaylightName: trimNul(r.utf16(TIME_ZONE_NAME_CHARS, tz + 88)),
    headerTimestamp,
  };
}

function trimNul(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

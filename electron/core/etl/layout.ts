// Byte layouts and constants of the ETL container (buffers and record markers), with their sources.
// Offsets follow NTWMI (winsiderss/systeminformer phnt/include/ntwmi.h) and shared/docs/etw-formats.md
// §1-§2; every number the reader uses on raw bytes is named here.

/** WMI_BUFFER_HEADER: 0x48 bytes, the same for 32- and 64-bit writers (NTWMI C_ASSERTs, etw-formats §1.1). */
export const BUFFER_HEADER_SIZE = 0x48;
export const BufferHeaderOffset = {
  BufferSize: 0x00, // u32: bytes this buffer occupies in the file
  SavedOffset: 0x04, // u32: usually = Offset; can be 0 (Win7 logman)
  TimeStamp: 0x10, // u64: flush time, raw session clock
  SequenceNumber: 0x18, // u64: per-logger buffer sequence
  ProcessorIndex: 0x28, // u16: & 0x7FF = CPU
  LoggerId: 0x2a, // u16
  State: 0x2c, // u32: header buffer of a compressed file: low 16 bits = compression format
  Offset: 0x30, // u32: end of valid data incl. header (a.k.a. FilledBytes)
  BufferFlag: 0x34, // u16
  BufferType: 0x36, // u16
} as const;

export const PROCESSOR_INDEX_MASK = 0x07ff;

/** WMI_BUFFER_HEADER.BufferFlag bits (NTWMI ETW_BUFFER_FLAG_*). */
export const BufferFlag = {
  FlushMarker: 0x1,
  EventsLost: 0x2,
  BufferLost: 0x4,
  RtBackupCorrupt: 0x8,
  RtBackup: 0x10,
  ProcIndex: 0x20,
  Compressed: 0x40,
} as const;

/** WMI_BUFFER_HEADER.BufferType (NTWMI ETW_BUFFER_TYPE_*). */
export const BufferType = {
  Generic: 0,
  Rundown: 1,
  CtxSwap: 2,
  RefTime: 3,
  Header: 4,
  Batched: 5,
  EmptyMarker: 6,
  DbgInfo: 7,
} as const;

/** TRACE_HEADER_TYPE_* (third byte of every record's marker; NTWMI). */
export const HeaderType = {
  System32: 0x01,
  System64: 0x02,
  Compact32: 0x03,
  Compact64: 0x04,
  FullHeader32: 0x0a,
  Instance32: 0x0b,
  Timed: 0x0c,
  Error: 0x0d,
  WnodeHeader: 0x0e,
  Message: 0x0f,
  PerfInfo32: 0x10,
  PerfInfo64: 0x11,
  EventHeader32: 0x12,
  EventHeader64: 0x13,
  FullHeader64: 0x14,
  Instance64: 0x15,
} as const;

/** Printable names of TRACE_HEADER_TYPE_* values, for info output. */
export const headerTypeNames: Readonly<Record<number, string>> = {
  0x01: 'SYSTEM32',
  0x02: 'SYSTEM64',
  0x03: 'COMPACT32',
  0x04: 'COMPACT64',
  0x0a: 'FULL_HEADER32',
  0x0b: 'INSTANCE32',
  0x0d: 'ERROR',
  0x0f: 'MESSAGE',
  0x10: 'PERFINFO32',
  0x11: 'PERFINFO64',
  0x12: 'EVENT_HEADER32',
  0x13: 'EVENT_HEADER64',
  0x14: 'FULL_HEADER64',
  0x15: 'INSTANCE64',
};

/** Marker flag byte (byte 3): 0xC0 for typed headers (TRACE_HEADER_FLAG | TRACE_HEADER_EVENT_TRACE). */
export const MARKER_FLAGS_TYPED = 0xc0;
/** TRACE_HEADER_FLAG | TRACE_MESSAGE: WPP/TraceMessage records (etw-formats §2.8). */
export const MARKER_FLAG_HEADER = 0x80;
export const MARKER_FLAG_MESSAGE = 0x10;

/** Fixed header sizes per record layout (etw-formats §2.1 table). */
export const SYSTEM_HEADER_SIZE = 0x20;
export const COMPACT_HEADER_SIZE = 0x18;
export const PERFINFO_HEADER_SIZE = 0x10;
export const FULL_HEADER_SIZE = 0x30;
export const INSTANCE_HEADER_SIZE = 0x48;
export const EVENT_HEADER_SIZE = 0x50;
export const MESSAGE_HEADER_SIZE = 0x08;
/** ERROR records: header layout undocumented; the reader surfaces the bytes after the marker. */
export const ERROR_MARKER_SIZE = 0x04;

/** Version word of SYSTEM/COMPACT/PERFINFO headers: PEBS/PMC extension items (etw-formats §2.4). */
export const TRACE_HEADER_PEBS_INDEX_FLAG = 0x8000;
export const TRACE_HEADER_PMC_COUNTERS_MASK = 0x0700;

/** EVENT_HEADER.Flags bit: extended data items follow the header. */
export const EVENT_HEADER_FLAG_EXTENDED_INFO = 0x1;

/** MESSAGE_TRACE_HEADER option flags (TRACE_MESSAGE_*; NTWMI, DISSECT). */
export const MessageOption = {
  Sequence: 0x01,
  Guid: 0x02,
  ComponentId: 0x04,
  Timestamp: 0x08,
  PerformanceTimestamp: 0x10,
  SystemInfo: 0x20,
  Pointer32: 0x40,
  Pointer64: 0x80,
} as const;

/** EVENT_TRACE_COMPRESSED_MODE in LogFileMode (NTWMI). */
export const LOG_FILE_MODE_COMPRESSED = 0x04000000;

/** RtlCompressBuffer formats as stored in the header buffer's State (etw-formats §1.3). */
export const CompressionFormat = { None: 0, Lznt1: 2, Xpress: 3, XpressHuffman: 4 } as const;

/** Records are padded to 8 bytes (DEFAULT_TRACE_ALIGNMENT). */
export const RECORD_ALIGNMENT = 8;
/** Marker of the 0xFF fill after the last record of a buffer. */
export const END_OF_BUFFER_MARKER = 0xffffffff;

/** Sanity bound for one buffer's size in the file and after decompression (ETW caps buffers at 16 MB). */
export const MAX_BUFFER_SIZE = 64 * 1024 * 1024;

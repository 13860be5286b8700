// Batch layout of the live addon (native/README.md "Batch layout", native/src/win/batch_format.h):
// a 64-byte batch header, then 8-aligned records, each a 96-byte record header (sizes, the
// ETW_BUFFER_CONTEXT and the verbatim 80-byte EVENT_HEADER), extended items, then user data.
// batch-parser.ts reads it; change it only together with the C++ writer and bump BATCH_VERSION.

export const BATCH_MAGIC = 0x42585745; // bytes "EWXB"
export const BATCH_VERSION = 1;
export const BATCH_HEADER_SIZE = 64;
export const BATCH_FLAG_LAST = 1;

/** Batch header field offsets. */
export const BatchHeader = {
  magic: 0x00, // u32
  version: 0x04, // u16
  headerSize: 0x06, // u16
  totalSize: 0x08, // u32
  sequence: 0x0c, // u32
  count: 0x10, // u32
  dropped: 0x14, // u32
  flags: 0x18, // u32
  endStatus: 0x1c, // u32
  clockType: 0x20, // u32
  frequency: 0x28, // u64
  t0: 0x30, // u64
  startFileTime: 0x38, // u64
} as const;

/** Record field offsets, relative to the record start. */
export const RecordHeader = {
  size: 0x00, // u32, multiple of 8, >= RECORD_HEADER_SIZE
  extCount: 0x04, // u16
  userDataLength: 0x08, // u32
  processorNumber: 0x0c, // u8 (ETW_BUFFER_CONTEXT)
  processorIndex: 0x0c, // u16, when EVENT_HEADER_FLAG_PROCESSOR_INDEX
  loggerId: 0x0e, // u16
  eventHeader: 0x10, // EVENT_HEADER, 80 bytes
} as const;
export const RECORD_HEADER_SIZE = 0x60;
export const EXT_ITEM_HEADER_SIZE = 8; // u16 type, u16 reserved, u32 size

/** EVENT_HEADER field offsets (evntcons.h), relative to the EVENT_HEADER. */
export const EventHeader = {
  headerType: 0x02, // u16 (reserved by the docs)
  flags: 0x04, // u16
  threadId: 0x08, // u32
  processId: 0x0c, // u32
  timeStamp: 0x10, // u64, raw session clock
  providerId: 0x18, // GUID
  id: 0x28, // u16
  version: 0x2a, // u8
  channel: 0x2b, // u8
  level: 0x2c, // u8
  opcode: 0x2d, // u8
  task: 0x2e, // u16
  keyword: 0x30, // u64
  activityId: 0x40, // GUID
} as const;

/** EVENT_HEADER_FLAG_* (evntcons.h). */
export const EventHeaderFlag = {
  ExtendedInfo: 0x0001,
  PrivateSession: 0x0002,
  StringOnly: 0x0004,
  TraceMessage: 0x0008,
  NoCpuTime: 0x0010,
  Header32: 0x0020,
  Header64: 0x0040,
  DecodeGuid: 0x0080,
  ClassicHeader: 0x0100,
  ProcessorIndex: 0x0200,
} as const;

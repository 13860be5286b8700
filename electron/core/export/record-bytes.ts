// The bytes of a record exactly as the ETL reader found it, recovered from a RawEvent without
// copying: the reader's payload and ext views point into the (decompressed) buffer the record came
// from (events/raw-event.ts, etl/records.ts), the payload ends where the record ends, and each
// header layout puts its first variable part at a known distance from the record start. The result
// is checked against the record's own size and header-type fields, so a RawEvent that does not
// come from an ETL buffer (a live batch, a copy) gives undefined instead of wrong bytes.
// Like the views it is made from, the result is valid only until the next event is pulled.
import { RecordKind, type RawEvent } from '../events/raw-event';
import {
  COMPACT_HEADER_SIZE,
  ERROR_MARKER_SIZE,
  EVENT_HEADER_SIZE,
  FULL_HEADER_SIZE,
  MESSAGE_HEADER_SIZE,
  PERFINFO_HEADER_SIZE,
  SYSTEM_HEADER_SIZE,
} from '../etl/layout';

/** Bytes from the first ext item's data to its record start: EVENT_HEADER + the item header. */
const EXT_ITEM_HEADER = 8;
/** MESSAGE option fields can add at most 4 + 16 + 8 + 8 bytes after the fixed header. */
const MAX_MESSAGE_OPTIONS = 36;

function viewOver(e: RawEvent, start: number, end: number): Uint8Array | undefined {
  const buffer = e.payload.buffer;
  if (start < 0 || end > buffer.byteLength || end - start < 4) return undefined;
  return new Uint8Array(buffer, start, end - start);
}

/** True when `r` is a whole record of `e`'s header type (size field and marker agree). */
function isRecordOf(e: RawEvent, r: Uint8Array): boolean {
  const kernel =
    e.kind === RecordKind.System || e.kind === RecordKind.Compact || e.kind === RecordKind.PerfInfo;
  if (kernel && r.length < 8) return false;
  const size = kernel
    ? (r[4] as number) | ((r[5] as number) << 8)
    : (r[0] as number) | ((r[1] as number) << 8);
  if (size !== r.length) return false;
  if (e.kind === RecordKind.Message) return ((r[3] as number) & 0x90) === 0x90;
  return r[2] === e.headerType;
}

/** Offset of the record start in the payload's ArrayBuffer, from the layout of its header. */
function headerStart(e: RawEvent): number | undefined {
  const first = e.ext[0]?.data.byteOffset;
  const payload = e.payload.byteOffset;
  switch (e.kind) {
    case RecordKind.EventHeader:
      return first !== undefined ? first - EVENT_HEADER_SIZE - EXT_ITEM_HEADER : payload - EVENT_HEADER_SIZE;
    case RecordKind.Full:
      return payload - FULL_HEADER_SIZE;
    case RecordKind.Instance:
      // The instance fields (surfaced as ext item INSTANCE_INFO) follow the 0x30 EVENT_TRACE_HEADER.
      return first !== undefined ? first - FULL_HEADER_SIZE : undefined;
    case RecordKind.System:
      return (first ?? payload) - SYSTEM_HEADER_SIZE;
    case RecordKind.Compact:
      return (first ?? payload) - COMPACT_HEADER_SIZE;
    case RecordKind.PerfInfo:
      return (first ?? payload) - PERFINFO_HEADER_SIZE;
    case RecordKind.Error:
      return payload - ERROR_MARKER_SIZE;
    default:
      return undefined;
  }
}

/** The whole record (header, ext items, payload; no alignment padding) of an event read from an ETL file. */
export function recordBytesOf(e: RawEvent): Uint8Array | undefined {
  const end = e.payload.byteOffset + e.payload.byteLength;
  if (e.kind === RecordKind.Message) {
    // Optional fields of unknown total size: try each possible header length, shortest first.
    for (let extra = 0; extra <= MAX_MESSAGE_OPTIONS; extra += 4) {
      const r = viewOver(e, e.payload.byteOffset - MESSAGE_HEADER_SIZE - extra, end);
      if (r && isRecordOf(e, r)) return r;
    }
    return undefined;
  }
  const start = headerStart(e);
  if (start === undefined) return undefined;
  const r = viewOver(e, start, end);
  return r && isRecordOf(e, r) ? r : undefined;
}

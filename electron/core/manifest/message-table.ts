// RT_MESSAGETABLE resource (winnt.h MESSAGE_RESOURCE_DATA / _BLOCK / _ENTRY), as in a PE's resources or
// mc.exe's MSG00001.bin: u32 NumberOfBlocks, blocks {u32 LowId, u32 HighId, u32 OffsetToEntries},
// entries {u16 Length (incl. this header), u16 Flags (1 = UTF-16, 0 = 8-bit), text}. Messages are looked
// up by message id (events, keywords, levels, tasks, opcodes, channels and map entries of a binary
// manifest refer to them). Bounded; bad blocks become diagnostics and the rest is kept.
import type { SchemaDiagnostic } from '../../common/model/schema';
import { textDecoders } from '../binary/byte-reader';

export type MessageTable = ReadonlyMap<number, string>;

const MAX_BLOCKS = 65536;
const MAX_MESSAGES = 1 << 20;

/** mc.exe stores "text\r\n" with CRLF line breaks: give the text as written in the manifest. */
export function normalizeMessageText(raw: string): string {
  let s = raw.replace(/\0+$/, '');
  if (s.endsWith('\r\n')) s = s.slice(0, -2);
  return s.replace(/\r\n/g, '\n');
}

export function parseMessageTable(
  bytes: Uint8Array,
  path?: string,
): { messages: Map<number, string>; diagnostics: SchemaDiagnostic[] } {
  const messages = new Map<number, string>();
  const diagnostics: SchemaDiagnostic[] = [];
  const report = (offset: number, message: string) => {
    const d: SchemaDiagnostic = { code: 'BAD_MESSAGE_TABLE', offset, message };
    if (path !== undefined) d.path = path;
    diagnostics.push(d);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4) {
    report(0, 'message table shorter than its header');
    return { messages, diagnostics };
  }
  const blockCount = view.getUint32(0, true);
  if (blockCount > MAX_BLOCKS || 4 + blockCount * 12 > bytes.length) {
    report(0, `${blockCount} blocks do not fit in ${bytes.length} bytes`);
    return { messages, diagnostics };
  }
  for (let b = 0; b < blockCount; b++) {
    const at = 4 + b * 12;
    const low = view.getUint32(at, true);
    const high = view.getUint32(at + 4, true);
    let p = view.getUint32(at + 8, true);
    if (high < low || high - low >= MAX_MESSAGES || messages.size + (high - low) >= MAX_MESSAGES) {
      report(at, `block ${b}: ids 0x${low.toString(16)}..0x${high.toString(16)} out of range`);
      continue;
    }
    for (let id = low; id <= high; id++) {
      if (p + 4 > bytes.length) {
        report(p, `message 0x${id.toString(16)}: entry header past the end`);
        break;
      }
      const length = view.getUint16(p, true);
      const flags = view.getUint16(p + 2, true);
      if (length < 4 || p + length > bytes.length) {
        report(p, `message 0x${id.toString(16)}: length ${length} does not fit`);
        break;
      }
      const body = bytes.subarray(p + 4, p + length);
      const text =
        flags & 1
          ? textDecoders.utf16.decode(body.subarray(0, body.length & ~1))
          : textDecoders.latin1.decode(body);
      messages.set(id, normalizeMessageText(text));
      p += length;
    }
  }
  return { messages, diagnostics };
}

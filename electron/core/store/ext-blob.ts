// Extended data items (EVENT_HEADER_EXTENDED_DATA_ITEM) as the event store keeps them: right after
// the payload in the chunk arena, as
//   count u32, then per item: type u16, reserved u16, size u32, data[size]   (little-endian)
// Only events that have extended items carry a blob (flagged by HAS_EXT in the row's dataLen).

import type { ExtItem } from '../events/raw-event';

export function extBlobSize(ext: readonly ExtItem[]): number {
  let size = 4;
  for (const item of ext) size += 8 + item.data.length;
  return size;
}

function writeU32(to: Uint8Array, at: number, v: number): void {
  to[at] = v & 0xff;
  to[at + 1] = (v >>> 8) & 0xff;
  to[at + 2] = (v >>> 16) & 0xff;
  to[at + 3] = (v >>> 24) & 0xff;
}

function readU32(from: Uint8Array, at: number): number {
  return (
    ((from[at] as number) |
      ((from[at + 1] as number) << 8) |
      ((from[at + 2] as number) << 16) |
      ((from[at + 3] as number) << 24)) >>>
    0
  );
}

/** Writes the blob at `at`; the caller reserved extBlobSize(ext) bytes. */
export function writeExtBlob(to: Uint8Array, at: number, ext: readonly ExtItem[]): void {
  writeU32(to, at, ext.length);
  let p = at + 4;
  for (const item of ext) {
    to[p] = item.type & 0xff;
    to[p + 1] = (item.type >>> 8) & 0xff;
    to[p + 2] = 0;
    to[p + 3] = 0;
    writeU32(to, p + 4, item.data.length);
    to.set(item.data, p + 8);
    p += 8 + item.data.length;
  }
}

/** Items of the blob at `at`, their data as views into `from` (no copy). */
export function readExtBlob(from: Uint8Array, at: number): ExtItem[] {
  const count = readU32(from, at);
  const items: ExtItem[] = [];
  let p = at + 4;
  for (let i = 0; i < count; i++) {
    const type = (from[p] as number) | ((from[p + 1] as number) << 8);
    const size = readU32(from, p + 4);
    items.push({ type, data: from.subarray(p + 8, p + 8 + size) });
    p += 8 + size;
  }
  return items;
}

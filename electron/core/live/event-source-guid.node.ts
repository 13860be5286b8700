// The provider GUID a .NET EventSource takes from its name when it declares none (EventSource.GetGuid):
// SHA-1 over a fixed namespace and the upper-cased name in UTF-16 big-endian, the first 16 bytes as a
// GUID with the version nibble set to 5. WPR profiles name such providers as "*Name".
import { createHash } from 'node:crypto';

const NAMESPACE = Buffer.from([
  0x48, 0x2c, 0x2d, 0xb2, 0xc3, 0x90, 0x47, 0xc8, 0x87, 0xf8, 0x1a, 0x15, 0xbf, 0xc1, 0x30, 0xfb,
]);

export function eventSourceGuid(name: string): string {
  const upper = name.toUpperCase();
  const text = Buffer.alloc(upper.length * 2);
  for (let i = 0; i < upper.length; i++) text.writeUInt16BE(upper.charCodeAt(i), i * 2);
  const b = createHash('sha1').update(NAMESPACE).update(text).digest().subarray(0, 16);
  b[7] = ((b[7] as number) & 0x0f) | 0x50;
  const hex = (from: number, to: number) => b.subarray(from, to).toString('hex');
  const d1 = b.readUInt32LE(0).toString(16).padStart(8, '0');
  const d2 = b.readUInt16LE(4).toString(16).padStart(4, '0');
  const d3 = b.readUInt16LE(6).toString(16).padStart(4, '0');
  return `${d1}-${d2}-${d3}-${hex(8, 10)}-${hex(10, 16)}`;
}

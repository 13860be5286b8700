// GUIDs in Windows little-endian field order (u32, u16, u16, 8 bytes), rendered lowercase without
// braces. Hot paths intern them: the same 16 bytes give the same string object without building it
// again (the peers' ETL reader spent 18% of its time turning GUIDs into strings).

const hex: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function guidToString(b: Uint8Array, at = 0): string {
  const h = (i: number) => hex[b[at + i] as number] as string;
  return (
    h(3) +
    h(2) +
    h(1) +
    h(0) +
    '-' +
    h(5) +
    h(4) +
    '-' +
    h(7) +
    h(6) +
    '-' +
    h(8) +
    h(9) +
    '-' +
    h(10) +
    h(11) +
    h(12) +
    h(13) +
    h(14) +
    h(15)
  );
}

export function guidToBytes(guid: string): Uint8Array {
  const s = guid.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(s)) throw new Error(`not a GUID: ${guid}`);
  const raw = Uint8Array.from({ length: 16 }, (_, i) => parseInt(s.slice(i * 2, i * 2 + 2), 16));
  const out = new Uint8Array(16);
  out.set([raw[3]!, raw[2]!, raw[1]!, raw[0]!, raw[5]!, raw[4]!, raw[7]!, raw[6]!], 0);
  out.set(raw.subarray(8), 8);
  return out;
}

export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

/** Interns GUID strings by their 16 bytes. Not thread-safe; one per reader/worker. */
export class GuidInterner {
  private readonly table = new Map<number, { k1: number; k2: number; k3: number; s: string }[]>();

  get(view: DataView, at: number): string {
    const k0 = view.getUint32(at, true);
    const k1 = view.getUint32(at + 4, true);
    const k2 = view.getUint32(at + 8, true);
    const k3 = view.getUint32(at + 12, true);
    let bucket = this.table.get(k0);
    if (bucket) {
      for (const e of bucket) if (e.k1 === k1 && e.k2 === k2 && e.k3 === k3) return e.s;
    } else {
      bucket = [];
      this.table.set(k0, bucket);
    }
    const s = guidToString(new Uint8Array(view.buffer, view.byteOffset + at, 16));
    bucket.push({ k1, k2, k3, s });
    return s;
  }
}

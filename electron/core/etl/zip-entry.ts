// .etl.zip support (PerfView's format for shared traces): detect a zip by its magic, pick the first
// entry whose name ends in ".etl", and inflate it into memory. The inflated entry must fit
// MAX_ZIPPED_ETL_BYTES (checked against the entry's declared size before inflating, and enforced by the
// output buffer fflate allocates from that size). Portable: fflate, no node:*.
import { unzipSync, type UnzipFileInfo } from 'fflate';

/** Largest .etl entry inflated from a zip: 1 GiB. Bigger traces must be unzipped to disk first. */
export const MAX_ZIPPED_ETL_BYTES = 1024 * 1024 * 1024;

/** Local file header signature "PK\x03\x04". */
export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

export class ZipEtlError extends Error {
  constructor(
    readonly code: 'NO_ETL_ENTRY' | 'TOO_LARGE' | 'BAD_ZIP',
    message: string,
  ) {
    super(message);
    this.name = 'ZipEtlError';
  }
}

/** The first ".etl" entry of a zip archive, inflated. `name` is for messages. */
export function unzipEtlEntry(
  zip: Uint8Array,
  name: string,
  limit = MAX_ZIPPED_ETL_BYTES,
): { entry: string; bytes: Uint8Array } {
  let chosen: UnzipFileInfo | undefined;
  const entries: string[] = [];
  try {
    // The filter sees every entry; it selects none so nothing is inflated here.
    unzipSync(zip, {
      filter(file) {
        entries.push(file.name);
        if (!chosen && !file.name.endsWith('/') && file.name.toLowerCase().endsWith('.etl')) chosen = file;
        return false;
      },
    });
  } catch (e) {
    throw new ZipEtlError(
      'BAD_ZIP',
      `${name}: not a readable zip archive (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const entry = chosen;
  if (!entry) {
    throw new ZipEtlError(
      'NO_ETL_ENTRY',
      `${name}: zip archive has no .etl entry (entries: ${entries.slice(0, 10).join(', ') || 'none'})`,
    );
  }
  if (entry.originalSize > limit) {
    throw new ZipEtlError(
      'TOO_LARGE',
      `${name}: entry ${entry.name} inflates to ${entry.originalSize} bytes, over the ${limit}-byte limit; unzip it first`,
    );
  }
  let bytes: Uint8Array | undefined;
  try {
    const out = unzipSync(zip, { filter: (f) => f.name === entry.name });
    bytes = out[entry.name];
  } catch (e) {
    throw new ZipEtlError(
      'BAD_ZIP',
      `${name}: cannot inflate ${entry.name} (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (!bytes) throw new ZipEtlError('BAD_ZIP', `${name}: cannot inflate ${entry.name}`);
  if (bytes.length > limit)
    throw new ZipEtlError('TOO_LARGE', `${name}: entry ${entry.name} inflated past the ${limit}-byte limit`);
  return { entry: entry.name, bytes };
}

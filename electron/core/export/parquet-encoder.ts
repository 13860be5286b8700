// A streaming Parquet encoder for flat schemas, built on hyparquet-writer's low-level pieces (page
// headers, RLE/bit-packed levels, snappy, the footer's thrift) but with its own column buffers:
// values go straight into typed byte buffers in PLAIN encoding as rows arrive (no array of JS
// values per column, no per-value objects), and each row group is written out — pages of about a
// megabyte, DATA_PAGE_V2, compressed (snappy by default) — as soon as it is full. Memory holds one row group.
// hyparquet-writer's own ParquetWriter builds a JS value array per column and sizes, dictionaries
// and statistics per value; for exports of millions of events that made it three times slower.
// Layout reference: apache/parquet-format (PLAIN: little-endian fixed widths, BYTE_ARRAY as u32
// length + bytes, BOOLEAN bit-packed LSB first; optional columns: definition levels, bit width 1).
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeRleBitPackedHybrid } from 'hyparquet-writer/src/encoding.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import type { ByteSink } from './sink';

type FileMetaData = Parameters<typeof writeMetadata>[1];
export type SchemaElement = FileMetaData['schema'][number];
type RowGroup = FileMetaData['row_groups'][number];
type ColumnChunk = RowGroup['columns'][number];
type Statistics = NonNullable<NonNullable<ColumnChunk['meta_data']>['statistics']>;

export type PhysicalType = 'BOOLEAN' | 'INT32' | 'INT64' | 'DOUBLE' | 'BYTE_ARRAY';

/** A page compressor and the Parquet codec it implements. */
export interface ParquetCodec {
  name: 'SNAPPY' | 'GZIP' | 'ZSTD' | 'UNCOMPRESSED';
  compress(bytes: Uint8Array): Uint8Array;
}

/** The portable default: hyparquet-writer's JavaScript snappy. (Node: parquet-codec.node.ts is faster.) */
export const SNAPPY: ParquetCodec = { name: 'SNAPPY', compress: snappyCompress };

export interface ColumnDef {
  name: string;
  type: PhysicalType;
  optional: boolean;
  converted_type?: SchemaElement['converted_type'];
  logical_type?: SchemaElement['logical_type'];
}

const MAGIC = 0x31524150; // "PAR1"
const PAGE_BYTES = 1 << 20;
const SINK_CHUNK = 1 << 20;
const TWO_POW_32 = 0x100000000;
const encoder = new TextEncoder();

/** A ByteWriter that hands its bytes to a sink whenever it holds a megabyte, and when finished. */
class SinkByteWriter extends ByteWriter {
  constructor(private readonly sink: ByteSink) {
    super(SINK_CHUNK * 2);
  }

  override ensure(size: number): void {
    if (this.index > SINK_CHUNK) this.drain();
    super.ensure(size);
  }

  drain(): void {
    if (this.index === 0) return;
    this.sink.write(new Uint8Array(this.buffer, 0, this.index));
    this.index = 0;
  }

  override finish(): void {
    this.drain();
  }
}

/** One column's values for the current row group, PLAIN-encoded as they arrive. */
export class ColumnBuffer {
  private bytes = new Uint8Array(1 << 12);
  private view = new DataView(this.bytes.buffer);
  private length = 0;
  /** Per row: end of its value bytes (a null row adds none). */
  private ends = new Int32Array(1 << 10);
  /** Per row: 1 when a value is present (optional columns). */
  private defs: Uint8Array;
  rows = 0;
  nulls = 0;
  /** min/max for the column statistics, when the caller sets them. */
  stats: { min: number | bigint; max: number | bigint } | undefined;

  constructor(readonly def: ColumnDef) {
    this.defs = new Uint8Array(def.optional ? 1 << 10 : 0);
  }

  private room(n: number): number {
    const at = this.length;
    if (at + n > this.bytes.length) {
      const next = new Uint8Array(Math.max(this.bytes.length * 2, at + n));
      next.set(this.bytes.subarray(0, at));
      this.bytes = next;
      this.view = new DataView(next.buffer);
    }
    this.length = at + n;
    return at;
  }

  private endRow(present: boolean): void {
    const r = this.rows++;
    if (r >= this.ends.length) {
      const next = new Int32Array(this.ends.length * 2);
      next.set(this.ends);
      this.ends = next;
      if (this.def.optional) {
        const d = new Uint8Array(next.length);
        d.set(this.defs);
        this.defs = d;
      }
    }
    this.ends[r] = this.length;
    if (this.def.optional) this.defs[r] = present ? 1 : 0;
  }

  null(): void {
    if (!this.def.optional) throw new Error(`parquet column ${this.def.name} is required: no null allowed`);
    this.nulls++;
    this.endRow(false);
  }

  int32(v: number): void {
    const at = this.room(4);
    this.view.setInt32(at, v, true);
    this.endRow(true);
  }

  /** A signed 64-bit value given as its halves (hi signed, lo unsigned). */
  int64Halves(lo: number, hi: number): void {
    const at = this.room(8);
    this.view.setUint32(at, lo, true);
    this.view.setInt32(at + 4, hi, true);
    this.endRow(true);
  }

  /** A safe integer as INT64. */
  int64Number(n: number): void {
    const hi = Math.floor(n / TWO_POW_32);
    this.int64Halves(n - hi * TWO_POW_32, hi);
  }

  /** An INT64 (signed) or UINT_64 (unsigned) value from a bigint. */
  int64Big(v: bigint): void {
    const at = this.room(8);
    if (v < 0n) this.view.setBigInt64(at, v, true);
    else this.view.setBigUint64(at, v, true);
    this.endRow(true);
  }

  double(v: number): void {
    const at = this.room(8);
    this.view.setFloat64(at, v, true);
    this.endRow(true);
  }

  /** Booleans are kept one per byte here and bit-packed per page. */
  bool(v: boolean): void {
    const at = this.room(1);
    this.bytes[at] = v ? 1 : 0;
    this.endRow(true);
  }

  /** A UTF-8 string as BYTE_ARRAY (u32 length, bytes). */
  text(s: string): void {
    const at = this.room(4 + s.length * 3);
    const n = encoder.encodeInto(s, this.bytes.subarray(at + 4)).written;
    this.view.setUint32(at, n, true);
    this.length = at + 4 + n;
    this.endRow(true);
  }

  /** A BYTE_ARRAY value already encoded (UTF-8 of a repeated name). */
  utf8(bytes: Uint8Array): void {
    const at = this.room(4 + bytes.length);
    this.view.setUint32(at, bytes.length, true);
    this.bytes.set(bytes, at + 4);
    this.endRow(true);
  }

  reset(): void {
    this.length = 0;
    this.rows = 0;
    this.nulls = 0;
    this.stats = undefined;
  }

  /** Row ranges of about PAGE_BYTES of values each. */
  pages(): [number, number][] {
    const out: [number, number][] = [];
    let start = 0;
    let startBytes = 0;
    for (let r = 0; r < this.rows; r++) {
      const end = this.ends[r] as number;
      if (end - startBytes >= PAGE_BYTES) {
        out.push([start, r + 1]);
        start = r + 1;
        startBytes = end;
      }
    }
    if (start < this.rows || out.length === 0) out.push([start, this.rows]);
    return out;
  }

  /** PLAIN bytes of rows [from, to). */
  values(from: number, to: number): Uint8Array {
    const start = from === 0 ? 0 : (this.ends[from - 1] as number);
    const end = to === 0 ? 0 : (this.ends[to - 1] as number);
    const plain = this.bytes.subarray(start, end);
    if (this.def.type !== 'BOOLEAN') return plain;
    const packed = new Uint8Array((plain.length + 7) >> 3);
    for (let i = 0; i < plain.length; i++)
      if (plain[i]) packed[i >> 3] = (packed[i >> 3] as number) | (1 << (i & 7));
    return packed;
  }

  definitionLevels(from: number, to: number): Uint8Array {
    return this.defs.subarray(from, to);
  }

  nullsIn(from: number, to: number): number {
    if (!this.def.optional) return 0;
    let n = 0;
    for (let r = from; r < to; r++) if (this.defs[r] === 0) n++;
    return n;
  }
}

export class ParquetEncoder {
  private readonly out: SinkByteWriter;
  private readonly schema: SchemaElement[];
  private readonly rowGroups: RowGroup[] = [];
  private rows = 0n;

  constructor(
    sink: ByteSink,
    readonly columns: readonly ColumnDef[],
    private readonly createdBy: string,
    private readonly codec: ParquetCodec = SNAPPY,
  ) {
    this.out = new SinkByteWriter(sink);
    this.schema = [
      { name: 'root', num_children: columns.length },
      ...columns.map((c) => {
        const e: SchemaElement = {
          name: c.name,
          type: c.type,
          repetition_type: c.optional ? 'OPTIONAL' : 'REQUIRED',
        };
        if (c.converted_type !== undefined) e.converted_type = c.converted_type;
        if (c.logical_type !== undefined) e.logical_type = c.logical_type;
        return e;
      }),
    ];
  }

  begin(): void {
    this.out.appendUint32(MAGIC);
  }

  /** Writes one row group from `buffers` (one per column, same row count) and resets them. */
  writeRowGroup(buffers: readonly ColumnBuffer[]): void {
    const rows = buffers[0]?.rows ?? 0;
    if (rows === 0) return;
    const groupStart = this.out.offset;
    const columns: ColumnChunk[] = [];
    let uncompressedTotal = 0n;
    for (const b of buffers) {
      if (b.rows !== rows)
        throw new Error(`parquet column ${b.def.name} has ${b.rows} rows, expected ${rows}`);
      const chunk = this.writeColumnChunk(b);
      uncompressedTotal += chunk.meta_data?.total_uncompressed_size ?? 0n;
      columns.push(chunk);
      b.reset();
    }
    this.rowGroups.push({
      columns,
      total_byte_size: uncompressedTotal,
      num_rows: BigInt(rows),
      file_offset: BigInt(groupStart),
      total_compressed_size: BigInt(this.out.offset - groupStart),
    });
    this.rows += BigInt(rows);
    this.out.drain();
  }

  finish(): void {
    writeMetadata(this.out, {
      version: 2,
      created_by: this.createdBy,
      schema: this.schema,
      num_rows: this.rows,
      row_groups: this.rowGroups,
      metadata_length: 0,
    });
    this.out.appendUint32(MAGIC);
    this.out.finish();
  }

  private writeColumnChunk(b: ColumnBuffer): ColumnChunk {
    const start = this.out.offset;
    let uncompressed = 0;
    for (const [from, to] of b.pages()) {
      const levels = new ByteWriter(64);
      const levelBytes = b.def.optional
        ? writeRleBitPackedHybrid(levels, b.definitionLevels(from, to), 1)
        : 0;
      const plain = b.values(from, to);
      const compressed = this.codec.compress(plain);
      const headerStart = this.out.offset;
      writePageHeader(this.out, {
        type: 'DATA_PAGE_V2',
        uncompressed_page_size: levelBytes + plain.length,
        compressed_page_size: levelBytes + compressed.length,
        data_page_header_v2: {
          num_values: to - from,
          num_nulls: b.nullsIn(from, to),
          num_rows: to - from,
          encoding: 'PLAIN',
          definition_levels_byte_length: levelBytes,
          repetition_levels_byte_length: 0,
          is_compressed: true,
        },
      });
      uncompressed += this.out.offset - headerStart + levelBytes + plain.length;
      if (levelBytes) this.out.appendBytes(levels.getBytes());
      this.out.appendBytes(compressed);
    }
    const statistics: Statistics | undefined = b.stats
      ? { min_value: b.stats.min, max_value: b.stats.max, null_count: BigInt(b.nulls) }
      : undefined;
    return {
      file_offset: BigInt(start),
      meta_data: {
        type: b.def.type,
        encodings: b.def.optional ? ['PLAIN', 'RLE'] : ['PLAIN'],
        path_in_schema: [b.def.name],
        codec: this.codec.name,
        num_values: BigInt(b.rows),
        total_uncompressed_size: BigInt(uncompressed),
        total_compressed_size: BigInt(this.out.offset - start),
        data_page_offset: BigInt(start),
        ...(statistics ? { statistics } : {}),
      },
    };
  }
}

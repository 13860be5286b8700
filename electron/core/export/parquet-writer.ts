// Parquet export: one row per event, written through ParquetEncoder (parquet-encoder.ts) a row
// group at a time as rows arrive, so memory holds one row group whatever the capture size.
// Columns: the header fields typed (ts as TIMESTAMP(NANOS, UTC), exact to 100 ns; ids and numbers
// INT32; keywords UINT_64; classic BOOLEAN), the chosen property columns, `props` as a JSON string,
// then ext (JSON), raw (hex) and decodeError, null when absent. ts, id and pid carry min/max
// statistics so readers can skip row groups. A property column's type is inferred from the first
// row group (integers → INT64, other numbers → DOUBLE, booleans → BOOLEAN, anything else → STRING);
// later values that do not fit it are written as null and reported once per column.
import { FILETIME_UNIX_EPOCH } from '../../common/time';
import type { PropValue } from '../../common/model/event';
import { bytesToHex } from '../decode/format';
import { propAt } from '../filter/subject';
import { extOf, isClassic } from './event-json';
import { cellText, propColumns, type PropColumn } from './event-row';
import { ColumnBuffer, ParquetEncoder, SNAPPY, type ColumnDef, type ParquetCodec } from './parquet-encoder';
import type { ByteSink } from './sink';
import { addProblem, type ExportEvent, type ExportSource, type ExportWriter, type RowOptions } from './types';

const DEFAULT_ROW_GROUP_ROWS = 65_536;
const TWO_POW_32 = 0x100000000;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL = /^-?\d+$/;
/** Ticks up to this many can be scaled to nanoseconds in doubles exactly (|ticks × 100| < 2^53). */
const EXACT_TICKS = 2 ** 53 / 100;
/** Distinct provider/event names and GUIDs whose UTF-8 is kept (a capture has a few hundred). */
const MAX_CACHED_NAMES = 10_000;
const encoder = new TextEncoder();

type PropType = 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'STRING';

interface PropSlot {
  column: PropColumn;
  type: PropType | undefined;
  /** Values of the first row group, kept until the type is known. */
  pending: (PropValue | undefined)[];
  buffer: ColumnBuffer | undefined;
  misfits: number;
}

function inferType(values: readonly (PropValue | undefined)[]): PropType {
  let type: PropType | undefined;
  for (const v of values) {
    if (v === undefined || v === null) continue;
    const t: PropType =
      typeof v === 'boolean'
        ? 'BOOLEAN'
        : typeof v === 'number'
          ? Number.isInteger(v)
            ? 'INT64'
            : 'DOUBLE'
          : 'STRING';
    if (type === undefined || type === t) type = t;
    else if ((type === 'INT64' && t === 'DOUBLE') || (type === 'DOUBLE' && t === 'INT64')) type = 'DOUBLE';
    else return 'STRING';
  }
  return type ?? 'STRING';
}

const column = (
  name: string,
  type: ColumnDef['type'],
  optional = false,
  extra: Partial<ColumnDef> = {},
): ColumnDef => ({
  name,
  type,
  optional,
  ...extra,
});
const UTF8 = { converted_type: 'UTF8' } as const;

export class ParquetExportWriter implements ExportWriter {
  readonly format = 'parquet';
  readonly problems: string[] = [];
  private encoder: ParquetEncoder | undefined;
  private readonly propsJson: boolean;
  private readonly codec: ParquetCodec;
  private readonly slots: PropSlot[];
  /** ts of ticks 0 in ns since 1970, as unsigned low and signed high halves. */
  private readonly tsLo: number;
  private readonly tsHi: number;
  private readonly tsBase: bigint;
  private readonly names = new Map<string, Uint8Array>();
  private rows = 0;
  private minTicks = Infinity;
  private maxTicks = -Infinity;
  private minId = Infinity;
  private maxId = -Infinity;
  private minPid = Infinity;
  private maxPid = -Infinity;
  private readonly ts = new ColumnBuffer(
    column('ts', 'INT64', false, {
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'NANOS' },
    }),
  );
  private readonly provider = new ColumnBuffer(column('provider', 'BYTE_ARRAY', false, UTF8));
  private readonly providerGuid = new ColumnBuffer(column('providerGuid', 'BYTE_ARRAY', false, UTF8));
  private readonly event = new ColumnBuffer(column('event', 'BYTE_ARRAY', false, UTF8));
  private readonly id = new ColumnBuffer(column('id', 'INT32'));
  private readonly version = new ColumnBuffer(column('version', 'INT32'));
  private readonly opcode = new ColumnBuffer(column('opcode', 'INT32'));
  private readonly task = new ColumnBuffer(column('task', 'INT32'));
  private readonly level = new ColumnBuffer(column('level', 'INT32'));
  private readonly keywords = new ColumnBuffer(
    column('keywords', 'INT64', false, { converted_type: 'UINT_64' }),
  );
  private readonly channel = new ColumnBuffer(column('channel', 'INT32'));
  private readonly pid = new ColumnBuffer(column('pid', 'INT32'));
  private readonly tid = new ColumnBuffer(column('tid', 'INT32'));
  private readonly cpu = new ColumnBuffer(column('cpu', 'INT32'));
  private readonly classic = new ColumnBuffer(column('classic', 'BOOLEAN'));
  private readonly props = new ColumnBuffer(column('props', 'BYTE_ARRAY', false, UTF8));
  private readonly ext = new ColumnBuffer(column('ext', 'BYTE_ARRAY', true, UTF8));
  private readonly raw = new ColumnBuffer(column('raw', 'BYTE_ARRAY', true, UTF8));
  private readonly decodeError = new ColumnBuffer(column('decodeError', 'BYTE_ARRAY', true, UTF8));

  constructor(
    private readonly sink: ByteSink,
    source: ExportSource,
    options: RowOptions = {},
    private readonly rowGroupRows = DEFAULT_ROW_GROUP_ROWS,
  ) {
    this.propsJson = options.propsJson ?? true;
    this.codec = options.parquetCodec ?? SNAPPY;
    this.slots = propColumns(options.columns ?? []).map((c) => ({
      column: c,
      type: undefined,
      pending: [],
      buffer: undefined,
      misfits: 0,
    }));
    this.tsBase = (source.clock.startFileTime - FILETIME_UNIX_EPOCH) * 100n;
    this.tsHi = Number(BigInt.asIntN(64, this.tsBase) >> 32n);
    this.tsLo = Number(BigInt.asUintN(64, this.tsBase) & 0xffffffffn);
  }

  begin(): void {}

  write(e: ExportEvent): void {
    const { raw, decoded } = e;
    this.rows++;
    this.timestamp(raw.ticks);
    this.provider.utf8(this.name(decoded.providerName));
    this.providerGuid.utf8(this.name(raw.providerId));
    this.event.utf8(this.name(decoded.eventName));
    this.id.int32(raw.id);
    this.version.int32(raw.version);
    this.opcode.int32(raw.opcode);
    this.task.int32(raw.task);
    this.level.int32(raw.level);
    this.keywords.int64Big(raw.keywords);
    this.channel.int32(raw.channel);
    this.pid.int32(raw.pid);
    this.tid.int32(raw.tid);
    this.cpu.int32(raw.cpu);
    this.classic.bool(isClassic(raw));
    if (raw.id < this.minId) this.minId = raw.id;
    if (raw.id > this.maxId) this.maxId = raw.id;
    if (raw.pid < this.minPid) this.minPid = raw.pid;
    if (raw.pid > this.maxPid) this.maxPid = raw.pid;
    for (const s of this.slots) {
      const v = propAt(decoded.props, s.column.path);
      if (s.buffer) this.propValue(s, s.buffer, v);
      else s.pending.push(v);
    }
    if (this.propsJson) this.props.text(JSON.stringify(decoded.props));
    const ext = raw.ext.length > 0 || raw.activityId !== '' ? extOf(raw) : undefined;
    if (ext) this.ext.text(JSON.stringify(ext));
    else this.ext.null();
    if (decoded.entry === null || decoded.error !== null) this.raw.text(bytesToHex(raw.payload));
    else this.raw.null();
    if (decoded.error !== null) this.decodeError.text(decoded.error);
    else this.decodeError.null();
    if (this.rows === this.rowGroupRows) this.flushRowGroup();
  }

  end(): void {
    if (this.rows > 0 || !this.encoder) this.flushRowGroup();
    (this.encoder as ParquetEncoder).finish();
    for (const s of this.slots) {
      if (s.misfits > 0) {
        addProblem(
          this.problems,
          `column ${s.column.name} (${s.type}): ${s.misfits} values of another type were written as null`,
        );
      }
    }
  }

  /** UTF-8 of a name, cached: names repeat on almost every row. */
  private name(s: string): Uint8Array {
    let bytes = this.names.get(s);
    if (bytes === undefined) {
      bytes = encoder.encode(s);
      if (this.names.size < MAX_CACHED_NAMES) this.names.set(s, bytes);
    }
    return bytes;
  }

  private timestamp(ticks: number): void {
    const t = Math.round(ticks);
    if (t < this.minTicks) this.minTicks = t;
    if (t > this.maxTicks) this.maxTicks = t;
    if (Math.abs(t) >= EXACT_TICKS) {
      this.ts.int64Big(BigInt.asIntN(64, this.tsBase + BigInt(t) * 100n));
      return;
    }
    let lo = this.tsLo + t * 100;
    const carry = Math.floor(lo / TWO_POW_32);
    lo -= carry * TWO_POW_32;
    this.ts.int64Halves(lo, this.tsHi + carry);
  }

  /** Appends a property value in the column's type (a misfit becomes null). */
  private propValue(s: PropSlot, b: ColumnBuffer, v: PropValue | undefined): void {
    if (v === undefined || v === null) {
      b.null();
      return;
    }
    switch (s.type) {
      case 'STRING':
        b.text(cellText(v));
        return;
      case 'BOOLEAN':
        if (typeof v === 'boolean') return b.bool(v);
        break;
      case 'DOUBLE':
        if (typeof v === 'number') return b.double(v);
        break;
      default:
        if (typeof v === 'number' && Number.isSafeInteger(v)) return b.int64Number(v);
        if (typeof v === 'string' && DECIMAL.test(v)) {
          const big = BigInt(v);
          if (big >= INT64_MIN && big <= INT64_MAX) return b.int64Big(big);
        }
    }
    s.misfits++;
    b.null();
  }

  private columns(): ColumnBuffer[] {
    const out = [
      this.ts,
      this.provider,
      this.providerGuid,
      this.event,
      this.id,
      this.version,
      this.opcode,
      this.task,
      this.level,
      this.keywords,
      this.channel,
      this.pid,
      this.tid,
      this.cpu,
      this.classic,
    ];
    for (const s of this.slots) out.push(s.buffer as ColumnBuffer);
    if (this.propsJson) out.push(this.props);
    out.push(this.ext, this.raw, this.decodeError);
    return out;
  }

  private flushRowGroup(): void {
    if (!this.encoder) {
      // The first row group fixes the property columns' types.
      for (const s of this.slots) {
        s.type = inferType(s.pending);
        const t = s.type;
        const def =
          t === 'STRING' ? column(s.column.name, 'BYTE_ARRAY', true, UTF8) : column(s.column.name, t, true);
        const b = new ColumnBuffer(def);
        for (const v of s.pending) this.propValue(s, b, v);
        s.pending = [];
        s.buffer = b;
      }
      this.encoder = new ParquetEncoder(
        this.sink,
        this.columns().map((c) => c.def),
        'ETW Explorer',
        this.codec,
      );
      this.encoder.begin();
    }
    if (this.rows > 0) {
      this.ts.stats = {
        min: this.tsBase + BigInt(this.minTicks) * 100n,
        max: this.tsBase + BigInt(this.maxTicks) * 100n,
      };
      this.id.stats = { min: this.minId, max: this.maxId };
      this.pid.stats = { min: this.minPid, max: this.maxPid };
      this.encoder.writeRowGroup(this.columns());
    }
    this.rows = 0;
    this.minTicks = this.minId = this.minPid = Infinity;
    this.maxTicks = this.maxId = this.maxPid = -Infinity;
  }
}

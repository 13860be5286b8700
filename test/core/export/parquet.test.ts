// Parquet export read back with DuckDB: row count, typed header columns, sums of a typed property
// column and of a JSON-extracted property, exact time range, several row groups, and values that do
// not fit a property column's inferred type becoming null (and being reported).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createDecoder, createRegistry, type DecodedEvent } from '../../../electron/core/decode/index';
import { RecordKind, type RawEvent } from '../../../electron/core/events/raw-event';
import { memorySink, ParquetExportWriter } from '../../../electron/core/export/index';
import { fastParquetCodec } from '../../../electron/core/export/parquet-codec.node.js';
import { dumpEvents, exportToMemory, manifests, openSource } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'etwx-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function query(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll(sql.replaceAll('$FILE', `read_parquet('${file}')`));
  const rows = r.getRowObjectsJson() as Record<string, unknown>[];
  c.closeSync();
  return rows;
}

function save(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('Parquet export', () => {
  it('reads back in DuckDB with the same counts, sums and times (tx/KernelNetwork.etl)', async () => {
    const providers = await manifests('manifests/windows7-dump/Microsoft-Windows-Kernel-Network.xml');
    const { bytes, writer } = await exportToMemory('etl/tx/KernelNetwork.etl', 'parquet', {
      providers,
      rows: { columns: ['size', 'daddr', 'PID'] },
    });
    expect(writer.problems).toEqual([]);
    const file = save('kn.parquet', bytes);
    const source = dumpEvents('etl/tx/KernelNetwork.etl', providers).map((e) => e.json);
    const num = (v: unknown) => (typeof v === 'number' ? v : 0);
    const sumSize = source.reduce((a, j) => a + num(j.props.size), 0);
    const sumDport = source.reduce((a, j) => a + num(j.props.dport), 0);
    const sumPid = source.reduce((a, j) => a + j.pid, 0);

    const [row] = await query(
      file,
      `SELECT count(*) AS n, sum(size) AS size, sum(CAST(json_extract(props, '$.dport') AS BIGINT)) AS dport, sum(pid) AS pid,
              count(DISTINCT event) AS events, max(keywords) AS kw, typeof(first(size)) AS sizeType, typeof(first(daddr)) AS daddrType,
              epoch_us(min(ts)) AS t0, epoch_us(max(ts)) AS t1, count(*) FILTER (WHERE ext IS NULL) AS noExt
       FROM $FILE`,
    );
    expect(row).toMatchObject({
      n: String(source.length),
      size: String(sumSize),
      dport: String(sumDport),
      pid: String(sumPid),
      events: String(new Set(source.map((j) => j.event.name)).size),
      kw: String(source.reduce((a, j) => (BigInt(j.event.keywords) > a ? BigInt(j.event.keywords) : a), 0n)),
      sizeType: 'BIGINT',
      daddrType: 'VARCHAR', // numbers (IPv4 as UInt32 in this manifest) mixed with IPv6 hex: text
      noExt: String(source.filter((j) => j.ext === undefined).length),
    });
    const micros = (iso: string) => String(Math.floor(Date.parse(iso) * 1000 + Number(iso.slice(23, 26))));
    expect(row?.t0).toBe(micros(source[0]?.ts as string));
    expect(row?.t1).toBe(micros(source[source.length - 1]?.ts as string));
    // Per-event values line up with the dump.
    const firstTen = await query(file, `SELECT event, daddr, pid, tid, cpu, classic FROM $FILE LIMIT 10`);
    firstTen.forEach((r, i) => {
      const j = source[i];
      expect(r).toEqual({
        event: j?.event.name,
        daddr: j?.props.daddr === undefined ? null : String(j.props.daddr),
        pid: j?.pid,
        tid: j?.tid,
        cpu: j?.cpu,
        classic: j?.classic,
      });
    });
  });

  it('reads back with the Node zstd codec the CLI uses', async () => {
    const codec = fastParquetCodec();
    const { bytes } = await exportToMemory('etl/tx/KernelNetwork.etl', 'parquet', {
      rows: { parquetCodec: codec, columns: ['size'] },
    });
    const file = save('zstd.parquet', bytes);
    const [row] = await query(file, `SELECT count(*) AS n, count(size) AS sized FROM $FILE`);
    expect(row).toMatchObject({ n: '8924' });
    const [meta] = await query(file, `SELECT first(compression) AS codec FROM parquet_metadata('${file}')`);
    expect(meta?.codec).toBe(codec.name);
  });

  it('flushes row groups as it goes', async () => {
    const reader = openSource('etl/tx/KernelNetwork.etl');
    const decoder = createDecoder(
      await manifests('manifests/windows7-dump/Microsoft-Windows-Kernel-Network.xml'),
    );
    const sink = memorySink();
    const writer = new ParquetExportWriter(
      sink,
      { clock: reader.clock, header: reader.header, registry: decoder.registry },
      {},
      1000,
    );
    writer.begin();
    const sizes: number[] = [];
    let n = 0;
    for (const raw of reader.events()) {
      writer.write({ raw, decoded: decoder.decode(raw) });
      if (++n % 1000 === 0) sizes.push(sink.size);
    }
    writer.end();
    // Output grows with each row group: nothing is held back to the end.
    expect(sizes).toHaveLength(8);
    expect(sizes[7]).toBeGreaterThan(sizes[1] as number);
    expect(sizes[1]).toBeGreaterThan(sizes[0] as number);
    const file = save('groups.parquet', sink.bytes());
    const [meta] = await query(
      file,
      `SELECT count(DISTINCT row_group_id) AS groups FROM parquet_metadata('${file}')`,
    );
    expect(meta?.groups).toBe(String(Math.ceil(n / 1000)));
    const [count] = await query(file, 'SELECT count(*) AS n FROM $FILE');
    expect(count?.n).toBe(String(n));
  });

  it('writes values that do not fit a property column as null and says so', async () => {
    const reader = openSource('etl/tx/KernelNetwork.etl');
    const sink = memorySink();
    const writer = new ParquetExportWriter(
      sink,
      { clock: reader.clock, header: reader.header, registry: createRegistry() },
      { columns: ['v'] },
      2,
    );
    const raw = [...reader.events()][1] as RawEvent;
    const event = (v: unknown): DecodedEvent => ({
      entry: null,
      providerName: 'P',
      eventName: 'E',
      props: { v } as DecodedEvent['props'],
      display: null,
      error: null,
    });
    writer.begin();
    for (const v of [1, 2, 'three', 4, '18446744073709551615', '-5'])
      writer.write({ raw: { ...raw, kind: RecordKind.EventHeader }, decoded: event(v) });
    writer.end();
    expect(writer.problems).toEqual(['column v (INT64): 2 values of another type were written as null']);
    const file = save('misfit.parquet', sink.bytes());
    const rows = await query(file, 'SELECT v FROM $FILE');
    expect(rows.map((r) => r.v)).toEqual(['1', '2', null, '4', null, '-5']);
  });
});

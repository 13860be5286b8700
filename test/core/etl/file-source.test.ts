// The node file adapter: positional reads, readInto, zip archives detected by magic (not extension)
// with the first .etl entry inflated, and clear errors for missing files, directories and zips
// without an .etl entry.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { FileSourceError, openFileSource } from '../../../electron/core/etl/file-source.node.js';
import { openEtl } from '../../../electron/core/etl/reader';
import { ZipEtlError } from '../../../electron/core/etl/zip-entry';
import { fixture } from './fixture-paths';

describe('openFileSource', () => {
  it('reads ranges and fills windows, short only at the end', () => {
    const path = fixture('etl/airbus/lxcore_kernel.etl');
    const whole = readFileSync(path);
    const s = openFileSource(path);
    expect(s.size).toBe(whole.length);
    expect(Buffer.from(s.read(100, 50)).equals(whole.subarray(100, 150))).toBe(true);
    expect(s.read(whole.length - 10, 100).length).toBe(10);
    const target = new Uint8Array(64);
    expect(s.readInto?.(whole.length - 16, target)).toBe(16);
    expect(Buffer.from(target.subarray(0, 16)).equals(whole.subarray(whole.length - 16))).toBe(true);
    s.close?.();
    expect(() => s.read(0, 4)).toThrow(FileSourceError);
  });

  it('opens the .etl entry of a zip whatever the file is called', () => {
    const dir = mkdtempSync(join(tmpdir(), 'etl-src-'));
    const etl = readFileSync(fixture('etl/airbus/AMSITrace.etl'));
    const path = join(dir, 'capture.bin');
    writeFileSync(path, zipSync({ 'notes/readme.txt': new Uint8Array([1, 2]), 'trace/AMSI.ETL': etl }));
    const s = openFileSource(path);
    expect(s.name).toBe(`${path}!trace/AMSI.ETL`);
    expect(s.size).toBe(etl.length);
    const r = openEtl(s);
    expect(r.header.loggerName).toBe('AMSITraceSession');
    expect(r.scan().records).toBe(21);
  });

  it('says what is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'etl-src-'));
    expect(() => openFileSource(join(dir, 'missing.etl'))).toThrow(/missing\.etl: no such file/);
    expect(() => openFileSource(dir)).toThrow(FileSourceError);
    const zip = join(dir, 'x.etl.zip');
    writeFileSync(zip, zipSync({ 'a.txt': new Uint8Array([1]) }));
    expect(() => openFileSource(zip)).toThrow(ZipEtlError);
    const broken = join(dir, 'broken.zip');
    writeFileSync(broken, Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 1, 2, 3));
    expect(() => openFileSource(broken)).toThrow(/not a readable zip archive/);
  });
});

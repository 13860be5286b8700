// The catalog's manifest parser with real worker threads (run through tsx) on real fixtures: the
// workers' results equal this thread's, in the caller's order, with one or two threads (XML, a PE
// with a WEVT_TEMPLATE resource, a raw CRIM blob paired with its message table); workers stay warm
// between parses and leave when idle or closed; a worker that dies fails only the file it was on; a worker
// script that cannot start leaves the work to this thread.
import { writeFile, mkdtemp, rm, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listManifestFiles, type FileReadResult } from '../../../electron/core/manifest/load.node.js';
import type { WorkerScript } from '../../../electron/services/engine-host';
import { createManifestParser, type ManifestParser } from '../../../electron/services/workers/catalog-parser';

const fixtures = resolve(__dirname, '../../../..', 'shared', 'fixtures');
const tsWorker = (url: URL): WorkerScript => ({ script: fileURLToPath(url), execArgv: ['--import', 'tsx'] });
const catalogWorker = tsWorker(
  new URL('../../../electron/services/workers/catalog.worker.ts', import.meta.url),
);
const crashingWorker = tsWorker(new URL('./fixtures/crashing-catalog.worker-fixture.ts', import.meta.url));

let files: string[] = [];
let expected: FileReadResult[] = [];
let tmp = '';
const parsers: ManifestParser[] = [];
const make = (options: Parameters<typeof createManifestParser>[0]) => {
  const parser = createManifestParser(options);
  parsers.push(parser);
  return parser;
};

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'etw-catalog-parser-'));
  const dump = await listManifestFiles(join(fixtures, 'manifests', 'windows10-dump'));
  files = [
    ...(await listManifestFiles(join(fixtures, 'manifests', 'tx'))),
    join(fixtures, 'wevt', 'sealighter', 'sealighter_providerTEMP.BIN'),
    join(fixtures, 'wevt', 'sealighter', 'sealighter_provider.man'),
    join(fixtures, 'wevt', 'evtx', 'wevt_template_minimal_pe.bin'),
    ...dump.slice(0, 24),
  ];
  expected = await make({ worker: null }).parse(files);
}, 120_000);
afterEach(async () => {
  await Promise.all(parsers.splice(0).map((p) => p.close()));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const providerCount = (results: FileReadResult[]) => results.reduce((n, r) => n + r.providers.length, 0);

describe('manifest parser', () => {
  it('parses in this thread without a worker: every file, in order, XML, PE and CRIM', () => {
    expect(expected.map((r) => r.path)).toEqual(files);
    expect(providerCount(expected)).toBeGreaterThan(30);
    const crim = expected.find((r) => r.path.endsWith('sealighter_providerTEMP.BIN'));
    expect(crim?.providers.map((p) => [p.guid, p.source.kind])).toEqual([
      ['cdd5f0cc-ab0c-4abe-97b2-cc82b7e68f30', 'wevt'],
    ]);
    const pe = expected.find((r) => r.path.endsWith('wevt_template_minimal_pe.bin'));
    // A PE whose WEVT_TEMPLATE is no manifest: read as a PE, reported with a diagnostic.
    expect(pe?.providers).toEqual([]);
    expect(pe?.diagnostics.length).toBeGreaterThan(0);
  });

  it('gives the same results from one worker, in the caller order, and keeps the worker warm', async () => {
    const parser = make({ worker: catalogWorker, threads: 1 });
    const results = await parser.parse(files);
    expect(results).toEqual(expected);
    expect(parser.threadCount()).toBe(1);
    // A second parse reuses the idle worker.
    expect(await parser.parse(files.slice(0, 3))).toEqual(expected.slice(0, 3));
    expect(parser.threadCount()).toBe(1);
    await parser.close();
    expect(parser.threadCount()).toBe(0);
    // After close, parses still answer (in this thread).
    expect(await parser.parse(files.slice(-2))).toEqual(expected.slice(-2));
  });

  it('spreads batches over two workers with the same results; parses asked at once run in turn', async () => {
    const parser = make({ worker: catalogWorker, threads: 2 });
    const [all, some] = await Promise.all([parser.parse(files), parser.parse(files.slice(5, 9))]);
    expect(all).toEqual(expected);
    expect(some).toEqual(expected.slice(5, 9));
    expect(parser.threadCount()).toBe(2);
  });

  it('lets idle workers go after idleMs', async () => {
    const parser = make({ worker: catalogWorker, threads: 1, idleMs: 50 });
    await parser.parse(files.slice(0, 2));
    expect(parser.threadCount()).toBe(1);
    await expect.poll(() => parser.threadCount(), { timeout: 10_000 }).toBe(0);
  });

  it('a worker that dies fails only the file it was reading; the others are parsed', async () => {
    const crash = join(tmp, 'crash-me.man');
    await copyFile(files[0] as string, crash);
    const list = [...files.slice(0, 4), crash, ...files.slice(4, 20)];
    const parser = make({ worker: crashingWorker, threads: 1 });
    const results = await parser.parse(list);
    expect(results.map((r) => r.path)).toEqual(list);
    const failed = results[4] as FileReadResult;
    expect(failed.providers).toEqual([]);
    expect(failed.diagnostics).toEqual([
      {
        path: crash,
        code: 'INTERNAL',
        message: expect.stringContaining('worker exit code 7') as unknown as string,
      },
    ]);
    expect([...results.slice(0, 4), ...results.slice(5)]).toEqual(expected.slice(0, 20));
  });

  it('parses in this thread when the worker script cannot start', async () => {
    const broken = join(tmp, 'broken.worker.cjs');
    await writeFile(broken, 'throw new Error("this worker cannot start")\n');
    const parser = make({ worker: { script: broken }, threads: 2 });
    expect(await parser.parse(files)).toEqual(expected);
    expect(parser.threadCount()).toBe(0);
    const missing = make({ worker: { script: join(tmp, 'no-such.worker.cjs') } });
    expect(await missing.parse(files.slice(0, 5))).toEqual(expected.slice(0, 5));
  });
});

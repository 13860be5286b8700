// The catalog service on real fixtures: the 841-provider windows10-dump folder (list by name and GUID,
// a provider's full schema, cross-provider search, manifest XML export that reads back the same), a PE-less
// binary manifest (sealighter CRIM + message table) merged with its XML by GUID, and the failures: a missing
// path (NOT_FOUND naming it), an empty folder, a corrupt file (PARSE_ERROR with its diagnostic), a folder
// with one corrupt file (opens, with the diagnostic). Also: listings wait for a running open, reopening adds
// nothing twice, the system-providers seam, and the channels through the dispatcher; with the catalog
// worker (parsing off the service thread) the same opens give the same catalog.
import { fileURLToPath } from 'node:url';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capability } from '../../electron/common/ipc/contract-kit';
import type { ManifestOpened } from '../../electron/common/ipc/messages';
import type { ProviderSchema } from '../../electron/common/model/schema';
import { parseManifestXml } from '../../electron/core/manifest/xml-reader';
import { createAppDispatcher } from '../../electron/services/app-services';
import {
  createCatalogService,
  manifestFileName,
  MAX_OPEN_DIAGNOSTICS,
  systemProvidersReason,
  type CatalogService,
} from '../../electron/services/catalog-service';
import { browserDialogService } from '../../electron/services/dialog-service';

const fixtures = resolve(__dirname, '../../..', 'shared', 'fixtures');
const dump = join(fixtures, 'manifests', 'windows10-dump');
const sealighter = join(fixtures, 'wevt', 'sealighter');
const KERNEL_PROCESS = '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716';
const SEALIGHTER = 'cdd5f0cc-ab0c-4abe-97b2-cc82b7e68f30';

let tmp = '';
let service: CatalogService;
let opened: ManifestOpened;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'etw-catalog-'));
  service = createCatalogService();
  const r = await service.openManifest(dump);
  if (!r.ok) throw new Error(r.error.message);
  opened = r.value;
}, 120_000);
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const value = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('catalog service on the windows10-dump folder', () => {
  it('opens the folder: 841 files, 841 providers, warnings but no errors', () => {
    expect(opened.path).toBe(dump);
    expect(opened.files).toBe(841);
    expect(opened.providers).toHaveLength(841);
    expect(opened.errorCount).toBe(0);
    expect(opened.diagnosticCount).toBeGreaterThan(0);
    expect(opened.diagnostics).toHaveLength(Math.min(opened.diagnosticCount, MAX_OPEN_DIAGNOSTICS));
    // The folder's providers come back sorted by name.
    const names = opened.providers.map((p) => p.name.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it('lists every provider, and filters by name or GUID substring (any case, braces allowed)', async () => {
    const all = value(await service.list());
    expect(all.total).toBe(841);
    expect(all.providers).toHaveLength(841);
    expect(all.system).toEqual({ available: false, reason: 'system providers need Windows' });

    const byName = value(await service.list('kernel-process'));
    const kp = byName.providers.find((p) => p.guid === KERNEL_PROCESS);
    expect(kp).toEqual({
      guid: KERNEL_PROCESS,
      name: 'Microsoft-Windows-Kernel-Process',
      source: 'xml',
      sources: ['xml'],
      events: 32,
      keywords: 10,
    });
    expect(byName.total).toBe(841);
    for (const p of byName.providers) expect(p.name.toLowerCase()).toContain('kernel-process');

    for (const query of ['22fb2cd6', '{22FB2CD6-0E7B-422B', '2fad1fd0e716}']) {
      expect(value(await service.list(query)).providers.map((p) => p.name)).toEqual([
        'Microsoft-Windows-Kernel-Process',
      ]);
    }
    expect(value(await service.list('no-such-provider-zz')).providers).toEqual([]);
  });

  it('answers a provider by GUID with its full schema (events, fields, keywords, tasks)', async () => {
    const p = value(await service.provider(`{${KERNEL_PROCESS.toUpperCase()}}`));
    expect(p.name).toBe('Microsoft-Windows-Kernel-Process');
    expect(p.source).toMatchObject({ kind: 'xml', path: join(dump, `{${KERNEL_PROCESS}}.xml`) });
    const start = p.events.find((e) => e.id === 1 && e.version === 0);
    expect(start).toMatchObject({ symbol: 'ProcessStart', keywords: '0x10', level: 4, opcode: 1, task: 1 });
    expect(start?.fields.map((f) => [f.name, f.inType])).toEqual([
      ['ProcessID', 'UInt32'],
      ['CreateTime', 'FILETIME'],
      ['ParentProcessID', 'UInt32'],
      ['SessionID', 'UInt32'],
      ['ImageName', 'UnicodeString'],
    ]);
    expect(p.keywords.map((k) => k.mask)).toContain('0x40');
    expect(p.tasks.find((t) => t.value === 5)?.name).toBe('ImageLoad');

    const missing = await service.provider('00000000-0000-0000-0000-000000000001');
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', detail: '00000000-0000-0000-0000-000000000001' },
    });
  });

  it('searches event names, fields, keywords and tasks across providers, hits linking to their event', async () => {
    const r = value(await service.search('ParentProcessID', 500));
    const inKp = r.hits.filter((h) => h.guid === KERNEL_PROCESS);
    expect(inKp.length).toBeGreaterThan(0);
    const hit = inKp.find((h) => h.eventId === 1 && h.eventVersion === 0);
    expect(hit).toEqual({
      guid: KERNEL_PROCESS,
      providerName: 'Microsoft-Windows-Kernel-Process',
      where: 'field',
      eventId: 1,
      eventVersion: 0,
      eventName: 'ProcessStart',
      text: 'ParentProcessID',
    });
    // Other providers define it too: the search crosses providers.
    expect(new Set(r.hits.map((h) => h.guid)).size).toBeGreaterThan(1);

    const kw = value(await service.search('WINEVENT_KEYWORD_IMAGE'));
    expect(kw.hits).toContainEqual({
      guid: KERNEL_PROCESS,
      providerName: 'Microsoft-Windows-Kernel-Process',
      where: 'keyword',
      text: 'WINEVENT_KEYWORD_IMAGE',
    });

    const limited = value(await service.search('process', 5));
    expect(limited.hits).toHaveLength(5);
    expect(limited.truncated).toBe(true);
    expect(limited.total).toBeGreaterThan(5);
    expect(value(await service.search('zzzz-no-such-text'))).toEqual({
      hits: [],
      total: 0,
      truncated: false,
    });
  });

  it('exports a provider as manifest XML that reads back to the same provider', async () => {
    const r = value(await service.manifestXml(KERNEL_PROCESS));
    expect(r.fileName).toBe('Microsoft-Windows-Kernel-Process.man');
    expect(r.xml).toContain('<instrumentationManifest');
    const back = parseManifestXml(r.xml, { kind: 'xml' });
    const original = value(await service.provider(KERNEL_PROCESS));
    const p = back.providers[0] as ProviderSchema;
    expect(back.providers).toHaveLength(1);
    expect(p.guid).toBe(KERNEL_PROCESS);
    expect(p.events.map((e) => [e.id, e.version, e.keywords, e.fields.length])).toEqual(
      original.events.map((e) => [e.id, e.version, e.keywords, e.fields.length]),
    );
    expect(p.keywords).toEqual(original.keywords);
    expect(await service.manifestXml('00000000-0000-0000-0000-000000000002')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('reopening the folder shows its providers again without adding a source twice', async () => {
    const again = value(await service.openManifest(dump));
    expect(again.providers).toHaveLength(841);
    expect(value(await service.list()).total).toBe(841);
    const p = value(await service.provider(KERNEL_PROCESS));
    expect(p.sources).toHaveLength(1);
  });
});

describe('catalog service: sources, failures, ordering', () => {
  it('reads a raw CRIM blob with its message table, and merges the same provider from XML by GUID', async () => {
    const s = createCatalogService();
    const crim = value(await s.openManifest(join(sealighter, 'sealighter_providerTEMP.BIN')));
    expect(crim.providers.map((p) => [p.guid, p.source])).toEqual([[SEALIGHTER, 'wevt']]);
    const xml = value(await s.openManifest(join(sealighter, 'sealighter_provider.man')));
    expect(xml.providers).toHaveLength(1);
    expect(xml.providers[0]).toMatchObject({ guid: SEALIGHTER, source: 'wevt', sources: ['wevt', 'xml'] });
    expect(value(await s.list()).total).toBe(1);
  });

  it('a missing path is NOT_FOUND naming the path; an empty folder is NOT_FOUND too', async () => {
    const s = createCatalogService();
    const path = join(tmp, 'no', 'such.man');
    const missing = await s.openManifest(path);
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', detail: path } });
    if (!missing.ok) expect(missing.error.message).toContain(path);
    const empty = join(tmp, 'empty');
    await mkdir(empty);
    expect(await s.openManifest(empty)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', detail: empty },
    });
    expect(value(await s.list()).total).toBe(0);
  });

  it('a corrupt file is a PARSE_ERROR that carries its diagnostic; nothing is added', async () => {
    const s = createCatalogService();
    const bad = join(tmp, 'truncated.man');
    await writeFile(
      bad,
      '<instrumentationManifest xmlns="http://schemas.microsoft.com/win/2004/08/events"><instrumentation><events><provider name="X" guid="{',
    );
    const r = await s.openManifest(bad);
    expect(r).toMatchObject({ ok: false, error: { code: 'PARSE_ERROR' } });
    if (!r.ok) expect(r.error.message).toContain(bad);
    const garbage = join(tmp, 'garbage.dll');
    await writeFile(garbage, new Uint8Array([0x4d, 0x5a, 1, 2, 3]));
    const pe = await s.openManifest(garbage);
    expect(pe).toMatchObject({ ok: false, error: { code: 'PARSE_ERROR' } });
    if (!pe.ok) expect(pe.error.message).toContain('garbage.dll');
    expect(value(await s.list()).total).toBe(0);
  });

  it('a folder with one corrupt file opens the good ones and reports the bad one', async () => {
    const s = createCatalogService();
    const folder = join(tmp, 'mixed');
    await mkdir(folder);
    await copyFile(join(dump, `{${KERNEL_PROCESS}}.xml`), join(folder, 'kernel-process.xml'));
    await writeFile(join(folder, 'broken.man'), '<instrumentationManifest><oops');
    const r = value(await s.openManifest(folder));
    expect(r.files).toBe(2);
    expect(r.providers.map((p) => p.name)).toEqual(['Microsoft-Windows-Kernel-Process']);
    expect(r.errorCount).toBeGreaterThan(0);
    expect(r.diagnostics[0]).toMatchObject({ path: join(folder, 'broken.man') });
  });

  it('a listing asked for while a folder loads waits for it', async () => {
    const s = createCatalogService();
    const loading = s.openManifest(join(fixtures, 'manifests', 'tx'));
    const listed = value(await s.list());
    const done = value(await loading);
    expect(listed.total).toBe(done.providers.length);
    expect(listed.total).toBeGreaterThan(30);
  });

  it('merges the system providers through the seam, or says why there are none', async () => {
    const fake: ProviderSchema = {
      guid: '11111111-2222-3333-4444-555555555555',
      name: 'Contoso-Registered',
      source: { kind: 'tdh' },
      events: [],
      keywords: [{ name: 'Fast', mask: '0x1' }],
      levels: [],
      opcodes: [],
      tasks: [],
      channels: [],
      maps: [],
    };
    let loads = 0;
    const s = createCatalogService({
      system: {
        load: async () => {
          loads++;
          return { ok: true, value: { providers: [fake], diagnostics: [] } };
        },
      },
    });
    const first = value(await s.list());
    expect(first.system).toEqual({ available: true });
    expect(first.providers).toEqual([
      {
        guid: fake.guid,
        name: 'Contoso-Registered',
        source: 'tdh',
        sources: ['tdh'],
        events: 0,
        keywords: 1,
      },
    ]);
    await s.list();
    expect(loads).toBe(1);

    const failing = createCatalogService({
      system: {
        load: async () => ({ ok: false, error: { code: 'ACCESS_DENIED', message: 'run as administrator' } }),
      },
    });
    expect(value(await failing.list()).system).toEqual({ available: false, reason: 'run as administrator' });

    expect(systemProvidersReason({ available: false, code: 'UNSUPPORTED_PLATFORM' })).toBe(
      'system providers need Windows',
    );
    expect(
      systemProvidersReason({ available: false, code: 'IO_ERROR', reason: 'etw.node missing' }),
    ).toContain('etw.node missing');
  });

  it('names export files safely', () => {
    expect(manifestFileName('Microsoft-Windows-Kernel-Process')).toBe('Microsoft-Windows-Kernel-Process.man');
    expect(manifestFileName('{22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716}')).toBe(
      '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716.man',
    );
    expect(manifestFileName('a/b\\c:d')).toBe('a_b_c_d.man');
    expect(manifestFileName('...')).toBe('provider.man');
  });
});

describe('catalog service with the catalog worker', () => {
  const worker = {
    script: fileURLToPath(new URL('../../electron/services/workers/catalog.worker.ts', import.meta.url)),
    execArgv: ['--import', 'tsx'],
  };

  it('opens a folder and a CRIM blob like the in-thread parser, and answers a listing asked meanwhile', async () => {
    const here = createCatalogService({ worker: null });
    const there = createCatalogService({ worker, parseThreads: 2 });
    const tx = join(fixtures, 'manifests', 'tx');
    const loading = there.openManifest(tx);
    const listedMeanwhile = value(await there.list());
    const opened = value(await loading);
    expect(opened).toEqual(value(await here.openManifest(tx)));
    expect(listedMeanwhile.total).toBe(opened.providers.length);
    const crim = join(sealighter, 'sealighter_providerTEMP.BIN');
    expect(value(await there.openManifest(crim))).toEqual(value(await here.openManifest(crim)));
    expect(value(await there.list())).toEqual(value(await here.list()));
    expect(value(await there.provider(SEALIGHTER))).toEqual(value(await here.provider(SEALIGHTER)));
    expect(value(await there.search('process', 50))).toEqual(value(await here.search('process', 50)));
  });
});

describe('catalog channels through the dispatcher', () => {
  const none = new Set<Capability>();
  const make = () =>
    createAppDispatcher({
      identity: {
        name: 'ETW Explorer',
        version: '1.0.0',
        mode: 'web',
        platform: 'linux',
        arch: 'x64',
        liveEtw: { available: false, code: 'UNSUPPORTED_PLATFORM', reason: 'live ETW needs Windows' },
      },
      dialog: browserDialogService,
    });

  it('open, list, provider, search and manifestXml answer over the contract; bad GUIDs are refused', async () => {
    const { dispatcher } = make();
    const opened = await dispatcher.invoke(
      'manifest.open',
      { path: join(sealighter, 'sealighter_provider.man') },
      none,
    );
    expect(opened).toMatchObject({ ok: true, value: { files: 1, providers: [{ guid: SEALIGHTER }] } });
    expect(await dispatcher.invoke('catalog.list', { search: 'seal' }, none)).toMatchObject({
      ok: true,
      value: { total: 1, providers: [{ guid: SEALIGHTER, sources: ['xml'] }], system: { available: false } },
    });
    expect(await dispatcher.invoke('catalog.provider', { guid: SEALIGHTER }, none)).toMatchObject({
      ok: true,
      value: { guid: SEALIGHTER },
    });
    const xml = await dispatcher.invoke('catalog.manifestXml', { guid: `{${SEALIGHTER}}` }, none);
    expect(xml).toMatchObject({ ok: true, value: { guid: SEALIGHTER } });
    expect(await dispatcher.invoke('catalog.manifestXml', { guid: 'not-a-guid' }, none)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    const search = await dispatcher.invoke('catalog.search', { text: 'seal', limit: 3 }, none);
    expect(search.ok).toBe(true);
  });
});

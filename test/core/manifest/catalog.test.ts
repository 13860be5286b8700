// The catalog: duplicates merged by GUID with every source kept, provider list filtering, and the
// cross-provider search (event names/symbols, fields, keywords, messages) on real fixtures.
import { describe, expect, it } from 'vitest';
import type { ProviderSchema } from '../../../electron/common/model/schema';
import { ManifestCatalog, mergeProviders } from '../../../electron/core/manifest/catalog';
import { loadCatalog } from '../../../electron/core/manifest/load.node';
import { fixture } from './fixtures';

const SEALIGHTER = 'cdd5f0cc-ab0c-4abe-97b2-cc82b7e68f30';

describe('catalog', () => {
  it('merges the same provider from XML and CRIM, keeping both sources', async () => {
    const c = await loadCatalog([fixture('wevt/sealighter')]);
    expect(c.providers).toHaveLength(1);
    const p = c.get(`{${SEALIGHTER.toUpperCase()}}`);
    expect(p?.name).toBe('Sealighter');
    expect(p?.sources?.map((s) => [s.kind, s.path])).toEqual([
      ['xml', fixture('wevt/sealighter/sealighter_provider.man')],
      ['wevt', fixture('wevt/sealighter/sealighter_providerTEMP.BIN')],
    ]);
    expect(p?.events).toHaveLength(1);
    expect(c.find('sealighter')?.guid).toBe(SEALIGHTER);
  });

  it('fills what the first source lacks from the next one', () => {
    const base = { levels: [], opcodes: [], tasks: [], channels: [], maps: [] };
    const a: ProviderSchema = {
      ...base,
      guid: 'a',
      name: '{a}',
      source: { kind: 'wevt', path: 'a.dll' },
      keywords: [{ name: 'K1', mask: '0x1' }],
      events: [{ id: 1, version: 0, level: 4, opcode: 0, task: 0, keywords: '0x0', fields: [] }],
    };
    const b: ProviderSchema = {
      ...base,
      guid: 'a',
      name: 'Provider-A',
      source: { kind: 'xml', path: 'a.man' },
      keywords: [
        { name: 'K1', mask: '0x1' },
        { name: 'K2', mask: '0x2' },
      ],
      events: [
        {
          id: 1,
          version: 0,
          level: 4,
          opcode: 0,
          task: 0,
          keywords: '0x0',
          message: 'hello',
          template: 't',
          fields: [{ name: 'f', inType: 'Int32' }],
        },
        { id: 2, version: 0, level: 4, opcode: 0, task: 0, keywords: '0x0', fields: [] },
      ],
    };
    const m = mergeProviders(a, b);
    expect(m.name).toBe('Provider-A');
    expect(m.keywords.map((k) => k.name)).toEqual(['K1', 'K2']);
    expect(m.events.map((e) => [e.id, e.message, e.fields.length])).toEqual([
      [1, 'hello', 1],
      [2, undefined, 0],
    ]);
    expect(m.sources?.map((s) => s.path)).toEqual(['a.dll', 'a.man']);
    expect(a.events[0]?.message).toBeUndefined();
  });

  it('lists and filters providers by name or GUID', async () => {
    const c = await loadCatalog([fixture('manifests/tx')]);
    const all = c.listProviders();
    expect(all).toHaveLength(42);
    expect(all.map((p) => p.name)).toEqual(
      [...all.map((p) => p.name)].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())),
    );
    expect(c.listProviders('kernel-proc').map((p) => p.name)).toEqual(['Microsoft-Windows-Kernel-Process']);
    expect(c.listProviders('{22FB2CD6').map((p) => p.guid)).toEqual(['22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716']);
    expect(c.listProviders('22fb2cd6')[0]?.eventCount).toBeGreaterThan(0);
  });

  it('searches event names, symbols, fields, keywords and messages across providers', async () => {
    const c = await loadCatalog([
      fixture('manifests/windows10-dump'),
      fixture('manifests/windows-classic-samples'),
    ]);
    const r = c.search('ImageName');
    expect(r.total).toBeGreaterThan(50);
    expect(r.hits.length).toBeLessThanOrEqual(200);
    // exact matches first
    expect(r.hits[0]?.text.toLowerCase()).toBe('imagename');
    const kp = r.hits.filter((h) => h.providerGuid === '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716');
    expect(kp.some((h) => h.kind === 'field' && h.eventId === 1 && h.eventVersion === 2)).toBe(true);

    const kw = c.search('WINEVENT_KEYWORD_PROCESS');
    expect(
      kw.hits.some(
        (h) =>
          h.kind === 'keyword' &&
          h.providerName === 'Microsoft-Windows-Kernel-Process' &&
          h.eventId === undefined,
      ),
    ).toBe(true);

    const msg = c.search('event data: %1');
    // the C++ and C# samples (two providers) carry these messages; the dumps have none
    expect(new Set(msg.hits.map((h) => `${h.kind} ${h.providerName}`))).toEqual(
      new Set([
        'message Microsoft-Windows-SDKSample-AdvancedProvider',
        'message Microsoft-Windows-SDKSample-AdvancedProvider-CS',
      ]),
    );
    const withMessage = (guid: string) =>
      c.get(guid)?.events.filter((e) => e.message?.includes('Event data: %1')).length ?? 0;
    expect(msg.total).toBe(
      withMessage('21a9201e-73b0-43fe-9821-7e159a59bc70') +
        withMessage('21a9201e-73b0-43fe-9821-7e159a59bc72'),
    );

    const sym = c.search('sampleevt_int8_v2');
    expect(sym.hits).toEqual([
      {
        providerGuid: '21a9201e-73b0-43fe-9821-7e159a59bc70',
        providerName: 'Microsoft-Windows-SDKSample-AdvancedProvider',
        eventId: 102,
        eventVersion: 2,
        kind: 'event',
        text: 'SampleEvt_INT8_V2',
      },
      {
        providerGuid: '21a9201e-73b0-43fe-9821-7e159a59bc72',
        providerName: 'Microsoft-Windows-SDKSample-AdvancedProvider-CS',
        eventId: 102,
        eventVersion: 2,
        kind: 'event',
        text: 'SampleEvt_INT8_V2',
      },
    ]);
    expect(c.search('no-such-thing-anywhere').total).toBe(0);
    expect(c.search('   ').hits).toEqual([]);
  });

  it('rebuilds its index after providers are added', () => {
    const c = new ManifestCatalog();
    expect(c.search('x').total).toBe(0);
    c.add([
      {
        guid: 'b',
        name: 'Xylophone',
        source: { kind: 'builtin' },
        events: [],
        keywords: [],
        levels: [],
        opcodes: [],
        tasks: [],
        channels: [],
        maps: [],
      },
    ]);
    expect(c.search('xylo').hits.map((h) => h.kind)).toEqual(['provider']);
  });
});

// Manifest XML writer: escaping, channel keyword bits, shared/renamed templates, models from binary
// manifests. (Every fixture manifest's round trip is in fixtures.test.ts.)
import { describe, expect, it } from 'vitest';
import type { ProviderSchema } from '../../../electron/common/model/schema';
import { readManifestBytes } from '../../../electron/core/manifest/read-bytes';
import { parseManifestXml } from '../../../electron/core/manifest/xml-reader';
import { escapeAttribute, keywordNames, writeManifestXml } from '../../../electron/core/manifest/xml-writer';
import { fixtureBytes } from './fixtures';

const strip = ({ source: _s, sources: _ss, ...rest }: ProviderSchema) => rest;
const roundTrip = (providers: ProviderSchema[]) =>
  parseManifestXml(writeManifestXml(providers), { kind: 'xml' });

describe('manifest XML writer', () => {
  it('escapes markup, control characters and edge spaces in attributes', () => {
    expect(escapeAttribute(' a<b>&"c"\n\td ')).toBe('&#x20;a&lt;b&gt;&amp;&quot;c&quot;&#xA;&#x9;d&#x20;');
  });

  it('names keyword masks with provider keywords, then win:*, then hex', () => {
    const kw = [
      { name: 'A', mask: '0x1' },
      { name: 'B', mask: '0x6' },
    ];
    expect(keywordNames(0x7n, kw)).toBe('A B');
    expect(keywordNames(0x20000000000001n, kw)).toBe('A win:AuditSuccess');
    expect(keywordNames(0x9n, kw)).toBe('A 0x8');
    expect(keywordNames(0n, kw)).toBeUndefined();
  });

  it('round-trips the model of a binary manifest (messages, channel bits, GUID template ids)', () => {
    const bin = readManifestBytes(fixtureBytes('wevt/sealighter/sealighter_providerTEMP.BIN'), {
      messageTable: fixtureBytes('wevt/sealighter/MSG00001.bin'),
    });
    const back = roundTrip(bin.providers);
    expect(back.diagnostics).toEqual([]);
    expect(back.providers.map(strip)).toEqual(bin.providers.map(strip));
    expect(writeManifestXml(bin.providers)).toContain('<string id="event.3" value="&#xA;%1"/>');
  });

  it('keeps distinct templates apart when ids collide, and tricky text intact', () => {
    const base = {
      source: { kind: 'builtin' as const },
      keywords: [],
      levels: [],
      opcodes: [],
      tasks: [],
      channels: [],
      maps: [],
    };
    const p: ProviderSchema = {
      ...base,
      guid: '00000000-0000-0000-0000-0000000000aa',
      name: 'P <&> "q"',
      message: '  leading and trailing  ',
      events: [
        {
          id: 1,
          version: 0,
          level: 0,
          opcode: 0,
          task: 0,
          keywords: '0x0',
          template: 'T',
          fields: [{ name: 'a', inType: 'Int32' }],
        },
        {
          id: 2,
          version: 0,
          level: 0,
          opcode: 0,
          task: 0,
          keywords: '0x0',
          template: 'T',
          fields: [{ name: 'b', inType: 'UnicodeString', count: 'a', length: 3 }],
        },
        {
          id: 3,
          version: 0,
          level: 0,
          opcode: 0,
          task: 0,
          keywords: '0x0',
          fields: [
            { name: 'S', inType: 'Struct', count: 2, fields: [{ name: 'x', inType: 'CountedString' }] },
          ],
        },
      ],
    };
    const back = roundTrip([p]);
    expect(back.diagnostics).toEqual([]);
    const q = back.providers[0] as ProviderSchema;
    expect(q.name).toBe('P <&> "q"');
    expect(q.message).toBe('  leading and trailing  ');
    expect(q.events.map((e) => e.template)).toEqual(['T', 'T_2', 'T_3_v0']);
    expect(q.events.map((e) => e.fields)).toEqual(p.events.map((e) => e.fields));
  });
});

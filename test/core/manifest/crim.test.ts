// Binary manifests: the CRIM blob mc.exe compiled from Sealighter's manifest gives the same model as the
// manifest itself; each libfwevt fragment parses with the element-level readers; the synthetic PE with a
// 16-byte WEVT_TEMPLATE is found and reported as not a manifest; builders cover maps, structs,
// field-referenced counts/lengths and PE32/PE32+ images; flipped and truncated bytes give diagnostics.
import { describe, expect, it } from 'vitest';
import type { ProviderSchema } from '../../../electron/common/model/schema';
import { readBinaryManifest, readCrimBlob } from '../../../electron/core/manifest/binary-manifest';
import { readProviderBlock } from '../../../electron/core/manifest/crim';
import {
  CrimBlob,
  readChannelEntry,
  readEventEntry,
  readLevelEntry,
  readOpcodeEntry,
  readTaskEntry,
  readTemplate,
} from '../../../electron/core/manifest/crim-entries';
import { providerFromCrim } from '../../../electron/core/manifest/crim-provider';
import { errorsOf } from '../../../electron/core/manifest/diagnostics';
import { loadManifestPath } from '../../../electron/core/manifest/load.node';
import { parseMessageTable } from '../../../electron/core/manifest/message-table';
import { readPeImage, RT_MESSAGETABLE, WEVT_TEMPLATE } from '../../../electron/core/manifest/pe';
import { readManifestBytes } from '../../../electron/core/manifest/read-bytes';
import { buildCrim, buildMessageTable, buildPe, type BProvider } from './builders';
import { fixture, fixtureBytes } from './fixtures';

const SEALIGHTER_GUID = 'cdd5f0cc-ab0c-4abe-97b2-cc82b7e68f30';

async function only(path: string): Promise<ProviderSchema> {
  const r = await loadManifestPath(fixture(path));
  expect(errorsOf(r.diagnostics)).toEqual([]);
  expect(r.providers).toHaveLength(1);
  return r.providers[0] as ProviderSchema;
}

describe('Sealighter: mc.exe output vs its manifest', () => {
  it('gives the same model (ids, names, fields, channel, keyword, opcode, task, level, messages)', async () => {
    const xml = await only('wevt/sealighter/sealighter_provider.man');
    // a single TEMP.BIN picks up MSG00001.bin next to it
    const bin = await only('wevt/sealighter/sealighter_providerTEMP.BIN');
    expect(bin.guid).toBe(SEALIGHTER_GUID);
    expect(bin.source.kind).toBe('wevt');
    const projectEvent = (p: ProviderSchema) =>
      p.events.map(({ id, version, level, opcode, task, keywords, channel, message, fields }) => ({
        id,
        version,
        level,
        opcode,
        task,
        keywords,
        channel,
        message,
        fields,
      }));
    expect(projectEvent(bin)).toEqual(projectEvent(xml));
    expect(projectEvent(bin)[0]).toMatchObject({
      id: 1,
      version: 1,
      level: 4,
      opcode: 10,
      task: 1,
      channel: 16,
      keywords: '0x8000000000000001',
      message: '\n%1',
    });
    expect(bin.events[0]?.fields).toHaveLength(13);
    expect(bin.events[0]?.fields[0]).toEqual({ name: 'json', inType: 'AnsiString', outType: 'Json' });
    expect(bin.keywords).toEqual(xml.keywords);
    expect(bin.opcodes).toEqual(xml.opcodes);
    expect(bin.tasks).toEqual(xml.tasks);
    expect(bin.levels).toEqual(xml.levels);
    expect(bin.maps).toEqual(xml.maps);
    expect(bin.channels.map(({ name, value, message }) => ({ name, value, message }))).toEqual(
      xml.channels.map(({ name, value, message }) => ({ name, value, message })),
    );
    // what the binary does not carry: the provider name, symbols, template ids
    expect(bin.name).toBe(`{${SEALIGHTER_GUID}}`);
    expect(bin.events[0]?.template).toBe('bbd8bc8b-921e-52a3-a673-4412b3c9d40b');
  });

  it('without its message table: names but no messages, and a warning', () => {
    const r = readManifestBytes(fixtureBytes('wevt/sealighter/sealighter_providerTEMP.BIN'), {
      path: 'TEMP.BIN',
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['NO_MESSAGE_TABLE']);
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(r.providers[0]?.events[0]?.message).toBeUndefined();
    expect(r.providers[0]?.tasks[0]).toEqual({
      name: 'Report',
      value: 1,
      eventGuid: 'f87d5c2b-e51e-466b-ac10-54d231220f98',
    });
  });

  it('reads MSG00001.bin', () => {
    const t = parseMessageTable(fixtureBytes('wevt/sealighter/MSG00001.bin'));
    expect(t.diagnostics).toEqual([]);
    expect([...t.messages]).toEqual([
      [0x10000001, 'Report on events'],
      [0x3000000a, 'Report on events'],
      [0x50000004, 'Information'],
      [0x70000001, 'Report on events'],
      [0x90000001, 'Operational'],
      [0xb0010001, '\n%1'],
    ]);
  });
});

describe('libfwevt fragments, one element each', () => {
  const frag = (name: string, base = 0) => new CrimBlob(fixtureBytes(`wevt/libfwevt/${name}`), base);
  // A fragment is cut out of a blob: `base` is the CRIM offset of its first byte (entry then its name).
  it('channel.1', () => {
    expect(readChannelEntry(frag('channel.1', 0x90), 0x90)).toEqual({
      offset: 0x90,
      flags: 1,
      name: 'Security',
      value: 10,
    });
  });
  it('level.1', () => {
    expect(readLevelEntry(frag('level.1', 0x50674), 0x50674)).toEqual({
      offset: 0x50674,
      value: 4,
      name: 'win:Informational',
    });
  });
  it('opcode.1', () => {
    expect(readOpcodeEntry(frag('opcode.1', 0x50644), 0x50644)).toEqual({
      offset: 0x50644,
      task: 0,
      value: 0,
      name: 'win:Info',
    });
  });
  it('task.1', () => {
    expect(readTaskEntry(frag('task.1', 0x50c2c), 0x50c2c)).toEqual({
      offset: 0x50c2c,
      value: 0x3000,
      messageId: 0x70003000,
      eventGuid: '00000000-0000-0000-0000-000000000000',
      name: 'SE_ADT_SYSTEM_SECURITYSTATECHANGE',
    });
  });
  it('event.1 (its level and opcode offsets point at level.1 and opcode.1)', () => {
    expect(readEventEntry(frag('event.1'), 0)).toEqual({
      offset: 0,
      id: 4608,
      version: 0,
      channel: 10,
      level: 4,
      opcode: 0,
      task: 0,
      keywords: 0x8000000000000000n,
      messageId: 0xb0001200,
      templateOffset: 0,
      opcodeOffset: 0x50644,
      levelOffset: 0x50674,
      taskOffset: 0,
      keywordOffsets: [],
      flags: 0x90,
    });
  });
  it('template.1', () => {
    const t = readTemplate(frag('template.1', 0x98), 0x98);
    expect(t.guid).toBe('920235d8-4d3f-561d-53b7-b52ed9b47a5a');
    expect(t.items.map((i) => [i.name, i.inType, i.outType, i.count, i.length])).toEqual([
      ['name', 1, 1, 0, 0],
      ['value', 7, 7, 0, 0],
    ]);
    expect(t.binxml?.root).toBe('EventData');
    expect(t.binxml?.substitutions.map((s) => [s.index, s.valueType, s.dataName])).toEqual([
      [0, 1, 'name'],
      [1, 7, 'value'],
    ]);
  });
  it('provider.1 (CRIM 5 with PRVA)', () => {
    const blob = frag('provider.1', 0x24);
    const diagnostics: string[] = [];
    const report = (code: string, at: number, message: string) =>
      diagnostics.push(`${code}@${at}: ${message}`);
    const raw = readProviderBlock(blob, 0x24, '11111111-2222-3333-4444-555555555555', report);
    if (!raw) throw new Error('no provider');
    expect(raw.attributes).toEqual([{ id: 0x10000001, text: 'Hello World Metric Provider' }]);
    const p = providerFromCrim(raw, blob, undefined, { kind: 'wevt' }, report);
    expect(diagnostics).toEqual([]);
    expect(p.name).toBe('Hello World Metric Provider');
    expect(p.events).toEqual([
      {
        id: 1,
        version: 1,
        level: 0,
        opcode: 0,
        task: 0,
        keywords: '0x0',
        template: '278a1233-f665-5252-0ba7-2bca597433a8',
        fields: [
          { name: 'metric_name', inType: 'UnicodeString', outType: 'String' },
          { name: 'metric_value', inType: 'Int32', outType: 'Int' },
        ],
      },
    ]);
  });
});

describe('PE images', () => {
  it('finds the WEVT_TEMPLATE of the synthetic PE32+ and reports it is not a valid manifest', async () => {
    const bytes = fixtureBytes('wevt/evtx/wevt_template_minimal_pe.bin');
    const pe = readPeImage(bytes);
    expect(pe.diagnostics).toEqual([]);
    expect(pe.image?.is64).toBe(true);
    expect(pe.image?.sections.map((s) => s.name)).toEqual(['.rsrc']);
    const res = pe.image?.resources ?? [];
    expect(res.map((r) => [r.type, r.name, r.language, r.offset, r.data.length])).toEqual([
      [WEVT_TEMPLATE, 1, 1033, 0x500, 16],
    ]);
    const r = await loadManifestPath(fixture('wevt/evtx/wevt_template_minimal_pe.bin'));
    expect(r.providers).toEqual([]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      code: 'BAD_CRIM',
      offset: 0x50c,
      path: fixture('wevt/evtx/wevt_template_minimal_pe.bin'),
    });
    expect(r.diagnostics[0]?.message).toMatch(/WEVT_TEMPLATE 1\/1033 at 0x500/);
  });

  for (const is64 of [false, true]) {
    it(`reads a ${is64 ? 'PE32+' : 'PE32'} image holding Sealighter's blob and message table like the raw files`, () => {
      const crim = fixtureBytes('wevt/sealighter/sealighter_providerTEMP.BIN');
      const msg = fixtureBytes('wevt/sealighter/MSG00001.bin');
      const pe = buildPe(
        [
          { type: WEVT_TEMPLATE, name: 1, language: 1033, data: crim },
          { type: RT_MESSAGETABLE, name: 1, language: 1033, data: msg },
        ],
        is64,
      );
      const fromPe = readManifestBytes(pe, { path: 'x.dll' });
      const raw = readManifestBytes(crim, { path: 'x.dll', messageTable: msg });
      expect(fromPe.diagnostics).toEqual([]);
      expect(fromPe.providers).toEqual(raw.providers);
      expect(fromPe.providers[0]?.events[0]?.message).toBe('\n%1');
    });
  }

  it('reports an image without a manifest', () => {
    const r = readBinaryManifest(
      buildPe([{ type: 3, name: 1, language: 1033, data: new Uint8Array(8) }]),
      'pe',
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['NO_WEVT_TEMPLATE']);
  });
});

const GUID_A = 'aaaaaaaa-1111-2222-3333-444444444444';

function synthetic(mapsLayout: 'evtx' | 'libfwevt'): BProvider {
  return {
    guid: GUID_A,
    messageId: 1,
    mapsLayout,
    channels: [{ name: 'A/Operational', value: 16, messageId: 2 }],
    levels: [
      { value: 4, name: 'win:Informational' },
      { value: 16, name: 'Custom', messageId: 3 },
    ],
    opcodes: [
      { value: 0, name: 'win:Info' },
      { task: 7, value: 30, name: 'Begin' },
    ],
    tasks: [{ value: 7, name: 'Work', guid: '01020304-0506-0708-090a-0b0c0d0e0f10' }],
    keywords: [
      { mask: 0x10n, name: 'Net' },
      { mask: 0x40000000000000n, name: 'win:CorrelationHint' },
    ],
    maps: [
      {
        kind: 'VMAP',
        name: 'Colors',
        entries: [
          { value: 1, messageId: 10 },
          { value: 2, messageId: 11 },
        ],
      },
      { kind: 'BMAP', name: 'Flags', entries: [{ value: 4, messageId: 12 }] },
    ],
    templates: [
      {
        guid: '99999999-8888-7777-6666-555555555555',
        items: [
          { name: 'Count', inType: 6, outType: 6 },
          { name: 'Values', inType: 8, flags: 4, count: 0, array: true },
          { name: 'Fixed', inType: 3, count: 4, array: true },
          { name: 'Size', inType: 8 },
          { name: 'Blob', inType: 14, flags: 2, length: 3 },
          { name: 'Color', inType: 4, map: 'Colors' },
          { name: 'Point', inType: 0, flags: 1, structStart: 7, structCount: 2 },
          { name: 'X', inType: 7 },
          { name: 'Y', inType: 7 },
        ],
      },
    ],
    events: [
      {
        id: 5,
        version: 2,
        channel: 16,
        level: 16,
        opcode: 30,
        task: 7,
        keywords: 0x8000000000000010n,
        messageId: 20,
        template: 0,
      },
    ],
  };
}

const SYNTHETIC_MESSAGES: [number, string][] = [
  [1, 'Provider A'],
  [2, 'Operational'],
  [3, 'Custom level'],
  [10, 'Red'],
  [11, 'Green'],
  [12, 'Bit two'],
  [20, 'Event %1'],
];

describe('synthetic CRIM (builder)', () => {
  for (const layout of ['evtx', 'libfwevt'] as const) {
    it(`reads maps (${layout} MAPS layout), structs, field-referenced counts/lengths and messages`, () => {
      const r = readCrimBlob(
        buildCrim([synthetic(layout)]),
        parseMessageTable(buildMessageTable(SYNTHETIC_MESSAGES)).messages,
        { kind: 'wevt' },
      );
      expect(r.diagnostics).toEqual([]);
      const p = r.providers[0] as ProviderSchema;
      expect(p).toMatchObject({ guid: GUID_A, name: 'Provider A', message: 'Provider A' });
      expect(p.levels).toEqual([{ name: 'Custom', value: 16, message: 'Custom level' }]);
      expect(p.opcodes).toEqual([{ name: 'Begin', value: 30, task: 7 }]);
      expect(p.tasks).toEqual([
        { name: 'Work', value: 7, eventGuid: '01020304-0506-0708-090a-0b0c0d0e0f10' },
      ]);
      expect(p.keywords).toEqual([{ name: 'Net', mask: '0x10' }]);
      expect(p.channels).toEqual([{ name: 'A/Operational', value: 16, message: 'Operational' }]);
      expect(p.maps).toEqual([
        {
          name: 'Colors',
          kind: 'value',
          entries: [
            { value: 1, message: 'Red' },
            { value: 2, message: 'Green' },
          ],
        },
        { name: 'Flags', kind: 'bitmap', entries: [{ value: 4, message: 'Bit two' }] },
      ]);
      expect(p.events[0]).toMatchObject({
        id: 5,
        version: 2,
        channel: 16,
        level: 16,
        opcode: 30,
        task: 7,
        keywords: '0x8000000000000010',
        name: 'Work/Begin',
        message: 'Event %1',
      });
      expect(p.events[0]?.fields).toEqual([
        { name: 'Count', inType: 'UInt16', outType: 'UnsignedShort' },
        { name: 'Values', inType: 'UInt32', count: 'Count' },
        { name: 'Fixed', inType: 'Int8', count: 4 },
        { name: 'Size', inType: 'UInt32' },
        { name: 'Blob', inType: 'Binary', length: 'Size' },
        { name: 'Color', inType: 'UInt8', map: 'Colors' },
        {
          name: 'Point',
          inType: 'Struct',
          fields: [
            { name: 'X', inType: 'Int32' },
            { name: 'Y', inType: 'Int32' },
          ],
        },
      ]);
    });
  }

  it('reports an array whose count the descriptor does not give', () => {
    const p = synthetic('evtx');
    const t = p.templates?.[0];
    if (!t) throw new Error('no template');
    t.items = [{ name: 'Values', inType: 8, array: true }];
    const r = readCrimBlob(buildCrim([p]), undefined, { kind: 'wevt' });
    expect(r.diagnostics.map((d) => d.code)).toContain('UNDERIVABLE_COUNT');
  });
});

/** Parses without throwing; returns what came back. */
function mustNotThrow(bytes: Uint8Array, messageTable?: Uint8Array) {
  return readManifestBytes(bytes, { path: 'corrupt', ...(messageTable ? { messageTable } : {}) });
}

describe('corruption: a diagnostic, never a throw or a hang', () => {
  const crim = fixtureBytes('wevt/sealighter/sealighter_providerTEMP.BIN');
  const msg = fixtureBytes('wevt/sealighter/MSG00001.bin');

  it('truncating the CRIM blob at every length', () => {
    const crimSize = new DataView(crim.buffer, crim.byteOffset).getUint32(4, true);
    expect(crimSize).toBe(0x844);
    for (let n = 0; n < crimSize; n++) {
      const r = mustNotThrow(crim.subarray(0, n), msg);
      expect(r.diagnostics.length, `truncated to ${n}`).toBeGreaterThan(0);
    }
  });

  it('flipping every byte of the CRIM blob (all bits, bit 7)', () => {
    const noticed = new Set<number>();
    for (let i = 0; i < crim.length; i++) {
      for (const f of [(b: number) => b ^ 0xff, (b: number) => b ^ 0x80]) {
        const copy = crim.slice();
        copy[i] = f(copy[i] as number);
        const r = mustNotThrow(copy, msg);
        expect(Array.isArray(r.providers)).toBe(true);
        if (r.diagnostics.length) noticed.add(i);
      }
    }
    // every signature byte (CRIM, WEVT, CHAN, TTBL, TEMP, EVNT...) and every header count is checked
    const signatures = [0x0, 0x24, 0x8c, 0xdc, 0xe8, 0x724].flatMap((at) => [at, at + 1, at + 2, at + 3]);
    expect(signatures.filter((i) => !noticed.has(i))).toEqual([]);
    expect(noticed.has(12)).toBe(true); // provider count
  });

  it('truncating and flipping the message table', () => {
    for (let n = 0; n < msg.length; n++) expect(() => parseMessageTable(msg.subarray(0, n))).not.toThrow();
    for (let i = 0; i < msg.length; i++) {
      const copy = msg.slice();
      copy[i] = (copy[i] as number) ^ 0xff;
      expect(() => mustNotThrow(crim, copy)).not.toThrow();
    }
  });

  it('truncating and flipping a PE image (headers, sections, resource directory)', () => {
    const pe = buildPe([
      { type: WEVT_TEMPLATE, name: 1, language: 1033, data: crim },
      { type: RT_MESSAGETABLE, name: 1, language: 1033, data: msg },
    ]);
    let used = pe.length;
    while (used > 0 && pe[used - 1] === 0) used--;
    for (let n = 0; n < used; n += 7) {
      const r = mustNotThrow(pe.subarray(0, n));
      expect(r.diagnostics.length, `truncated to ${n}`).toBeGreaterThan(0);
    }
    const headerAndDirectory = 0x400 + 0x100;
    for (let i = 0; i < headerAndDirectory; i++) {
      for (const v of [0x00, 0xff, 0x7f]) {
        const copy = pe.slice();
        copy[i] = v;
        expect(Array.isArray(mustNotThrow(copy).providers)).toBe(true);
      }
    }
  });

  it('a resource directory that points at itself does not loop', () => {
    const pe = buildPe([{ type: WEVT_TEMPLATE, name: 1, language: 1033, data: crim }]);
    // first type entry's subdirectory offset → the root directory (offset 0)
    const view = new DataView(pe.buffer);
    view.setUint32(0x400 + 16 + 4, 0x80000000, true);
    const r = readPeImage(pe);
    expect(r.diagnostics.map((d) => d.code)).toContain('BAD_RESOURCES');
  });
});

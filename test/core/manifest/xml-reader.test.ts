// Instrumentation manifest XML → model, on the real fixtures: the exhaustive AdvancedProvider sample
// (every type, array and map asserted concretely), the UTF-16 manifest, multi-provider component
// manifests, per-task opcodes of the reconstructed dumps; plus element-level readers and bad input.
import { describe, expect, it } from 'vitest';
import type { FieldSchema, ProviderSchema } from '../../../electron/common/model/schema';
import { loadManifestPath } from '../../../electron/core/manifest/load.node';
import { decodeXmlBytes, detectXmlEncoding } from '../../../electron/core/manifest/text-decoding';
import { newReadContext } from '../../../electron/core/manifest/xml-context';
import { buildProviderScope, readEventElement } from '../../../electron/core/manifest/xml-events';
import {
  parseManifestXml,
  readDataElement,
  readStructElement,
} from '../../../electron/core/manifest/xml-reader';
import { parseXmlTree, type XmlElement } from '../../../electron/core/manifest/xml-tree';
import { errorsOf } from '../../../electron/core/manifest/diagnostics';
import { readManifestBytes } from '../../../electron/core/manifest/read-bytes';
import { fixture, fixtureBytes } from './fixtures';

async function one(path: string): Promise<ProviderSchema> {
  const r = await loadManifestPath(fixture(path));
  expect(errorsOf(r.diagnostics)).toEqual([]);
  expect(r.providers).toHaveLength(1);
  return r.providers[0] as ProviderSchema;
}

function element(xml: string): XmlElement {
  const tree = parseXmlTree(xml);
  if (!tree.ok) throw new Error(tree.message);
  return tree.roots[0] as XmlElement;
}

const template = (p: ProviderSchema, symbol: string): FieldSchema[] => {
  const e = p.events.find((x) => x.symbol === symbol);
  if (!e) throw new Error(`no event ${symbol}`);
  return e.fields;
};

describe('AdvancedProvider.cpp.man (every type, array and map)', () => {
  it('reads the provider, its string table, channels, levels, tasks, opcodes, keywords and maps', async () => {
    const p = await one('manifests/windows-classic-samples/AdvancedProvider.cpp.man');
    expect(p.guid).toBe('21a9201e-73b0-43fe-9821-7e159a59bc70');
    expect(p.name).toBe('Microsoft-Windows-SDKSample-AdvancedProvider');
    expect(p.symbol).toBe('MICROSOFT_WINDOWS_SDKSAMPLE_ADVANCEDPROVIDER');
    expect(p.message).toBe(
      'Localized message goes here. provider name: Microsoft-Windows-SDKSample-AdvancedProvider.',
    );
    expect(p.source).toEqual({
      kind: 'xml',
      path: fixture('manifests/windows-classic-samples/AdvancedProvider.cpp.man'),
    });
    expect(p.channels).toEqual([
      { name: 'System', value: 8, type: 'Admin', chid: 'C1', imported: true },
      { name: 'Application', value: 9, type: 'Admin', chid: 'C2', imported: true },
      {
        name: 'Microsoft-Windows-SDKSample-AdvancedProvider/Analytic',
        value: 16,
        type: 'Analytic',
        chid: 'C4',
        message: 'Analytic channel localized message goes here.',
      },
      {
        name: 'Microsoft-Windows-SDKSample-AdvancedProvider/Operational',
        value: 17,
        type: 'Admin',
        chid: 'C5',
        message: 'Operational channel localized message goes here.',
      },
    ]);
    expect(p.levels).toEqual([{ name: 'SampleLevel', value: 16, message: 'Level ID: Sample Level' }]);
    expect(p.keywords).toEqual([
      { name: 'ResourceLimit', mask: '0x20', message: 'resource limit keyword message goes here.' },
    ]);
    expect(p.tasks.map((t) => [t.name, t.value])).toEqual([
      ['SampleTask1', 100],
      ['SampleTask2', 101],
      ['SampleTask3', 102],
      ['SampleTask4', 103],
      ['SampleTask5', 104],
    ]);
    expect(p.opcodes.map((o) => [o.name, o.value, o.task])).toEqual([
      ['SampleOpcode1', 10, undefined],
      ['SampleOpcode2', 11, undefined],
      ['SampleOpcode3', 12, undefined],
      ['SampleOpcode4', 13, undefined],
      ['SampleOpcode5', 14, undefined],
    ]);
    expect(p.maps).toEqual([
      {
        name: 'VMap',
        kind: 'value',
        entries: [
          { value: 1, message: 'OK' },
          { value: 2, message: 'BAD' },
          { value: 3, message: 'GOOD' },
        ],
      },
      {
        name: 'BMap',
        kind: 'bitmap',
        entries: [
          { value: 1, message: 'RED' },
          { value: 2, message: 'GREEN' },
          { value: 4, message: 'BLUE' },
        ],
      },
    ]);
  });

  it('has every in-type and out-type as TDH names', async () => {
    const p = await one('manifests/windows-classic-samples/AdvancedProvider.cpp.man');
    const single = (symbol: string) => template(p, symbol)[0];
    expect(single('SampleEvt_INT8')).toEqual({ name: 'Prop_Int8', inType: 'Int8' });
    expect(single('SampleEvt_UINT8_HEXINT8')).toEqual({
      name: 'Prop_UInt8_HexInt8',
      inType: 'UInt8',
      outType: 'HexInt8',
    });
    const types = new Set<string>();
    const outTypes = new Set<string>();
    for (const e of p.events)
      for (const f of e.fields) {
        types.add(f.inType);
        if (f.outType) outTypes.add(f.outType);
      }
    expect([...types].sort()).toEqual(
      [
        'AnsiString',
        'Binary',
        'Boolean',
        'Double',
        'FILETIME',
        'Float',
        'GUID',
        'Int16',
        'Int32',
        'Int64',
        'Int8',
        'Pointer',
        'SID',
        'SYSTEMTIME',
        'UInt16',
        'UInt32',
        'UInt64',
        'UInt8',
        'UnicodeString',
      ].sort(),
    );
    expect([...outTypes].sort()).toEqual(
      [
        'ErrorCode',
        'HResult',
        'HexInt16',
        'HexInt32',
        'HexInt64',
        'HexInt8',
        'IPv4',
        'IPv6',
        'NTSTATUS',
        'PID',
        'SocketAddress',
        'TID',
        'Win32Error',
      ].sort(),
    );
  });

  it('has fixed and field-referenced lengths and counts, and maps on fields', async () => {
    const p = await one('manifests/windows-classic-samples/AdvancedProvider.cpp.man');
    const events = new Map(p.events.map((e) => [e.template, e.fields]));
    const t = (tid: string) => events.get(tid) ?? [];
    expect(t('T_FixedLength_UnicodeString')).toEqual([
      { name: 'Prop_FixedLength_UnicodeString', inType: 'UnicodeString', length: 15 },
    ]);
    expect(t('T_FixedLength_Binary')).toEqual([
      { name: 'Prop_FixedLength_Binary', inType: 'Binary', length: 15 },
    ]);
    expect(t('T_ParamLength_AnsiString')).toEqual([
      { name: 'Prop_ParamLength_AnsiString_Length', inType: 'UInt32' },
      {
        name: 'Prop_ParamLength_AnsiString',
        inType: 'AnsiString',
        length: 'Prop_ParamLength_AnsiString_Length',
      },
    ]);
    expect(t('T_BINARY_IPv6')[1]).toEqual({
      name: 'Prop_Binary_IPv6',
      inType: 'Binary',
      outType: 'IPv6',
      length: 'Prop_Binary_IPv6_Length',
    });
    expect(t('T_FixedCount_Int8')).toEqual([{ name: 'Prop_FixedCount_Int8', inType: 'Int8', count: 15 }]);
    expect(t('T_FixedCount_FixedLength_Binary')).toEqual([
      { name: 'Prop_FixedCount_FixedLength_Binary', inType: 'Binary', length: 15, count: 15 },
    ]);
    expect(t('T_FixedCount_ParamLength_UnicodeString')[1]).toEqual({
      name: 'Prop_FixedCount_ParamLength_UnicodeString',
      inType: 'UnicodeString',
      length: 'Prop_FixedCount_ParamLength_UnicodeString_Length',
      count: 15,
    });
    expect(t('T_ParamCount_Int8')[1]).toEqual({
      name: 'Prop_ParamCount_Int8',
      inType: 'Int8',
      count: 'Prop_ParamCount_Int8_Count',
    });
    expect(t('T_ParamCount_FixedLength_AnsiString')[1]).toEqual({
      name: 'Prop_ParamCount_FixedLength_AnsiString',
      inType: 'AnsiString',
      length: 15,
      count: 'Prop_ParamCount_FixedLength_AnsiString_Count',
    });
    expect(t('T_ParamCount_ParamLength_Binary')[2]).toEqual({
      name: 'Prop_ParamCount_ParamLength_Binary',
      inType: 'Binary',
      length: 'Prop_ParamCount_ParamLength_Binary_Length',
      count: 'Prop_ParamCount_ParamLength_Binary_Count',
    });
    expect(t('T_ValueMap_UInt8')).toEqual([{ name: 'Prop_ValueMap_Uint8', inType: 'UInt8', map: 'VMap' }]);
    expect(t('T_BitMap_UInt8')).toEqual([{ name: 'Prop_BitMap_Uint8', inType: 'UInt8', map: 'BMap' }]);
    expect(t('T_UserData_All_Types').map((f) => f.name)).toHaveLength(11);
  });

  it('resolves event references: win:* levels/opcodes/keywords, chids, versions, messages, channel keyword bits', async () => {
    const p = await one('manifests/windows-classic-samples/AdvancedProvider.cpp.man');
    const ev = (symbol: string) => p.events.find((e) => e.symbol === symbol);
    expect(ev('SampleEvt_INT8')).toMatchObject({
      id: 102,
      version: 0,
      level: 1,
      opcode: 1,
      task: 100,
      channel: 8,
      keywords: '0x8000000000000000',
      template: 'T_INT8',
      message: 'Event Message ID: event.102 - Event data: %1',
      name: 'SampleEvt_INT8',
    });
    // win:CorrelationHint + the first channel's keyword bit
    expect(ev('SampleEvt_UINT8')?.keywords).toBe('0x8040000000000000');
    // provider keyword ResourceLimit (0x20) on the fourth channel (C5 → bit 60)
    expect(ev('SampleEvt_UserKeyword_UINT8')).toMatchObject({
      channel: 17,
      keywords: '0x1000000000000020',
      level: 2,
      opcode: 6,
      task: 102,
    });
    expect(ev('SampleEvt_INT8_V2')).toMatchObject({ id: 102, version: 2, opcode: 14, task: 103 });
    expect(p.events.filter((e) => e.id === 102).map((e) => e.version)).toEqual([0, 1, 2]);
  });
});

describe('other fixture manifests', () => {
  it('reads the UTF-16 manifest', async () => {
    const bytes = fixtureBytes('manifests/tx/Microsoft.Windows.ApplicationServer.Applications.manifest');
    expect(detectXmlEncoding(bytes)).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(decodeXmlBytes(bytes).text.startsWith('<?xml version="1.0" encoding="utf-16"?>')).toBe(true);
    const p = await one('manifests/tx/Microsoft.Windows.ApplicationServer.Applications.manifest');
    expect(p.name).toBe('Microsoft-Windows-Application Server-Applications');
    expect(p.guid).toBe('c651f5f6-1c0d-492e-8ae1-b4efd7c9d503');
    expect(p.events.length).toBe(481);
    expect(p.keywords.find((k) => k.name === 'WFInstanceStore')?.mask).toBe('0x8000000');
    expect(p.channels.map((c) => [c.name, c.value, c.type])).toEqual([
      ['Microsoft-Windows-Application Server-Applications/Admin', 16, 'Admin'],
      ['Microsoft-Windows-Application Server-Applications/Operational', 17, 'Operational'],
      ['Microsoft-Windows-Application Server-Applications/Analytic', 18, 'Analytic'],
      ['Microsoft-Windows-Application Server-Applications/Debug', 19, 'Debug'],
    ]);
  });

  it('reads component manifests (<assembly>) with many providers', async () => {
    const r = await loadManifestPath(fixture('manifests/tx/SystemEvents.man'));
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(r.providers).toHaveLength(33);
    const process = r.providers.find((p) => p.name === 'Microsoft-Windows-Kernel-Process');
    expect(process?.guid).toBe('22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716');
    const start = process?.events.find((e) => e.id === 1 && e.version === 0);
    expect(start?.fields.map((f) => f.name).slice(0, 3)).toEqual([
      'ProcessID',
      'CreateTime',
      'ParentProcessID',
    ]);
  });

  it('reads per-task opcodes of the reconstructed dumps', async () => {
    const p = await one('manifests/windows10-dump/{0063715b-eeda-4007-9429-ad526f62696e}.xml');
    expect(p.opcodes).toEqual([{ name: 'StatusChange', value: 101, task: 105, message: 'StatusChange' }]);
    expect(p.events.find((e) => e.id === 105)).toMatchObject({
      task: 105,
      opcode: 101,
      name: 'ServiceStatusChange',
      keywords: '0x10000',
    });
  });

  it('maps MOF-style type names of dumps to TDH types', async () => {
    const r = await loadManifestPath(fixture('manifests/perfview/kerneltraceeventparser.man.xml'));
    expect(errorsOf(r.diagnostics)).toEqual([]);
    const all = r.providers.flatMap((p) => p.events.flatMap((e) => e.fields));
    expect(all.find((f) => f.name === 'UserSID')?.inType).toBe('WbemSID');
  });
});

describe('text decoding', () => {
  const xml = '<?xml version="1.0"?><a>é</a>';
  const utf16 = (text: string, bigEndian: boolean, bom: boolean) => {
    const out: number[] = bom ? (bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]) : [];
    for (const c of text) {
      const code = c.charCodeAt(0);
      out.push(...(bigEndian ? [code >> 8, code & 0xff] : [code & 0xff, code >> 8]));
    }
    return Uint8Array.from(out);
  };
  it('detects UTF-16 with and without a byte-order mark, both byte orders', () => {
    for (const [bigEndian, bom] of [
      [false, true],
      [true, true],
      [false, false],
      [true, false],
    ] as const) {
      const d = decodeXmlBytes(utf16(xml, bigEndian, bom));
      expect(d.text).toBe(xml);
      expect(d.encoding).toBe(bigEndian ? 'utf-16be' : 'utf-16le');
    }
  });
  it('reads UTF-8 (with or without BOM) and declared Latin-1', () => {
    expect(decodeXmlBytes(new TextEncoder().encode(xml)).text).toBe(xml);
    expect(decodeXmlBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(xml)])).text).toBe(
      xml,
    );
    const latin1 = Uint8Array.from(
      [...'<?xml version="1.0" encoding="windows-1252"?><a>']
        .map((c) => c.charCodeAt(0))
        .concat(
          [0xe9],
          [...'</a>'].map((c) => c.charCodeAt(0)),
        ),
    );
    expect(decodeXmlBytes(latin1)).toEqual({
      text: '<?xml version="1.0" encoding="windows-1252"?><a>é</a>',
      encoding: 'latin1',
    });
  });
});

describe('element-level readers', () => {
  const ctx = () => newReadContext(new Map([['m', 'text & more']]));
  it('reads one <data>', () => {
    expect(
      readDataElement(
        element('<data name="a" inType="win:UInt32" outType="win:HexInt32" count="n" map="M"/>'),
        ctx(),
      ),
    ).toEqual({
      name: 'a',
      inType: 'UInt32',
      outType: 'HexInt32',
      count: 'n',
      map: 'M',
    });
    expect(readDataElement(element('<data name="ip" inType="win:IPAddrV4"/>'), ctx())).toEqual({
      name: 'ip',
      inType: 'UInt32',
      outType: 'IPv4',
    });
  });
  it('reads a nested <struct>', () => {
    const f = readStructElement(
      element(
        '<struct name="S" count="2"><data name="x" inType="win:Int8"/><struct name="T"><data name="y" inType="win:AnsiString"/></struct></struct>',
      ),
      ctx(),
    );
    expect(f).toEqual({
      name: 'S',
      inType: 'Struct',
      count: 2,
      fields: [
        { name: 'x', inType: 'Int8' },
        { name: 'T', inType: 'Struct', fields: [{ name: 'y', inType: 'AnsiString' }] },
      ],
    });
  });
  it('reads one <event> against a scope, reporting names it cannot resolve', () => {
    const c = ctx();
    const scope = buildProviderScope(
      {
        channels: [],
        levels: [],
        tasks: [{ name: 'T', value: 5 }],
        opcodes: [{ name: 'O', value: 20, task: 5 }],
        keywords: [{ name: 'K', mask: '0x4' }],
      },
      new Map([['tpl', [{ name: 'f', inType: 'Int32' }]]]),
    );
    const e = readEventElement(
      element(
        '<event value="7" version="1" level="win:Verbose" task="T" opcode="O" keywords="K win:AuditSuccess" template="tpl" message="$(string.m)"/>',
      ),
      scope,
      c,
    );
    expect(e).toEqual({
      id: 7,
      version: 1,
      level: 5,
      opcode: 20,
      task: 5,
      keywords: '0x20000000000004',
      name: 'T/O',
      message: 'text & more',
      template: 'tpl',
      fields: [{ name: 'f', inType: 'Int32' }],
    });
    readEventElement(element('<event value="8" task="Nope" template="missing"/>'), scope, c);
    expect(c.diagnostics.map((d) => d.code)).toEqual(['UNRESOLVED_NAME', 'UNRESOLVED_REFERENCE']);
  });
});

describe('bad input', () => {
  it('reports malformed XML with line and column, not a throw', () => {
    const r = parseManifestXml(
      '<instrumentationManifest>\n<instrumentation><events><provider name="a" guid="{x}"></events>',
      { kind: 'xml', path: 'bad.man' },
    );
    expect(r.providers).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['XML_MALFORMED', 'BAD_VALUE']);
    expect(r.diagnostics[0]).toMatchObject({ path: 'bad.man' });
    expect(r.diagnostics[0]?.message).toMatch(/line 2/);
    expect(r.diagnostics[1]?.message).toMatch(/guid="\{x\}" is not a GUID/);
  });
  it('reports a manifest cut short, with where, and keeps what came before', () => {
    const text = decodeXmlBytes(
      fixtureBytes('manifests/windows-classic-samples/AdvancedProvider.cpp.man'),
    ).text;
    const r = parseManifestXml(text.slice(0, Math.floor(text.length * 0.6)), {
      kind: 'xml',
      path: 'cut.man',
    });
    expect(r.diagnostics.map((d) => d.code)).toContain('XML_MALFORMED');
    expect(r.diagnostics.find((d) => d.code === 'XML_MALFORMED')?.message).toMatch(/line \d+/);
    expect(r.providers[0]?.name).toBe('Microsoft-Windows-SDKSample-AdvancedProvider');
  });
  it('never throws on a manifest cut anywhere or with bytes flipped', () => {
    const bytes = fixtureBytes('manifests/windows-driver-samples/osrusbfx2.man');
    for (let n = 0; n < bytes.length; n += Math.ceil(bytes.length / 97)) {
      const r = readManifestBytes(bytes.subarray(0, n), { path: 'cut' });
      expect(r.diagnostics.length, `cut at ${n}`).toBeGreaterThan(0);
    }
    for (let i = 0; i < bytes.length; i += 13) {
      const copy = bytes.slice();
      copy[i] = 0x3c; // '<'
      expect(Array.isArray(readManifestBytes(copy).providers)).toBe(true);
    }
  });
  it('reports a document that is not a manifest', () => {
    const r = parseManifestXml('<html><body/></html>', { kind: 'xml' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['NOT_A_MANIFEST']);
  });
  it('decodes entities in attribute values and string tables', () => {
    const xml = `<instrumentationManifest><instrumentation><events><provider name="A&amp;B" guid="{11111111-2222-3333-4444-555555555555}" message="$(string.s)"/></events></instrumentation>
      <localization><resources culture="de-DE"><stringTable><string id="s" value="de"/></stringTable></resources><resources culture="en-US"><stringTable><string id="s" value="x&#xA;&lt;y&gt;&#65;"/></stringTable></resources></localization></instrumentationManifest>`;
    const r = parseManifestXml(xml, { kind: 'xml' });
    expect(r.providers[0]).toMatchObject({
      name: 'A&B',
      message: 'x\n<y>A',
      guid: '11111111-2222-3333-4444-555555555555',
    });
  });
});

// SchemaRegistry: lookups (manifest by id+version, classic by opcode+version, nearest-version
// fallback), precedence between sources, naming, and learning from the stream: KernelTraceControl
// MetaData events, EventSource manifests in chunks, TraceLogging metadata (cached by its bytes).
import { describe, expect, it } from 'vitest';
import type { EventSchema, ProviderSchema, SchemaSourceKind } from '../../../electron/common/model/schema';
import { guidToBytes } from '../../../electron/core/binary/guid';
import { EventDecoder } from '../../../electron/core/decode/decoder';
import { createRegistry } from '../../../electron/core/decode/index';
import { KERNEL_TRACE_CONTROL_METADATA_GUID, SchemaRegistry } from '../../../electron/core/decode/registry';
import { ExtType } from '../../../electron/core/events/raw-event';
import { bytes } from './payload-builder';
import { classicEvent, ext, rawEvent } from './raw-events';
import { buildEventMapInfo, buildTraceEventInfo } from './tdh-builder';

const GUID = '11111111-2222-3333-4444-555555555555';

function event(
  id: number,
  version: number,
  fields: EventSchema['fields'],
  extra: Partial<EventSchema> = {},
): EventSchema {
  return { id, version, level: 4, opcode: 0, task: 0, keywords: '0x0', fields, ...extra };
}

function provider(
  events: EventSchema[],
  kind: SchemaSourceKind = 'xml',
  extra: Partial<ProviderSchema> = {},
): ProviderSchema {
  return {
    guid: GUID,
    name: 'Test-Provider',
    source: { kind },
    events,
    keywords: [],
    levels: [],
    opcodes: [],
    tasks: [],
    channels: [],
    maps: [],
    ...extra,
  };
}

const u32 = (name: string) => ({ name, inType: 'UInt32' });

describe('lookup', () => {
  const registry = new SchemaRegistry();
  registry.addProvider(
    provider([event(1, 0, [u32('v0')]), event(1, 2, [u32('v2')]), event(2, 5, [u32('only5')])]),
  );

  it('finds manifest events by id and version, falling back to the nearest version', () => {
    const name = (id: number, version: number) =>
      registry.lookup(rawEvent({ id, version }))?.schema.fields[0]?.name;
    expect(name(1, 0)).toBe('v0');
    expect(name(1, 2)).toBe('v2');
    expect(name(1, 1)).toBe('v0'); // highest at or below
    expect(name(1, 9)).toBe('v2');
    expect(name(2, 0)).toBe('only5'); // none below: lowest above
    expect(registry.lookup(rawEvent({ id: 3 }))).toBeNull();
    expect(registry.lookup(rawEvent({ providerId: '99999999-2222-3333-4444-555555555555' }))).toBeNull();
  });

  it('finds classic events by class GUID, event type and version', () => {
    const r = new SchemaRegistry();
    r.addProvider(
      provider([event(0, 2, [u32('a')], { opcode: 10 }), event(0, 3, [u32('b')], { opcode: 10 })], 'mof'),
    );
    expect(r.lookup(classicEvent(GUID, 10, new Uint8Array(0), 3))?.schema.fields[0]?.name).toBe('b');
    expect(r.lookup(classicEvent(GUID, 10, new Uint8Array(0), 4))?.schema.fields[0]?.name).toBe('b');
    expect(r.lookup(classicEvent(GUID, 11, new Uint8Array(0), 2))).toBeNull();
    // A manifest-keyed lookup of the same GUID does not see classic schemas.
    expect(r.lookup(rawEvent({ id: 0, opcode: 10, version: 2 }))).toBeNull();
  });

  it('names events by symbol, else task/opcode, else the id', () => {
    const r = new SchemaRegistry();
    r.addProvider(
      provider(
        [
          event(1, 0, [], { task: 5, opcode: 1 }),
          event(2, 0, [], { task: 5 }),
          event(3, 0, []),
          event(4, 0, [], { name: 'Sym' }),
        ],
        'xml',
        {
          tasks: [{ name: 'Load', value: 5 }],
        },
      ),
    );
    const n = (id: number) => r.lookup(rawEvent({ id }))?.name;
    expect([n(1), n(2), n(3), n(4)]).toEqual(['Load/Start', 'Load', 'Event3', 'Sym']);
    expect(r.providerName(GUID)).toBe('Test-Provider');
  });

  it('lets schemas from the capture outrank static manifests, not the other way round', () => {
    const r = new SchemaRegistry();
    r.addProvider(provider([event(1, 0, [u32('fromXml')])], 'xml'));
    r.addProvider(provider([event(1, 0, [u32('fromTrace')])], 'etl-metadata'));
    r.addProvider(provider([event(1, 0, [u32('xmlAgain')])], 'xml'));
    expect(r.lookup(rawEvent({ id: 1 }))?.schema.fields[0]?.name).toBe('fromTrace');
  });

  it('lists providers as merged schemas: events of every source, the sources, the maps', () => {
    const r = new SchemaRegistry({ builtins: false });
    r.addProvider(
      provider([event(1, 0, [u32('a')])], 'xml', { maps: [{ name: 'M', kind: 'value', entries: [] }] }),
    );
    r.addProvider(provider([event(2, 0, [u32('b')])], 'etl-metadata'));
    const [p] = r.providers();
    expect(r.providers()).toHaveLength(1);
    expect(p?.events.map((e) => e.id)).toEqual([1, 2]);
    expect(p?.sources).toEqual([{ kind: 'xml' }, { kind: 'etl-metadata' }]);
    expect(p?.maps.map((m) => m.name)).toEqual(['M']);
  });

  it('keeps the readable built-in trace header over the kernel table layout', () => {
    const header = createRegistry().lookup(
      classicEvent('68fdd900-4a3e-11d1-84f4-0000f80464e3', 0, new Uint8Array(0), 2),
    );
    expect(header?.name).toBe('EventTrace/Header');
    expect(header?.schema.fields.find((f) => f.name === 'StartTime')?.inType).toBe('FILETIME');
  });
});

describe('learning from the stream', () => {
  it('registers KernelTraceControl EventInfo and EventMapInfo, and decodes with them', () => {
    const registry = new SchemaRegistry();
    const decoder = new EventDecoder(registry);
    const info = buildTraceEventInfo({
      providerGuid: GUID,
      id: 7,
      task: 3,
      opcode: 0,
      providerName: 'Traced-Provider',
      taskName: 'Connect',
      properties: [
        { name: 'Kind', a: 8, map: 'KindMap' },
        { name: 'Host', a: 1 },
      ],
    });
    const meta = classicEvent(KERNEL_TRACE_CONTROL_METADATA_GUID, 32, info);
    expect(registry.observe(meta)).toBe(true);
    const ev = rawEvent({ id: 7, task: 3, payload: bytes().u32(2).utf16z('example.org').bytes() });
    const before = decoder.decode(ev);
    expect(before).toMatchObject({
      providerName: 'Traced-Provider',
      eventName: 'Connect',
      props: { Kind: 2, Host: 'example.org' },
      display: null,
    });
    // The map arrives after the event was first decoded: the plan is compiled again.
    const mapPayload = new Uint8Array([
      ...guidToBytes(GUID),
      ...buildEventMapInfo({ name: 'KindMap', flag: 1, entries: [{ value: 2, text: 'Tcp' }] }),
    ]);
    expect(registry.observe(classicEvent(KERNEL_TRACE_CONTROL_METADATA_GUID, 33, mapPayload))).toBe(true);
    expect(decoder.decode(ev).display).toEqual({ Kind: 'Tcp' });
    expect(registry.diagnostics).toEqual([]);
  });

  it('registers WBEM (MOF) metadata as a classic class keyed by the event GUID', () => {
    const registry = new SchemaRegistry();
    const classGuid = '90cbdc39-4a3e-11d1-84f4-0000f80464e3';
    const info = buildTraceEventInfo({
      eventGuid: classGuid,
      opcode: 64,
      version: 2,
      decodingSource: 1,
      taskName: 'FileIo',
      opcodeName: 'Create',
      properties: [{ name: 'IrpPtr', a: 16 }],
    });
    registry.observe(classicEvent(KERNEL_TRACE_CONTROL_METADATA_GUID, 32, info));
    const entry = registry.lookup(classicEvent(classGuid, 64, new Uint8Array(0), 2));
    expect(entry?.name).toBe('FileIo/Create');
    expect(entry?.schema.fields).toEqual([{ name: 'IrpPtr', inType: 'Pointer' }]);
  });

  it('reports bad metadata blobs as diagnostics', () => {
    const registry = new SchemaRegistry();
    registry.observe(classicEvent(KERNEL_TRACE_CONTROL_METADATA_GUID, 32, new Uint8Array(10)));
    registry.observe(classicEvent(KERNEL_TRACE_CONTROL_METADATA_GUID, 33, new Uint8Array(4)));
    expect(registry.diagnostics.map((d) => d.code)).toEqual(['TRUNCATED', 'TRUNCATED']);
  });

  it('assembles an EventSource manifest from its chunks, then decodes the provider events', () => {
    const xml = `<instrumentationManifest xmlns="http://schemas.microsoft.com/win/2004/08/events">
 <instrumentation xmlns:win="http://manifests.microsoft.com/win/2004/08/windows/events">
  <events>
   <provider name="My-EventSource" guid="{${GUID}}" symbol="MyEventSource">
    <tasks><task name="Work" value="65533"/></tasks>
    <templates><template tid="WorkArgs"><data name="Item" inType="win:UnicodeString"/><data name="Count" inType="win:Int32"/></template></templates>
    <events><event value="1" version="0" level="win:Informational" task="Work" template="WorkArgs"/></events>
   </provider>
  </events>
 </instrumentation>
</instrumentationManifest>`;
    const text = new TextEncoder().encode(xml);
    const half = Math.floor(text.length / 2);
    const chunk = (n: number, part: Uint8Array) =>
      rawEvent({
        id: 0xfffe,
        opcode: 0xfe,
        task: 0xfffe,
        version: 1,
        payload: new Uint8Array([1, 1, 0, 0x5b, 2, 0, n, 0, ...part]),
      });
    const registry = new SchemaRegistry();
    const decoder = new EventDecoder(registry);
    const first = decoder.decode(chunk(0, text.subarray(0, half)));
    expect(first.eventName).toBe('ManifestData');
    expect(first.props).toEqual({
      Format: 1,
      MajorVersion: 1,
      MinorVersion: 0,
      Magic: 0x5b,
      TotalChunks: 2,
      ChunkNumber: 0,
    });
    const work = rawEvent({ id: 1, task: 65533, payload: bytes().utf16z('job').u32(3).bytes() });
    expect(decoder.decode(work).entry).toBeNull();
    decoder.decode(chunk(1, text.subarray(half)));
    expect(decoder.decode(work)).toMatchObject({
      providerName: 'My-EventSource',
      eventName: 'Work',
      props: { Item: 'job', Count: 3 },
    });
    expect(registry.diagnostics).toEqual([]);
  });

  it('reports a ManifestData envelope it cannot read', () => {
    const registry = new SchemaRegistry();
    registry.observe(
      rawEvent({ id: 0xfffe, opcode: 0xfe, payload: new Uint8Array([1, 1, 0, 0x00, 1, 0, 0, 0]) }),
    );
    registry.observe(
      rawEvent({ id: 0xfffe, opcode: 0xfe, payload: new Uint8Array([1, 1, 0, 0x5b, 1, 0, 5, 0]) }),
    );
    expect(registry.diagnostics.map((d) => d.message)).toEqual([
      `${GUID}: ManifestData envelope has format 1 / magic 0x0 (expected 1 / 0x5b)`,
      `${GUID}: ManifestData chunk 5 of 1 is out of range`,
    ]);
  });
});

describe('TraceLogging', () => {
  const traits = new Uint8Array([...[0, 0], ...new TextEncoder().encode('My.Provider'), 0]);
  traits[0] = traits.length;
  const meta = (name: string) => {
    const body = [0, ...new TextEncoder().encode(name), 0, ...new TextEncoder().encode('x'), 0, 8];
    return new Uint8Array([body.length + 2, 0, ...body]);
  };

  it('parses the metadata once per distinct blob and names the provider from its traits', () => {
    const registry = new SchemaRegistry();
    const a1 = rawEvent({
      id: 0,
      channel: 11,
      ext: [ext(ExtType.ProvTraits, traits), ext(ExtType.EventSchemaTl, meta('A'))],
    });
    const a2 = rawEvent({
      id: 0,
      channel: 11,
      ext: [ext(ExtType.ProvTraits, traits), ext(ExtType.EventSchemaTl, meta('A'))],
    });
    const b = rawEvent({
      id: 0,
      channel: 11,
      ext: [ext(ExtType.ProvTraits, traits), ext(ExtType.EventSchemaTl, meta('B'))],
    });
    const ea = registry.lookupTraceLogging(a1, meta('A'));
    expect(registry.lookupTraceLogging(a2, meta('A'))).toBe(ea);
    expect(registry.lookupTraceLogging(b, meta('B'))).not.toBe(ea);
    expect(ea?.name).toBe('A');
    expect(ea?.provider.name).toBe('My.Provider');
    const decoder = new EventDecoder(registry);
    expect(decoder.decode(rawEvent({ ...b, payload: bytes().u32(42).bytes() }))).toMatchObject({
      providerName: 'My.Provider',
      eventName: 'B',
      props: { x: 42 },
    });
  });

  it('reports bad metadata and leaves the event undecoded', () => {
    const registry = new SchemaRegistry();
    const bad = new Uint8Array([40, 0, 0]);
    expect(registry.lookupTraceLogging(rawEvent(), bad)).toBeNull();
    expect(registry.diagnostics[0]?.code).toBe('BAD_TRACELOGGING_METADATA');
  });
});

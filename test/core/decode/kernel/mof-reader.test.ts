// MOF reader and MOF-to-schema conversion on the real MOFs PerfView ships (kernel, ASP.NET, IIS), plus
// bad input: syntax errors, truncation and mangling give diagnostics with line/column, never a throw.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMof } from '../../../../electron/core/decode/kernel/mof-reader';
import { mofToProviders } from '../../../../electron/core/decode/kernel/mof-schema';

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures/manifests/perfview');
const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

describe('readMof on the kernel MOF (kerneltraceeventparser.mof)', () => {
  const text = read('kerneltraceeventparser.mof');
  const doc = readMof(text, 'kerneltraceeventparser.mof');

  it('reads every class without a diagnostic', () => {
    expect(doc.diagnostics).toEqual([]);
    // One class per "class X" line in the file.
    expect(doc.classes).toHaveLength(text.match(/^class /gm)?.length ?? -1);
    expect(doc.classes).toHaveLength(173);
  });

  it('keeps qualifiers, inheritance and property order', () => {
    const p = doc.classes.find((c) => c.name === 'Process_TypeGroup1');
    expect(p?.superclass).toBe('Process');
    expect(p?.qualifiers['eventtype']).toEqual([1, 2, 3, 4, 39]);
    expect(p?.qualifiers['eventtypename']).toEqual(['Start', 'End', 'DCStart', 'DCEnd', 'Defunct']);
    expect(p?.properties.map((x) => x.name)).toEqual([
      'UniqueProcessKey',
      'ProcessId',
      'ParentId',
      'SessionId',
      'ExitStatus',
      'UserSID',
      'ImageFileName',
      'CommandLine',
    ]);
    expect(p?.properties[0]?.qualifiers['pointer']).toBe(true);
    expect(p?.properties[5]).toMatchObject({ type: 'object', qualifiers: { extension: 'Sid' } });
    expect(p?.properties[7]?.qualifiers).toMatchObject({ stringtermination: 'NullTerminated', format: 'w' });
    const header = doc.classes.find((c) => c.name === 'EventTrace_Header');
    expect(header?.properties.find((x) => x.name === 'TimeZoneInformation')).toMatchObject({
      type: 'uint8',
      array: 176,
    });
    const sys = doc.classes.find((c) => c.name === 'MSNT_SystemTrace');
    expect(sys?.qualifiers['guid']).toBe('{9e814aad-3204-11d2-9a82-006008a86939}');
    // Flags has a 21-entry ValueMap; a string list with escaped backslashes elsewhere must not derail it.
    expect((sys?.properties[0]?.qualifiers['valuemap'] as unknown[]).length).toBe(21);
  });
});

describe('mofToProviders', () => {
  const { providers, diagnostics } = mofToProviders(readMof(read('kerneltraceeventparser.mof')), {
    unversionedClassVersion: 2,
  });

  it('makes one provider per event class GUID with EventType x EventVersion events', () => {
    expect(diagnostics).toEqual([]);
    const process = providers.find((p) => p.guid === '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c');
    expect(process?.name).toBe('MSNT_SystemTrace');
    expect(process?.tasks).toEqual([
      { name: 'Process', value: 0, eventGuid: '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c' },
    ]);
    expect(process?.events.map((e) => `${e.opcode}v${e.version}`).sort()).toEqual(
      [
        '1v0',
        '2v0',
        '3v0',
        '4v0',
        '1v1',
        '2v1',
        '3v1',
        '4v1',
        '1v2',
        '2v2',
        '3v2',
        '4v2',
        '39v2',
        '32v2',
        '33v2',
      ].sort(),
    );
    const v0 = process?.events.find((e) => e.opcode === 1 && e.version === 0);
    expect(v0).toMatchObject({ id: 0, name: 'Process/Start', template: 'Process_V0_TypeGroup1' });
    expect(v0?.fields).toEqual([
      { name: 'ProcessId', inType: 'Pointer' },
      { name: 'ParentId', inType: 'Pointer' },
      { name: 'UserSID', inType: 'WbemSID' },
      { name: 'ImageFileName', inType: 'AnsiString' },
    ]);
  });

  it('maps MOF extensions and qualifiers to TDH types', () => {
    const field = (guid: string, type: number, version: number, name: string) =>
      providers
        .find((p) => p.guid === guid)
        ?.events.find((e) => e.opcode === type && e.version === version)
        ?.fields.find((f) => f.name === name);
    const tcp = '9a280ac0-c8e0-11d1-84e2-00c04fb998a2';
    expect(field(tcp, 10, 2, 'daddr')).toEqual({ name: 'daddr', inType: 'UInt32', outType: 'IPv4' });
    expect(field(tcp, 26, 2, 'saddr')).toEqual({
      name: 'saddr',
      inType: 'Binary',
      outType: 'IPv6',
      length: 16,
    });
    expect(field(tcp, 10, 2, 'dport')).toEqual({ name: 'dport', inType: 'UInt16', outType: 'Port' });
    const cfg = '01853a65-418f-4f36-aefc-dc0f1d2fd235';
    expect(field(cfg, 10, 2, 'DomainName')).toEqual({
      name: 'DomainName',
      inType: 'UnicodeString',
      length: 134,
    });
    expect(field(cfg, 10, 0, 'DomainName')).toEqual({
      name: 'DomainName',
      inType: 'UnicodeString',
      length: 132,
    });
    const proc = '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c';
    expect(field(proc, 32, 2, 'PeakVirtualSize')).toEqual({ name: 'PeakVirtualSize', inType: 'Pointer' });
    expect(field(proc, 1, 1, 'ProcessId')).toEqual({
      name: 'ProcessId',
      inType: 'UInt32',
      outType: 'HexInt32',
    });
    const header = field('68fdd900-4a3e-11d1-84f4-0000f80464e3', 0, 2, 'TimeZoneInformation');
    expect(header).toEqual({ name: 'TimeZoneInformation', inType: 'UInt8', count: 176 });
  });

  it('reads the ASP.NET and IIS MOFs too (user-mode MOF providers)', () => {
    for (const name of ['ASPNetTraceEventParser.mof', 'w3core.mof']) {
      const doc = readMof(read(name), name);
      expect(doc.diagnostics, name).toEqual([]);
      const result = mofToProviders(doc, { path: name });
      expect(result.providers.length, name).toBeGreaterThan(0);
      for (const p of result.providers) {
        expect(p.source).toEqual({ kind: 'mof', path: name });
        for (const e of p.events)
          expect(
            e.fields.every((f) => f.name && f.inType),
            `${name} ${e.name}`,
          ).toBe(true);
      }
    }
  });
});

describe('readMof on bad input', () => {
  it('reports where the syntax breaks and keeps the classes around it', () => {
    const text = [
      '[Dynamic, Guid("{11111111-2222-3333-4444-555555555555}")] class A : EventTrace {};',
      '[EventType(1)] class B : A { [WmiDataId(1)] uint32 X; [WmiDataId(2) uint32 Y; };',
      '[EventType(2), EventTypeName("Two")] class C : A { [WmiDataId(1), pointer] uint32 P; };',
    ].join('\n');
    const doc = readMof(text, 'bad.mof');
    expect(doc.classes.map((c) => c.name)).toEqual(['A', 'C']);
    expect(doc.diagnostics).toHaveLength(1);
    expect(doc.diagnostics[0]).toMatchObject({ path: 'bad.mof', code: 'MOF_SYNTAX' });
    expect(doc.diagnostics[0]?.message).toMatch(/^line 2 column \d+: expected/);
    const { providers } = mofToProviders(doc);
    expect(providers[0]?.events).toEqual([
      expect.objectContaining({
        opcode: 2,
        version: 0,
        name: 'A/Two',
        fields: [{ name: 'P', inType: 'Pointer' }],
      }),
    ]);
  });

  it('never throws on truncated or mangled kernel MOF text', () => {
    const text = read('kerneltraceeventparser.mof');
    const cuts = [1, 17, 500, 4097, 33333, 90000, text.length - 3];
    for (const cut of cuts) {
      const doc = readMof(text.slice(0, cut));
      expect(Array.isArray(doc.classes)).toBe(true);
    }
    const truncated = readMof(text.slice(0, 90000));
    expect(truncated.diagnostics.length).toBeGreaterThan(0);
    // Flip characters through the file: the reader reports, skips and goes on.
    const chars = text.split('');
    for (let i = 1000; i < chars.length; i += 7919)
      chars[i] = ['"', '{', '@', '}', ';', '['][i % 6] as string;
    const mangled = readMof(chars.join(''));
    expect(mangled.classes.length).toBeGreaterThan(100);
    expect(mangled.diagnostics.length).toBeGreaterThan(0);
    expect(() => mofToProviders(mangled)).not.toThrow();
  });

  it('reports unknown types and extensions instead of guessing', () => {
    const doc = readMof(
      '[Guid("{11111111-2222-3333-4444-555555555555}")] class A : EventTrace {};\n' +
        '[EventType(1)] class B : A { [WmiDataId(1), extension("Bogus")] object X; [WmiDataId(2)] weird Y; };',
    );
    const { providers, diagnostics } = mofToProviders(doc);
    expect(diagnostics.map((d) => d.code)).toEqual(['MOF_PROPERTY', 'MOF_PROPERTY', 'MOF_PROPERTY']);
    expect(providers[0]?.events[0]?.fields).toEqual([]);
  });
});

// `etwx manifest` through runCli: text summary, the JSON model (TDH type names), manifest XML that
// reads back to the same model, lookup by GUID/name, and errors for unknown or ambiguous names.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/etwx';
import type { CliIo } from '../../electron/cli/io';
import type { ProviderSchema } from '../../electron/common/model/schema';
import { parseManifestXml } from '../../electron/core/manifest/xml-reader';
import { fixture } from '../core/manifest/fixtures';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const ADVANCED = fixture('manifests/windows-classic-samples/AdvancedProvider.cpp.man');

describe('etwx manifest', () => {
  it('prints a readable summary', async () => {
    const r = await run(['manifest', 'Microsoft-Windows-SDKSample-AdvancedProvider', '--source', ADVANCED]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(
      /^provider {2}Microsoft-Windows-SDKSample-AdvancedProvider {2}\{21a9201e-73b0-43fe-9821-7e159a59bc70\}$/m,
    );
    expect(r.out).toMatch(/^ {2}0x20 {2}ResourceLimit$/m);
    expect(r.out).toMatch(/^ {2}VMap \(value\): 1=OK, 2=BAD, 3=GOOD$/m);
    expect(r.out).toMatch(
      /^ {2}102 v2 {2}SampleEvt_INT8_V2 {2}level 1, task 103, opcode 14, keywords 0x8000000000000000, channel 8$/m,
    );
    expect(r.out).toMatch(
      /^ {6}Prop_ParamCount_ParamLength_Binary: Binary\[Prop_ParamCount_ParamLength_Binary_Count\] {2}\(length=Prop_ParamCount_ParamLength_Binary_Length\)$/m,
    );
  });

  it('prints the schema model as JSON with TDH type names', async () => {
    const r = await run(['manifest', '21A9201E-73B0-43FE-9821-7E159A59BC70', '--source', ADVANCED, '--json']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out) as ProviderSchema;
    expect(p.name).toBe('Microsoft-Windows-SDKSample-AdvancedProvider');
    const fields = p.events.flatMap((e) => e.fields);
    expect(fields.find((f) => f.name === 'Prop_UnicodeString')).toEqual({
      name: 'Prop_UnicodeString',
      inType: 'UnicodeString',
    });
    expect(fields.find((f) => f.name === 'Prop_Int32_HResult')).toEqual({
      name: 'Prop_Int32_HResult',
      inType: 'Int32',
      outType: 'HResult',
    });
    expect(JSON.stringify(p)).not.toContain('win:UnicodeString');
  });

  it('prints manifest XML that reads back to the same model', async () => {
    const json = JSON.parse(
      (
        await run([
          'manifest',
          'Microsoft-Windows-SDKSample-AdvancedProvider',
          '--source',
          ADVANCED,
          '--json',
        ])
      ).out,
    ) as ProviderSchema;
    const r = await run([
      'manifest',
      'Microsoft-Windows-SDKSample-AdvancedProvider',
      '--source',
      ADVANCED,
      '--xml',
    ]);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const back = parseManifestXml(r.out, { kind: 'xml' });
    expect(back.diagnostics).toEqual([]);
    const { source: _a, sources: _b, ...expected } = json;
    const { source: _c, sources: _d, ...actual } = back.providers[0] as ProviderSchema;
    expect(actual).toEqual(expected);
  });

  it('shows a binary manifest merged with its XML by GUID', async () => {
    const r = await run([
      'manifest',
      'cdd5f0cc-ab0c-4abe-97b2-cc82b7e68f30',
      '--source',
      fixture('wevt/sealighter'),
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^source {4}xml {2}.*sealighter_provider\.man$/m);
    expect(r.out).toMatch(/^source {4}wevt {2}.*sealighter_providerTEMP\.BIN$/m);
    expect(r.out).toMatch(/^ {6}json: AnsiString {2}\(out=Json\)$/m);
  });

  it('explains unknown and ambiguous names', async () => {
    const unknown = await run(['manifest', 'Nope', '--source', ADVANCED]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no provider "Nope" in the given sources \(1 providers\)/);
    const ambiguous = await run([
      'manifest',
      'SDKSample',
      '--source',
      fixture('manifests/windows-classic-samples'),
    ]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.err).toMatch(/matches several providers/);
    expect(ambiguous.err).toMatch(
      /21a9201e-73b0-43fe-9821-7e159a59bc72 {2}Microsoft-Windows-SDKSample-AdvancedProvider-CS/,
    );
  });

  it('needs a source off Windows, one name, and not both --json and --xml', async () => {
    const none = await run(['manifest', 'x']);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/only be read on Windows/);
    expect((await run(['manifest', '--source', ADVANCED])).code).toBe(2);
    const both = await run(['manifest', 'x', '--json', '--xml', '--source', ADVANCED]);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/exclude each other/);
  });
});

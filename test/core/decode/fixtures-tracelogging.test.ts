// Golden tests for TraceLogging (self-describing) events in real captures: AMSI script scans (with the
// UInt16 variable-count "Raw Script" field shown as text), WSL lxcore breakpoints, and a .NET
// EventSource event whose field is a struct.
import { describe, expect, it } from 'vitest';
import { decodeCapture } from './support';

describe('TraceLogging captures', () => {
  it('AMSITrace.etl: 19 AmsiScript events with engine, script and the Vcount raw script', () => {
    const { rows, decoder } = decodeCapture('etl/airbus/AMSITrace.etl');
    const amsi = rows.filter((r) => r.json.provider.name === 'AmsiTrace');
    expect(amsi).toHaveLength(19);
    expect(decoder.registry.diagnostics).toEqual([]);
    for (const a of amsi) {
      expect(a.json.event.name).toBe('AmsiScript');
      expect(a.json.decodeError).toBeUndefined();
      expect(Object.keys(a.json.props)).toEqual(['Engine', 'Script', 'Raw Script']);
      // Raw Script is a u16 count then that many UTF-16 units: the same text as Script.
      const count = new DataView(a.payload.buffer, a.payload.byteOffset).getUint16(
        a.payload.length - 2 - 2 * String(a.json.props['Raw Script']).length,
        true,
      );
      expect(count).toBeGreaterThanOrEqual(String(a.json.props['Raw Script']).length);
      expect(a.json.props['Raw Script']).toBe(a.json.props.Script);
    }
    expect(amsi[0]?.json.props.Engine).toBe('VBScript');
    expect(amsi[0]?.json.props.Script).toContain('powershell.exe -nop -w 1 -enc');
    expect(amsi[1]?.json.props).toMatchObject({ Script: 'Get-Alias' });
  });

  it('lxcore_kernel.etl: two BreakPoint events', () => {
    const { rows } = decodeCapture('etl/airbus/lxcore_kernel.etl');
    const bp = rows.filter((r) => r.json.event.name === 'BreakPoint');
    expect(bp).toHaveLength(2);
    expect(bp[0]?.json.provider.name).toBe('Microsoft.Windows.Subsystem.LxCore');
    expect(bp[0]?.json.props).toEqual({
      ErrorLevel: 2,
      instanceId: '00000000-0000-0000-0000-000000000000',
      LxPid: -1,
      LxTid: -1,
      LxNs: 0,
      ExecutablePath: '',
      Function: 'LxpDrvFsTypeMount',
      Line: 10528,
      Message: 'Failed to open volume C:\\WINDOWS\\system32\\lxss\\tools, result -2\n',
    });
    expect(bp[1]?.json.props).toMatchObject({ Function: 'LxpInstanceStart', Line: 2659 });
  });

  it('SelfDescribingSingleEvent.etl: a struct field', () => {
    const { rows } = decodeCapture('etl/perfview/SelfDescribingSingleEvent.etl');
    const e = rows.find((r) => r.json.provider.name === 'MySource');
    expect(e?.json.event.name).toBe('TestEvent');
    expect(e?.json.props).toEqual({ a: { b: 'Hello', c: 'World!' } });
  });
});

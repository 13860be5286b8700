// Golden tests on the Windows 7 logman captures of microsoft/Tx, decoded with the reconstructed
// Windows 7 manifests (shared/fixtures/manifests/windows7-dump): every event gets a schema, and the
// values agree with the payload bytes read independently here and with what the events mean
// (process start logged by the parent, page-aligned image sizes...). BondEtwSample carries its own
// EventSource manifest (event 0xFFFE), which must be learnt and used for the events after it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProviderSchema } from '../../../electron/common/model/schema';
import { decodeCapture, loadManifests, type DecodedRow } from './support';

let windows7: ProviderSchema[] = [];
beforeAll(async () => {
  windows7 = await loadManifests('manifests/windows7-dump');
});

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const named = (rows: DecodedRow[], name: string) => rows.filter((r) => r.json.event.name === name);

describe('tx/KernelNetwork.etl with the Windows 7 manifests', () => {
  let rows: DecodedRow[];
  beforeAll(() => {
    rows = decodeCapture('etl/tx/KernelNetwork.etl', windows7).rows;
  });

  it('gives every event a schema and decodes all of them fully', () => {
    expect(rows).toHaveLength(8924);
    expect(rows[0]?.json.event.name).toBe('EventTrace/Header');
    expect(rows.filter((r) => r.json.raw !== undefined)).toEqual([]);
    expect(rows.filter((r) => r.json.decodeError !== undefined)).toEqual([]);
    expect(new Set(rows.slice(1).map((r) => r.json.provider.name))).toEqual(
      new Set(['Microsoft-Windows-Kernel-Network']),
    );
  });

  it('reads the IPv4 TCP/UDP fields where the payload has them', () => {
    const v4 = rows.filter((r) => [10, 11, 42, 43].includes(r.json.event.id));
    expect(v4.length).toBeGreaterThan(8000);
    for (const r of v4) {
      const d = view(r.payload);
      const p = r.json.props;
      expect(p.PID).toBe(d.getUint32(0, true));
      expect(p.size).toBe(d.getUint32(4, true));
      expect(p.daddr).toBe(d.getUint32(8, true));
      expect(p.saddr).toBe(d.getUint32(12, true));
      expect(p.dport).toBe(d.getUint16(16, true));
      expect(p.sport).toBe(d.getUint16(18, true));
    }
    const sent = named(rows, 'KERNEL_NETWORK_TASK_TCPIPDatasent.')[0];
    expect(sent?.json.props).toMatchObject({ PID: 2716, size: 77, startime: 2961392, endtime: 2961393 });
  });
});

describe('tx/Process.etl with the Windows 7 manifests', () => {
  let rows: DecodedRow[];
  beforeAll(() => {
    rows = decodeCapture('etl/tx/Process.etl', windows7).rows;
  });

  it('gives every event a schema and decodes all of them fully', () => {
    expect(rows).toHaveLength(10344);
    expect(rows.filter((r) => r.json.raw !== undefined)).toEqual([]);
    expect(rows.filter((r) => r.json.decodeError !== undefined)).toEqual([]);
  });

  it('decodes process starts as their parent logs them', () => {
    const starts = named(rows, 'ProcessStart');
    expect(starts).toHaveLength(4);
    for (const s of starts) {
      expect(s.json.props.ParentProcessID).toBe(s.json.pid);
      expect(String(s.json.props.ImageName)).toMatch(/\\[^\\]+\.exe$/i);
      // CreateTime (a FILETIME) is within a second of the event's own timestamp.
      expect(Math.abs(Date.parse(String(s.json.props.CreateTime)) - Date.parse(s.json.ts))).toBeLessThan(
        1000,
      );
    }
    expect(starts[0]?.json.props).toMatchObject({ ProcessID: 5864, ParentProcessID: 3324, SessionID: 1 });
  });

  it('decodes image loads with page-aligned sizes and 64 KB-aligned bases', () => {
    const loads = named(rows, 'ImageLoad');
    expect(loads).toHaveLength(1115);
    for (const l of loads) {
      const size = BigInt(l.json.props.ImageSize as number | string);
      const base = BigInt(l.json.props.ImageBase as number | string);
      expect(size % 4096n).toBe(0n);
      expect(base % 65536n).toBe(0n);
      expect(l.json.display?.ImageBase).toBe('0x' + base.toString(16));
      expect(String(l.json.props.ImageName)).toMatch(/^\\.*\.[A-Za-z0-9]{1,5}$/);
    }
  });

  it('decodes thread starts with kernel stack pointers beyond 2^53 as decimal strings', () => {
    const starts = named(rows, 'ThreadStart_V1');
    expect(starts.length).toBe(287);
    const first = starts[0]?.json;
    expect(first?.props.StackBase).toBe(BigInt('0xfffff88008135000').toString());
    expect(first?.display?.StackBase).toBe('0xfffff88008135000');
  });
});

describe('tx/BondEtwSample.etl (EventSource manifest in the stream)', () => {
  it('learns the manifest from event 0xFFFE and decodes the events after it', () => {
    const { rows, decoder } = decodeCapture('etl/tx/BondEtwSample.etl');
    expect(decoder.registry.diagnostics).toEqual([]);
    const events = rows.slice(1);
    expect(events).toHaveLength(12);
    expect(events[0]?.json.event).toMatchObject({ id: 0xfffe, name: 'ManifestData' });
    expect(events[0]?.json.props).toEqual({
      Format: 1,
      MajorVersion: 1,
      MinorVersion: 0,
      Magic: 0x5b,
      TotalChunks: 1,
      ChunkNumber: 0,
    });
    for (const e of events) {
      expect(e.json.provider.name).toBe('MSOpenTech-Tx-BinaryEventSource');
      expect(e.json.raw).toBeUndefined();
    }
    const binary = events.filter((e) => e.json.event.name === 'WriteBinaryPayload');
    expect(binary.length).toBeGreaterThan(5);
    for (const b of binary) {
      expect(b.json.props.eventPayloadLength).toBe(b.json.props.eventPayloadSize);
      expect(String(b.json.props.eventPayload)).toHaveLength(2 * (b.json.props.eventPayloadSize as number));
      expect(b.json.props.inputProtocol).toBe('BOND_V1');
    }
  });
});

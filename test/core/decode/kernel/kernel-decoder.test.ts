// The kernel tables through the production decoder (electron/core/decode createDecoder, which loads
// kernelProviders()): classic events of real captures decode completely, with the values that the
// independent sources give (syzygy's expected-data file, TraceEvent's dump of the perfview capture).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDecoder } from '../../../../electron/core/decode';
import { RecordKind } from '../../../../electron/core/events/raw-event';
import { openFileSource } from '../../../../electron/core/etl/file-source.node';
import { openEtl } from '../../../../electron/core/etl/reader';

const ETL = path.resolve(__dirname, '../../../../../shared/fixtures/etl');

describe('kernel tables in the decoder', () => {
  it('decode every kernel event of the airbus capture without an error', () => {
    const decoder = createDecoder();
    const reader = openEtl(openFileSource(path.join(ETL, 'airbus/ShutdownPerfDiagLogger.etl')));
    const problems: string[] = [];
    let decoded = 0;
    let threadNames = 0;
    for (const raw of reader.eventsInFileOrder()) {
      if (raw.kind === RecordKind.EventHeader) continue;
      const d = decoder.decode(raw);
      decoded++;
      if (!d.entry || d.error) problems.push(`${d.eventName}: ${d.error ?? 'no schema'}`);
      if (
        d.eventName === 'Thread/DCStart' &&
        typeof d.props.ThreadName === 'string' &&
        d.props.ThreadName !== ''
      )
        threadNames++;
    }
    reader.close();
    expect(decoded).toBe(17078);
    expect(problems.slice(0, 5)).toEqual([]);
    expect(threadNames).toBeGreaterThan(0);
  });

  it('decode the syzygy version 2 image rundown with the expected names and sizes', () => {
    const decoder = createDecoder();
    const reader = openEtl(openFileSource(path.join(ETL, 'syzygy/image_data_32_v2.etl')));
    const rundown = [...reader.eventsInFileOrder()]
      .map((raw) => decoder.decode(raw))
      .filter((d) => d.eventName === 'Image/DCStart');
    reader.close();
    expect(rundown).toHaveLength(24);
    expect(rundown[0]?.props).toMatchObject({
      ImageBase: 0x01160000,
      ImageSize: 0x0019e000,
      ImageChecksum: 0x4ba26867,
      TimeDateStamp: 0xcafebabe,
      FileName: 'C:\\code\\sawbuck\\src\\sawbuck\\Debug\\test_program.exe',
    });
    expect(rundown[23]?.props.FileName).toMatch(/\\comctl32\.dll$/);
    expect(rundown.every((d) => d.error === null && /^C:\\/.test(String(d.props.FileName)))).toBe(true);
  });

  it('decode stacks to the end of the payload and pointer-sized connection ids (perfview capture)', () => {
    const decoder = createDecoder();
    const reader = openEtl(openFileSource(path.join(ETL, 'perfview/net.4.5.2.x86.etl.zip')));
    let stack: Record<string, unknown> | undefined;
    let send: Record<string, unknown> | undefined;
    for (const raw of reader.eventsInFileOrder()) {
      if (raw.kind === RecordKind.EventHeader) continue;
      const d = decoder.decode(raw);
      if (d.eventName === 'StackWalk/Stack' && !stack) {
        expect(d.error).toBeNull();
        stack = { ...d.props, frames: (raw.payload.length - 16) / raw.pointerSize };
      }
      if (d.eventName === 'TcpIp/Send' && d.props.size === 221) {
        expect(d.error).toBeNull();
        send = d.props;
      }
      if (stack && send) break;
    }
    reader.close();
    expect(Array.isArray(stack?.Stack) && (stack.Stack as unknown[]).length).toBe(stack?.frames);
    // TraceEvent: size=221; daddr=10.128.0.77; saddr=10.128.0.55; dport=60,841; sport=2,869.
    expect(send).toMatchObject({
      daddr: '10.128.0.77',
      saddr: '10.128.0.55',
      dport: 60841,
      sport: 2869,
      startime: 1584,
      connid: 0,
    });
  });
});

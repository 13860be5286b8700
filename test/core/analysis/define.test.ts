// Analyzer.define() — the process-table half of observe(), run ahead of it so a capture filter can
// read an event's process before the store numbers the event — changes nothing about the result:
// an Analyzer fed define()+observe() for every event ends with the same processes, summaries and
// alerts as one fed observe() alone (the demo capture: processes, threads, images, network, DNS,
// WMI, PowerShell and its alerts; the classic kernel ShutdownPerfDiagLogger.etl; a built classic
// stream with a remote thread and an encoded PowerShell command line), and define() returns the
// process observe() then returns.
import { describe, expect, it } from 'vitest';
import { createDecoder, type DecodedEvent } from '../../../electron/core/decode/index';
import { generateDemo } from '../../../electron/core/demo/index';
import { bytesSource } from '../../../electron/core/etl/byte-source';
import { openFileSource } from '../../../electron/core/etl/file-source.node.js';
import { openEtl, type EtlReader } from '../../../electron/core/etl/reader';
import type { RawEvent } from '../../../electron/core/events/raw-event';
import { memorySink } from '../../../electron/core/export/index';
import { Analyzer } from '../../../electron/core/summary/index';
import { etlPath } from '../pipeline/fixtures';
import { SECOND, Stream } from '../summary/builders';

type Fed = Array<[RawEvent, DecodedEvent]>;

/** Every event of a capture with its decoding (payloads copied), schemas learned in stream order. */
function eventsOf(reader: EtlReader): Fed {
  const decoder = createDecoder();
  const out: Fed = [];
  for (const raw of reader.events()) {
    decoder.registry.observe(raw);
    const copy = {
      ...raw,
      payload: raw.payload.slice(),
      ext: raw.ext.map((x) => ({ ...x, data: x.data.slice() })),
    };
    out.push([copy, decoder.decodeKnown(copy)]);
  }
  reader.close();
  return out;
}

/** What an Analyzer ends with, as JSON: processes, every process's summary, alerts. */
function outcome(a: Analyzer): string {
  const processes = a.processes();
  return JSON.stringify({
    processes,
    summaries: processes.map((p) => a.summary(p.key)),
    alerts: a.alerts(),
    tree: a.processTree(),
  });
}

function expectSameOutcome(events: Fed): Analyzer {
  const plain = new Analyzer({ startFileTime: 0n });
  const split = new Analyzer({ startFileTime: 0n });
  let differ = 0;
  events.forEach(([raw, decoded], seq) => {
    const owner = plain.observe(raw, decoded, seq);
    const defined = split.define(raw, decoded);
    const observed = split.observe(raw, decoded, seq);
    if (defined !== observed || defined?.key !== owner?.key) differ++;
  });
  plain.finish();
  split.finish();
  expect(differ).toBe(0);
  expect(outcome(split)).toBe(outcome(plain));
  return split;
}

describe('Analyzer.define then observe is observe', () => {
  it('on the demo capture, alerts included', () => {
    const sink = memorySink();
    generateDemo(sink);
    const a = expectSameOutcome(eventsOf(openEtl(bytesSource('demo.etl', sink.bytes()))));
    expect(a.alerts().length).toBeGreaterThan(3);
    expect(a.table.records.length).toBeGreaterThan(20);
  });

  it('on the classic kernel ShutdownPerfDiagLogger.etl', () => {
    const a = expectSameOutcome(
      eventsOf(openEtl(openFileSource(etlPath('airbus/ShutdownPerfDiagLogger.etl')))),
    );
    expect(a.table.records.length).toBeGreaterThan(90);
  });

  it('on classic process and thread starts: a remote thread and an encoded PowerShell command line', () => {
    const s = new Stream();
    s.classicProcess(0, 3, 600, 4, 'explorer.exe', 'C:\\Windows\\explorer.exe');
    s.classicProcess(SECOND, 1, 700, 600, 'powershell.exe', 'powershell.exe -enc SQBFAFgA', 600);
    s.classicThreadStart(2 * SECOND, 700, 600, 7004);
    s.tcp(3 * SECOND, 'connect', 700, 0, [198, 51, 100, 7], 443);
    const a = expectSameOutcome(s.events);
    expect(a.alerts().length).toBeGreaterThan(0);
    expect(a.processOf(700, 2 * SECOND)?.startSeq).toBe(1);
  });
});

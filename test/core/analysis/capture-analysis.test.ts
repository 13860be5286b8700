// CaptureAnalysis decodes only what its Analyzer reads: the properties of events of providers it has
// no handler for (here the HttpService events of tx/HTTP_Server.etl) stay undecoded, whether an event
// is observed alone or defined first for a capture filter — yet every event is counted for its process.
import { describe, expect, it } from 'vitest';
import type { ProcessList } from '../../../electron/common/ipc/process-messages';
import { CaptureAnalysis } from '../../../electron/core/analysis/capture-analysis';
import { createDecoder } from '../../../electron/core/decode/index';
import { openFileSource } from '../../../electron/core/etl/file-source.node.js';
import { openEtl } from '../../../electron/core/etl/reader';
import { etlPath } from '../pipeline/fixtures';

describe('CaptureAnalysis decoding', () => {
  it('leaves the events of providers the Analyzer does not read undecoded', () => {
    const decoder = createDecoder();
    let decodes = 0;
    const decodeKnown = decoder.decodeKnown.bind(decoder);
    decoder.decodeKnown = (raw) => {
      decodes++;
      return decodeKnown(raw);
    };
    const reader = openEtl(openFileSource(etlPath('tx/HTTP_Server.etl')));
    const analysis = new CaptureAnalysis({
      captureId: 'http',
      decoder,
      startFileTime: reader.clock.startFileTime,
      store: { firstSeq: 0, nextSeq: 0, raw: () => undefined },
    });
    let seq = 0;
    for (const raw of reader.events()) {
      decoder.registry.observe(raw);
      if (seq % 2 === 0) analysis.define(raw);
      analysis.observe(raw, seq++);
    }
    reader.close();
    analysis.finish();
    expect(seq).toBeGreaterThan(2000);
    expect(decodes).toBe(0);
    const list = analysis.answer({ kind: 'list' });
    if (!list.ok) throw new Error(list.error.message);
    const counted = (list.value as ProcessList).processes.reduce((n, p) => n + p.counts.events, 0);
    expect(counted).toBe(seq);
    expect(analysis.ownerOfStored(seq - 1)?.pid).toBeGreaterThanOrEqual(0);
  });
});

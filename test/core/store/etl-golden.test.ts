// Golden: every event the ETL reader yields for a real capture goes into the store; the store gives
// back the same header fields and byte-identical payloads after the reader's buffers have moved on.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openFileSource } from '../../../electron/core/etl/file-source.node';
import { openEtl } from '../../../electron/core/etl/reader';
import type { RawEvent } from '../../../electron/core/events/raw-event';
import { EventStore, countByProvider, histogram } from '../../../electron/core/store/index';
import { comparable } from './synthetic-events';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/fixtures');
const KERNEL_NETWORK = '7dd42a49-5329-4832-8dfd-43d979153a88';

describe('golden: tx/KernelNetwork.etl through the store', () => {
  const reader = openEtl(openFileSource(path.join(FIXTURES, 'etl/tx/KernelNetwork.etl')));
  const store = new EventStore({ keepSourceOffsets: true });
  const copies: ReturnType<typeof comparable>[] = [];
  for (const ev of reader.events()) {
    copies.push(comparable(ev, true)); // deep copy now: the payload view dies with the next pull
    store.append(ev);
  }
  reader.close();

  it('stores 8,923 Kernel-Network events plus the trace header event', () => {
    expect(store.count).toBe(8924);
    expect(copies.length).toBe(8924);
    expect(countByProvider(store).find((p) => p.providerId === KERNEL_NETWORK)?.count).toBe(8923);
    expect(store.outOfOrderEvents).toBe(0);
  });

  it('gives back every header field and byte-identical payloads', () => {
    let payloadBytes = 0;
    for (let seq = 0; seq < store.count; seq++) {
      const stored = comparable(store.raw(seq) as RawEvent, true);
      expect(stored).toEqual(copies[seq]);
      payloadBytes += stored.payload.length;
    }
    expect(store.stats().dataBytes).toBe(payloadBytes);
  });

  it('answers views and the timeline over the capture', () => {
    const last = copies[copies.length - 1]?.ticks as number;
    const view = store.createView({ predicate: (e) => e.providerId === KERNEL_NETWORK, sortKey: 'pid' });
    expect(view.count).toBe(8923);
    const pids = view.rows(0, view.count).map((seq) => copies[seq]?.pid as number);
    expect(pids).toEqual([...pids].sort((a, b) => a - b));
    expect(histogram(view, 100, 0, last + 1).reduce((a, b) => a + b, 0)).toBe(8923);
  });
});

// Built-in sort keys for views: each reads one number per row straight from the store's columns or
// descriptor table (no cursor, no allocation). 'provider' sorts by provider id text and 'event' by
// (provider id, id, task, opcode, version), through rank tables computed when the reader is made —
// views make a fresh reader per sort or merge, so providers seen later still rank consistently.

import type { Chunk } from './chunk';
import { PAYLOAD_LEN_MASK } from './chunk';
import type { DescriptorTable } from './descriptor-table';
import type { EventStore } from './event-store';

export const SORT_KEYS = [
  'time',
  'seq',
  'pid',
  'tid',
  'cpu',
  'provider',
  'event',
  'id',
  'version',
  'level',
  'opcode',
  'task',
  'channel',
  'size',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** One numeric key per row. */
export type RowKeyReader = (chunk: Chunk, row: number) => number;

export function makeKeyReader(store: EventStore, key: SortKey): RowKeyReader {
  const t = store.descriptors;
  const d = (chunk: Chunk, row: number) => chunk.desc[row] as number;
  switch (key) {
    case 'time':
      return (chunk, row) => chunk.ticks[row] as number;
    case 'seq':
      return (chunk, row) => chunk.firstSeq + row;
    case 'pid':
      return (chunk, row) => chunk.pid[row] as number;
    case 'tid':
      return (chunk, row) => chunk.tid[row] as number;
    case 'cpu':
      return (chunk, row) => chunk.cpu[row] as number;
    case 'size':
      return (chunk, row) => (chunk.dataLen[row] as number) & PAYLOAD_LEN_MASK;
    case 'id':
      return (chunk, row) => t.id(d(chunk, row));
    case 'version':
      return (chunk, row) => t.version(d(chunk, row));
    case 'level':
      return (chunk, row) => t.level(d(chunk, row));
    case 'opcode':
      return (chunk, row) => t.opcode(d(chunk, row));
    case 'task':
      return (chunk, row) => t.task(d(chunk, row));
    case 'channel':
      return (chunk, row) => t.channel(d(chunk, row));
    case 'provider': {
      const ranks = store.providers.ranks();
      return (chunk, row) => ranks[t.providerIndex(d(chunk, row))] as number;
    }
    case 'event': {
      const ranks = eventRanks(t, store.providers.ranks());
      return (chunk, row) => ranks[d(chunk, row)] as number;
    }
  }
}

/** rank[descriptor] by (provider rank, id, task, opcode, version); equal tuples share a rank. */
function eventRanks(t: DescriptorTable, providerRanks: Uint32Array): Uint32Array {
  const tuple = (d: number) => [
    providerRanks[t.providerIndex(d)] as number,
    t.id(d),
    t.task(d),
    t.opcode(d),
    t.version(d),
  ];
  const tuples = Array.from({ length: t.count }, (_, d) => tuple(d));
  const order = tuples.map((_, d) => d);
  const cmp = (a: number, b: number) => {
    const x = tuples[a] as number[];
    const y = tuples[b] as number[];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
    return 0;
  };
  order.sort(cmp);
  const ranks = new Uint32Array(t.count);
  let rank = 0;
  order.forEach((d, i) => {
    if (i > 0 && cmp(order[i - 1] as number, d) !== 0) rank++;
    ranks[d] = rank;
  });
  return ranks;
}

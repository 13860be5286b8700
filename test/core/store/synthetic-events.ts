// Synthetic RawEvents for the store tests: deterministic (seeded xorshift), every header field varied,
// payloads and extended items as views into one shared "source buffer" that the tests overwrite after
// appending, to prove the store copied the bytes.
import type { RawEvent, RecordKind } from '../../../electron/core/events/raw-event';

export class Rng {
  constructor(private seed = 0x2545f491) {}
  next(): number {
    this.seed ^= this.seed << 13;
    this.seed ^= this.seed >>> 17;
    this.seed ^= this.seed << 5;
    return this.seed >>> 0;
  }
  int(n: number): number {
    return this.next() % n;
  }
}

export const PROVIDERS = [
  '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716',
  '7dd42a49-5329-4832-8dfd-43d979153a88',
  'e13c0d23-ccbc-4e12-931b-d9cc2eee27e4',
  '9e814aad-3204-11d2-9a82-006008a86939',
];
export const ACTIVITIES = ['00000001-0000-0000-0000-000000000001', '00000002-0000-0000-0000-000000000002'];

export interface SyntheticOptions {
  /** Ticks of event i; default increasing by 1..10. */
  ticks?: (i: number, previous: number) => number;
  /** Payload length of event i; default 0..199. */
  payloadLength?: (i: number) => number;
  /**
   * Draw the descriptor fields (provider, id, version, level, ...) from this many fixed event types,
   * as real traces do. Default: every field random per event (a distinct descriptor per event).
   */
  types?: number;
}

type DescriptorPart = Pick<
  RawEvent,
  | 'kind'
  | 'headerType'
  | 'pointerSize'
  | 'providerId'
  | 'id'
  | 'version'
  | 'channel'
  | 'level'
  | 'opcode'
  | 'task'
  | 'keywords'
  | 'flags'
  | 'group'
>;

function randomDescriptor(rng: Rng): DescriptorPart {
  const kernel = rng.int(4) === 0;
  return {
    kind: (kernel ? 1 : 6) as RecordKind,
    headerType: kernel ? 0x02 : 0x13,
    pointerSize: rng.int(2) ? 8 : 4,
    providerId: PROVIDERS[rng.int(PROVIDERS.length)] as string,
    id: rng.int(3) === 0 ? 0 : rng.int(65536),
    version: rng.int(256),
    channel: rng.int(256),
    level: rng.int(6),
    opcode: rng.int(256),
    task: rng.int(65536),
    keywords: [0n, 0x10n, 0x8000000000000010n, 0xffffffffffffffffn][rng.int(4)] as bigint,
    flags: rng.int(65536),
    group: kernel ? rng.int(256) : -1,
  };
}

/** `count` events with varied fields. Payload/ext are views into `source` (copy-on-append test). */
export function syntheticEvents(
  count: number,
  options: SyntheticOptions = {},
  rng = new Rng(),
): {
  events: RawEvent[];
  source: Uint8Array;
} {
  const payloadLength = options.payloadLength ?? (() => rng.int(200));
  const lengths = Array.from({ length: count }, (_, i) => payloadLength(i));
  const extLength = 64;
  const source = new Uint8Array(lengths.reduce((a, b) => a + b, 0) + count * extLength);
  for (let i = 0; i < source.length; i++) source[i] = rng.int(256);
  const types = Array.from({ length: options.types ?? 0 }, () => randomDescriptor(rng));
  const events: RawEvent[] = [];
  let at = 0;
  let ticks = 0;
  for (let i = 0; i < count; i++) {
    ticks = options.ticks ? options.ticks(i, ticks) : ticks + 1 + rng.int(10);
    const len = lengths[i] as number;
    const payload = source.subarray(at, at + len);
    at += len;
    const ext =
      rng.int(5) === 0
        ? [
            { type: 6, data: source.subarray(at, at + 40) },
            { type: 13, data: source.subarray(at + 40, at + 48) },
          ]
        : [];
    at += extLength;
    const descriptor =
      types.length > 0 ? (types[rng.int(types.length)] as DescriptorPart) : randomDescriptor(rng);
    events.push({
      ...descriptor,
      ticks,
      cpu: rng.int(64),
      pid: rng.int(10) === 0 ? -1 : 4 * rng.int(50),
      tid: rng.int(10) === 0 ? -1 : 100 + rng.int(1000),
      activityId: rng.int(3) === 0 ? (ACTIVITIES[rng.int(ACTIVITIES.length)] as string) : '',
      ext,
      payload,
      bufferOffset: rng.int(1 << 30) * 4,
      recordOffset: rng.int(1 << 20),
    });
  }
  return { events, source };
}

/** The RawEvent fields the store round-trips, with bytes as plain arrays (for toEqual). */
export function comparable(ev: RawEvent, withOffsets: boolean) {
  return {
    kind: ev.kind,
    headerType: ev.headerType,
    pointerSize: ev.pointerSize,
    ticks: ev.ticks,
    cpu: ev.cpu,
    pid: ev.pid,
    tid: ev.tid,
    providerId: ev.providerId,
    id: ev.id,
    version: ev.version,
    channel: ev.channel,
    level: ev.level,
    opcode: ev.opcode,
    task: ev.task,
    keywords: ev.keywords,
    flags: ev.flags,
    group: ev.group,
    activityId: ev.activityId,
    ext: ev.ext.map((x) => ({ type: x.type, data: Array.from(x.data) })),
    payload: Array.from(ev.payload),
    bufferOffset: withOffsets ? ev.bufferOffset : -1,
    recordOffset: withOffsets ? ev.recordOffset : -1,
  };
}

/** Deep copy of the comparable form, taken before the source buffer is overwritten. */
export function snapshot(events: RawEvent[], withOffsets: boolean) {
  return events.map((ev) => comparable(ev, withOffsets));
}

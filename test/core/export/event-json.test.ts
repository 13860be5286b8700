// The fast JSON Lines shaping against the reference (JSON.stringify(eventJsonOf(...))): non-ASCII
// and escaped text, every optional member, negative and large numbers, times on both sides of a
// second and before the trace start; and Utf8Out's integer and chunking rules.
import { describe, expect, it } from 'vitest';
import { createRegistry, eventJsonOf, type DecodedEvent } from '../../../electron/core/decode/index';
import { ExtType, RecordKind, type RawEvent, type TraceClock } from '../../../electron/core/events/raw-event';
import { fileTimeToIso } from '../../../electron/common/time';
import { EventJsonShaper } from '../../../electron/core/export/event-json';
import { memorySink } from '../../../electron/core/export/index';
import { Utf8Out } from '../../../electron/core/export/utf8-out';

const clock: TraceClock = {
  startFileTime: 133_547_076_009_999_990n,
  clockType: 1,
  frequency: 10_000_000,
  t0: 0n,
};

function raw(over: Partial<RawEvent> = {}): RawEvent {
  return {
    kind: RecordKind.EventHeader,
    headerType: 0x13,
    pointerSize: 8,
    ticks: 5,
    cpu: 3,
    pid: -1,
    tid: 4_000_000_000,
    providerId: '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716',
    id: 65535,
    version: 255,
    channel: 16,
    level: 4,
    opcode: 1,
    task: 65535,
    keywords: 0xffffffffffffffffn,
    flags: 0,
    group: -1,
    activityId: '',
    ext: [],
    payload: Uint8Array.of(1, 2, 0xab),
    bufferOffset: 0,
    recordOffset: 0x48,
    ...over,
  };
}

function decoded(over: Partial<DecodedEvent> = {}): DecodedEvent {
  return {
    entry: null,
    providerName: 'Zürich "quoted" \\ provider',
    eventName: 'Événement/日本 ✓',
    props: {},
    display: null,
    error: null,
    ...over,
  };
}

function line(shaper: EventJsonShaper, r: RawEvent, d: DecodedEvent): string {
  const sink = memorySink();
  const out = new Utf8Out(sink);
  shaper.writeLine(out, r, d);
  out.flush();
  return new TextDecoder().decode(sink.bytes());
}

describe('EventJsonShaper', () => {
  it('writes exactly what JSON.stringify(eventJsonOf()) writes', () => {
    const entry = createRegistry().lookup(
      raw({
        kind: RecordKind.System,
        providerId: '68fdd900-4a3e-11d1-84f4-0000f80464e3',
        opcode: 0,
        version: 2,
      }),
    );
    const cases: [RawEvent, DecodedEvent][] = [
      [raw(), decoded()],
      [
        raw({ ticks: -3 }),
        decoded({
          props: {
            Text: 'line\nbreak\t"q" \u2028 \ud800 😀',
            N: -(2 ** 40),
            Big: '18446744073709551615',
            Arr: [1, null, { a: false }],
          },
        }),
      ],
      [
        raw({ ticks: 9_999_999, activityId: '11111111-2222-3333-4444-555555555555' }),
        decoded({ error: 'field "X" needs 4 bytes' }),
      ],
      [
        raw({
          ticks: 10_000_011,
          ext: [{ type: ExtType.RelatedActivityId, data: Uint8Array.from({ length: 16 }, (_, i) => i) }],
          flags: 0x100,
        }),
        decoded({ entry, display: { Flags: 'A|B' }, props: { Flags: 3 } }),
      ],
      [
        raw({ kind: RecordKind.PerfInfo, ticks: 86_400 * 10_000_000 * 3 + 7 }),
        decoded({ providerName: '', eventName: 'Type1' }),
      ],
    ];
    const shaper = new EventJsonShaper(clock);
    for (const [r, d] of cases) {
      const want = JSON.stringify(eventJsonOf(r, clock, d));
      expect(line(shaper, r, d)).toBe(want);
      expect(JSON.stringify(shaper.json(r, d))).toBe(want);
    }
    // Cached parts follow changes: same provider GUID under another name, another descriptor.
    expect(line(shaper, raw({ level: 2 }), decoded({ providerName: 'Other' }))).toBe(
      JSON.stringify(eventJsonOf(raw({ level: 2 }), clock, decoded({ providerName: 'Other' }))),
    );
  });

  it('formats times like fileTimeToIso around seconds and before the start', () => {
    const shaper = new EventJsonShaper(clock);
    for (const ticks of [-20_000_001, -10, -1, 0, 9, 10, 11, 9_999_999, 10_000_000, 31_536_000_000_000]) {
      expect(shaper.ts(ticks)).toBe(fileTimeToIso(clock.startFileTime + BigInt(ticks)));
    }
  });
});

describe('Utf8Out', () => {
  it('writes integers as JSON does and hands over chunks', () => {
    const sink = memorySink();
    const out = new Utf8Out(sink, 16);
    const numbers = [0, 7, -7, 10, 99, -100, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53, 1.5, -0];
    for (const n of numbers) {
      out.int(n);
      out.byte(0x2c);
      out.maybeFlush();
    }
    expect(sink.size).toBeGreaterThan(0); // flushed on the way
    out.flush();
    expect(new TextDecoder().decode(sink.bytes())).toBe(
      numbers.map((n) => JSON.stringify(n)).join(',') + ',',
    );
  });
});

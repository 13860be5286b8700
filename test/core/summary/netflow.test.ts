// Derived netflow events on a built stream: one record per process, endpoint and interval, emitted as
// the stream moves on (and at finish()), named from DNS answers, usable as EventJson and by the filter
// language (header predicate on the record itself, full predicate on its subject).
import { describe, expect, it } from 'vitest';
import { isoToFileTime } from '../../../electron/common/time';
import { compileFilter } from '../../../electron/core/filter/index';
import {
  Analyzer,
  derivedEventJson,
  derivedFilterSubject,
  NETFLOW_PROVIDER_ID,
  NETFLOW_PROVIDER_NAME,
  type DerivedEvent,
} from '../../../electron/core/summary/index';
import { SECOND, Stream } from './builders';

const A: [number, number, number, number] = [198, 51, 100, 7];
const B: [number, number, number, number] = [192, 0, 2, 44];

function stream(): { s: Stream; seqs: Record<string, number> } {
  const s = new Stream();
  const seqs: Record<string, number> = {};
  s.classicProcess(0, 3, 500, 4, 'implant.exe', 'implant.exe');
  s.dnsQuery(5 * SECOND, 500, 'c2.example', 'type:  5 cdn.c2.example;::ffff:198.51.100.7;');
  seqs.a1 = s.tcp(10 * SECOND, 'send', 500, 1000, A, 443);
  s.tcp(11 * SECOND, 'recv', 500, 5000, A, 443);
  seqs.a2 = s.tcp(50 * SECOND, 'send', 500, 300, A, 443);
  seqs.a3 = s.tcp(70 * SECOND, 'send', 500, 40, A, 443);
  seqs.b1 = s.tcp(65 * SECOND, 'connect', 500, 0, B, 8080);
  seqs.b2 = s.tcp(66 * SECOND, 'recv', 500, 77, B, 8080);
  return { s, seqs };
}

describe('netflow derived events', () => {
  it('emits one record per process, endpoint and interval, with the traffic of the interval', () => {
    const { s, seqs } = stream();
    const pushed: DerivedEvent[] = [];
    const a = new Analyzer({ onDerived: (e) => pushed.push(e) });
    s.feed(a);
    expect(a.derivedEvents()).toHaveLength(1); // the first minute closed when the stream passed 60 s
    a.finish();
    expect(pushed).toEqual(a.derivedEvents());
    const records = a
      .derivedEvents()
      .map((d) => ({ ticks: d.ticks, pid: d.pid, first: d.firstSeq, last: d.lastSeq, ...d.props }));
    const process = a.processOf(500, SECOND)!;
    expect(records).toEqual([
      {
        ticks: 0,
        pid: 500,
        first: seqs.a1,
        last: seqs.a2,
        ProcessKey: process.key,
        ProcessName: 'implant.exe',
        Protocol: 'TCP',
        RemoteAddress: '198.51.100.7',
        RemotePort: 443,
        RemoteHost: 'c2.example',
        LocalAddress: '10.0.0.5',
        LocalPort: 50000,
        BytesSent: 1300,
        BytesReceived: 5000,
        PacketsSent: 2,
        PacketsReceived: 1,
        Connects: 0,
        IntervalSeconds: 60,
      },
      expect.objectContaining({
        ticks: 60 * SECOND,
        first: seqs.a3,
        last: seqs.a3,
        RemoteAddress: '198.51.100.7',
        BytesSent: 40,
        BytesReceived: 0,
        PacketsSent: 1,
      }),
      expect.objectContaining({
        ticks: 60 * SECOND,
        first: seqs.b1,
        last: seqs.b2,
        RemoteAddress: '192.0.2.44',
        RemotePort: 8080,
        RemoteHost: '',
        BytesReceived: 77,
        Connects: 1,
      }),
    ]);
    // The endpoint summary carries the same name from the DNS answer, and the lookup is listed.
    const summary = a.summary(process.key);
    expect(
      summary?.network.map((e) => [e.remoteAddress, e.remoteHost, e.bytesSent, e.bytesReceived]),
    ).toEqual([
      ['198.51.100.7', 'c2.example', 1340, 5000],
      ['192.0.2.44', '', 0, 77],
    ]);
    expect(summary?.dns[0]).toMatchObject({
      name: 'c2.example',
      results: ['CNAME cdn.c2.example', '198.51.100.7'],
    });
  });

  it('honours the interval length', () => {
    const { s } = stream();
    const a = new Analyzer({ netflowIntervalSeconds: 3600 });
    s.feed(a);
    a.finish();
    expect(
      a.derivedEvents().map((d) => [d.props.RemoteAddress, d.props.BytesSent, d.props.IntervalSeconds]),
    ).toEqual([
      ['198.51.100.7', 1340, 3600],
      ['192.0.2.44', 0, 3600],
    ]);
  });

  it('works as EventJson and with the filter language', () => {
    const { s } = stream();
    const startFileTime = isoToFileTime('2020-02-28T17:15:47.4127098Z') as bigint;
    const a = new Analyzer({ startFileTime });
    s.feed(a);
    a.finish();
    const first = a.derivedEvents()[0] as DerivedEvent;
    expect(derivedEventJson(first, startFileTime)).toMatchObject({
      ts: '2020-02-28T17:15:47.4127098Z',
      provider: { guid: NETFLOW_PROVIDER_ID, name: 'ETWExplorer-Netflow' },
      event: { id: 1, version: 0, level: 4, name: 'Netflow', keywords: '0x0000000000000000' },
      pid: 500,
      classic: false,
      props: { BytesSent: 1300, RemoteHost: 'c2.example' },
    });
    // Filtering by provider name before decoding needs the name registered (FilterEnv.providerName).
    const env = {
      providerName: (id: string) => (id === NETFLOW_PROVIDER_ID ? NETFLOW_PROVIDER_NAME : undefined),
    };
    const filter = compileFilter(
      'provider == "ETWExplorer-Netflow" and props.BytesSent >= 1000 and process.name == "implant.exe"',
      env,
    );
    if (!filter.ok) throw new Error(filter.error.message);
    const f = filter.value;
    const info = a.processInfo(a.processOf(500, SECOND)!);
    expect(
      a
        .derivedEvents()
        .map((d) => (f.headerPredicate?.(d) ?? true) && f.fullPredicate(derivedFilterSubject(d, info))),
    ).toEqual([true, false, false]);
    const byHeader = compileFilter('provider == "{6F1E3C52-8A4D-4B7E-9C21-3D5A7E9B0F48}" and pid == 500');
    if (!byHeader.ok) throw new Error(byHeader.error.message);
    expect(byHeader.value.headerOnly).toBe(true);
    expect(a.derivedEvents().every((d) => byHeader.value.headerPredicate?.(d))).toBe(true);
  });
});

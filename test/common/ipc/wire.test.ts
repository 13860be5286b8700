// Both ends of the wire protocol over the in-memory socket pair: typed client, server dispatcher,
// validation errors as values, subscriptions, closing, and hostile messages.
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type EtwClient } from '../../../electron/common/ipc/client';
import type { Capability } from '../../../electron/common/ipc/contract-kit';
import { createDispatcher } from '../../../electron/common/ipc/dispatcher';
import { createMemorySocketPair } from '../../../electron/common/ipc/memory-socket';
import { createWireBridge, type WireBridge } from '../../../electron/common/ipc/wire-client';
import { serveWire } from '../../../electron/common/ipc/wire-server';
import type { AppError } from '../../../electron/common/result';
import { testContract, testHandlers, type TestContract } from './test-contract';

const flush = () => new Promise((r) => setTimeout(r, 0));

function setup(capabilities: Capability[] = []) {
  const dispatcher = createDispatcher(testContract, testHandlers);
  const [clientSocket, serverSocket] = createMemorySocketPair();
  serveWire(serverSocket, dispatcher, new Set(capabilities));
  const protocolErrors: AppError[] = [];
  const bridge = createWireBridge(clientSocket, { onError: (e) => protocolErrors.push(e) });
  const client: EtwClient<TestContract> = createClient<TestContract>(bridge);
  return { dispatcher, bridge, client, clientSocket, serverSocket, protocolErrors };
}

let open: WireBridge[] = [];
afterEach(() => {
  for (const b of open) b.close();
  open = [];
});

describe('wire protocol over the in-memory transport', () => {
  it('round-trips typed calls', async () => {
    const t = setup();
    open.push(t.bridge);
    const r = await t.client.invoke('add', { a: 1, b: 2 });
    expect(r).toEqual({ ok: true, value: { sum: 3 } });
    expect(await t.client.invoke('ping')).toEqual({ ok: true, value: { pong: true } });
    expect(t.bridge.pendingCount()).toBe(0);
  });

  it('answers many concurrent calls each with its own result', async () => {
    const t = setup();
    open.push(t.bridge);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.client.invoke('add', { a: i, b: 1000 })),
    );
    expect(results.map((r) => (r.ok ? r.value.sum : -1))).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1000),
    );
  });

  it('returns malformed-argument and unknown-channel errors as values', async () => {
    const t = setup();
    open.push(t.bridge);
    const bad = await t.bridge.invoke('add', { a: 'one', b: 2 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', detail: 'a' } });
    const unknown = await t.bridge.invoke('rm -rf', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const forbidden = await t.client.invoke('control', { name: 'NT Kernel Logger' });
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('grants capabilities per connection', async () => {
    const t = setup(['sessionControl']);
    open.push(t.bridge);
    expect(await t.client.invoke('control', { name: 'x' })).toEqual({ ok: true, value: { done: true } });
  });

  it('reports a reply JSON cannot carry as INTERNAL instead of hanging', async () => {
    const t = setup();
    open.push(t.bridge);
    const r = await t.client.invoke('bigint');
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('delivers events to listeners and stops after unsubscribe, with no leaks on either side', async () => {
    const t = setup();
    open.push(t.bridge);
    const got: number[] = [];
    const offA = t.client.on('tick', (p) => got.push(p.n));
    const offB = t.client.on('tick', (p) => got.push(p.n * 10));
    await flush();
    expect(t.dispatcher.events.listenerCount('tick')).toBe(1); // one wire subscription for two listeners
    t.dispatcher.events.emit('tick', { n: 1 });
    await flush();
    offA();
    await flush();
    t.dispatcher.events.emit('tick', { n: 2 });
    await flush();
    offB();
    await flush();
    t.dispatcher.events.emit('tick', { n: 3 });
    await flush();
    expect(got).toEqual([1, 10, 20]);
    expect(t.bridge.listenerCount()).toBe(0);
    expect(t.dispatcher.events.listenerCount()).toBe(0);
  });

  it('drops server-side subscriptions when the client closes', async () => {
    const t = setup();
    t.client.on('tick', () => {});
    t.client.on('other', () => {});
    await flush();
    expect(t.dispatcher.events.listenerCount()).toBe(2);
    expect(t.dispatcher.connectionCount()).toBe(1);
    t.bridge.close();
    await flush();
    expect(t.dispatcher.events.listenerCount()).toBe(0);
    expect(t.dispatcher.connectionCount()).toBe(0);
  });

  it('resolves pending calls with IO_ERROR when the connection drops', async () => {
    const slow = createDispatcher(testContract, {
      ...testHandlers,
      ping: () => new Promise(() => {}), // never answers
    });
    const [c, s] = createMemorySocketPair();
    serveWire(s, slow, new Set());
    const bridge = createWireBridge(c);
    const pending = bridge.invoke('ping', undefined);
    await flush();
    expect(bridge.pendingCount()).toBe(1);
    s.close(1001, 'server stopping');
    expect(await pending).toMatchObject({ ok: false, error: { code: 'IO_ERROR' } });
    expect(await bridge.invoke('ping', undefined)).toMatchObject({ ok: false, error: { code: 'IO_ERROR' } });
    expect(bridge.closed).toBe(true);
  });

  it('answers hostile wire messages with a protocol error and keeps serving', async () => {
    const dispatcher = createDispatcher(testContract, testHandlers);
    const [c, s] = createMemorySocketPair();
    serveWire(s, dispatcher, new Set());
    const replies: string[] = [];
    c.onMessage((text) => replies.push(text));
    const hostile = [
      'not json',
      '[]',
      'null',
      '{"t":"invoke"}',
      '{"t":"invoke","id":-1,"channel":"ping"}',
      '{"t":"invoke","id":1,"channel":"ping","extra":true}',
      '{"t":"sub","event":"nope"}',
      '{"t":"what"}',
      `{"t":"sub","event":"${'x'.repeat(300)}"}`,
    ];
    for (const text of hostile) c.send(text);
    await flush();
    expect(replies).toHaveLength(hostile.length);
    for (const reply of replies) {
      const message = JSON.parse(reply) as { t: string; error?: { code: string } };
      expect(message.t).toBe('error');
      expect(['BAD_REQUEST', 'UNKNOWN_CHANNEL']).toContain(message.error?.code);
    }
    expect(dispatcher.events.listenerCount()).toBe(0);
    c.send('{"t":"invoke","id":9,"channel":"ping"}');
    await flush();
    expect(JSON.parse(replies.at(-1) ?? '{}')).toEqual({
      t: 'result',
      id: 9,
      result: { ok: true, value: { pong: true } },
    });
  });

  it('surfaces a refused subscription through onError', async () => {
    const t = setup();
    open.push(t.bridge);
    t.bridge.on('no-such-event', () => {});
    await flush();
    await flush();
    expect(t.protocolErrors.map((e) => e.code)).toEqual(['UNKNOWN_CHANNEL']);
  });
});

describe('createClient', () => {
  it('turns a throwing transport into an error value', async () => {
    const client = createClient<TestContract>({
      invoke: () => Promise.reject(new Error('ipc gone')),
      on: () => () => {},
    });
    const r = await client.invoke('ping');
    expect(r).toMatchObject({ ok: false, error: { code: 'IO_ERROR' } });
    if (!r.ok) expect(r.error.message).toContain('ipc gone');
  });
});

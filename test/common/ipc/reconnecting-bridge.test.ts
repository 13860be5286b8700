// The reconnecting client transport over in-memory sockets with a virtual clock: a dropped
// connection is retried with backoff and resumes (subscriptions renewed on the server, calls made
// meanwhile sent on the new connection, listeners added or removed meanwhile honoured); a server that
// no longer knows the token stops it at once; it gives up after its budget; close() and retryNow().
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../electron/common/ipc/client';
import { createDispatcher } from '../../../electron/common/ipc/dispatcher';
import { createMemorySocketPair } from '../../../electron/common/ipc/memory-socket';
import {
  createReconnectingBridge,
  type LinkState,
  type ReconnectingBridge,
  type ReconnectingBridgeOptions,
  type ServerCheck,
} from '../../../electron/common/ipc/reconnecting-bridge';
import type { TextSocket } from '../../../electron/common/ipc/wire';
import { serveWire } from '../../../electron/common/ipc/wire-server';
import { err, ok, type Result } from '../../../electron/common/result';
import { testContract, testHandlers, type TestContract } from './test-contract';

const flush = () => new Promise((r) => setTimeout(r, 0));
const settle = async () => {
  for (let i = 0; i < 10; i++) await flush();
};

function setup(overrides: Partial<ReconnectingBridgeOptions> = {}) {
  const dispatcher = createDispatcher(testContract, testHandlers);
  let serverSockets: TextSocket[] = [];
  let up = true;
  let clock = 0;
  const opens: number[] = [];
  const waits: number[] = [];
  const states: LinkState[] = [];
  let reconnected = 0;
  const connectSocket = (): TextSocket => {
    const [client, server] = createMemorySocketPair();
    serveWire(server, dispatcher, new Set());
    serverSockets.push(server);
    return client;
  };
  const bridge = createReconnectingBridge(connectSocket(), {
    open: async (): Promise<Result<TextSocket>> => {
      opens.push(clock);
      return up ? ok(connectSocket()) : err('FORBIDDEN', 'the server refused the connection (code 1006)');
    },
    wait: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
    now: () => clock,
    onState: (state) => states.push(state),
    onReconnected: () => reconnected++,
    ...overrides,
  });
  bridges.push(bridge);
  return {
    dispatcher,
    bridge,
    client: createClient<TestContract>(bridge),
    opens,
    waits,
    states,
    reconnected: () => reconnected,
    setUp: (value: boolean) => (up = value),
    /** Cuts the connection from the server side, as a network drop does. */
    drop: () => {
      for (const s of serverSockets) s.close(1006, '');
      serverSockets = [];
    },
  };
}

let bridges: ReconnectingBridge[] = [];
afterEach(() => {
  for (const b of bridges) b.close();
  bridges = [];
});

describe('reconnecting bridge', () => {
  it('resumes after a drop: backoff while the server is away, subscriptions renewed, waiting calls sent', async () => {
    const waits: number[] = [];
    const t = setup({
      wait: (ms) => {
        waits.push(ms);
        return new Promise(() => {}); // each wait ends with retryNow()
      },
    });
    const ticks: number[] = [];
    t.client.on('tick', (p) => ticks.push(p.n));
    await settle();
    t.dispatcher.events.emit('tick', { n: 1 });
    await settle();

    t.setUp(false);
    t.drop();
    await settle();
    expect(t.dispatcher.events.listenerCount('tick')).toBe(0);
    expect(t.bridge.state).toMatchObject({ state: 'reconnecting', attempt: 1, retryInMs: 250 });
    const call = t.client.invoke('add', { a: 2, b: 3 }); // made while the connection is down
    t.bridge.retryNow(); // attempt 1: the server is still away
    await settle();
    expect(t.bridge.state).toMatchObject({
      state: 'reconnecting',
      attempt: 2,
      retryInMs: 500,
      lastError: 'the server refused the connection (code 1006)',
    });
    t.setUp(true);
    t.bridge.retryNow();
    await settle();

    expect(await call).toEqual({ ok: true, value: { sum: 5 } });
    expect(t.bridge.state).toEqual({ state: 'connected', connection: 2 });
    expect(t.reconnected()).toBe(1);
    expect(waits).toEqual([250, 500]);
    expect(t.opens).toHaveLength(2);
    expect(t.dispatcher.events.listenerCount('tick')).toBe(1);
    expect(t.dispatcher.connectionCount()).toBe(1);
    t.dispatcher.events.emit('tick', { n: 2 });
    await settle();
    expect(ticks).toEqual([1, 2]);
  });

  it('renews only the listeners still there, including those added while down', async () => {
    const t = setup({ wait: () => new Promise(() => {}) }); // waits until retryNow()
    const offTick = t.client.on('tick', () => {});
    await settle();
    t.drop();
    await settle();
    offTick();
    const others: string[] = [];
    t.client.on('other', (p) => others.push(p));
    t.bridge.retryNow();
    await settle();
    expect(t.bridge.state.state).toBe('connected');
    expect(t.dispatcher.events.listenerCount('tick')).toBe(0);
    expect(t.dispatcher.events.listenerCount('other')).toBe(1);
    t.dispatcher.events.emit('other', 'hello');
    await settle();
    expect(others).toEqual(['hello']);
    // The page re-reading state after a reconnection hands it to its own listeners.
    t.bridge.deliver('other', 'again');
    expect(others).toEqual(['hello', 'again']);
  });

  it('stops at once when the server answers but no longer knows the token (restarted)', async () => {
    const checks: ServerCheck[] = [];
    const t = setup({
      check: async () => {
        const verdict: ServerCheck = {
          verdict: 'gone',
          reason: 'the server was restarted: open its new link',
        };
        checks.push(verdict);
        return verdict;
      },
    });
    t.setUp(false);
    t.drop();
    await flush();
    const call = t.client.invoke('ping');
    await settle();
    expect(t.bridge.state).toEqual({
      state: 'closed',
      reason: 'the server was restarted: open its new link',
      restarted: true,
    });
    expect(t.opens).toHaveLength(1);
    expect(checks).toHaveLength(1);
    const r = await call;
    expect(r).toMatchObject({ ok: false, error: { code: 'IO_ERROR' } });
    if (!r.ok) expect(r.error.message).toContain('open its new link');
  });

  it('gives up after its budget without an answer, saying why the last attempt failed', async () => {
    const t = setup({
      delays: [100, 200],
      giveUpAfterMs: 1000,
      check: async () => ({ verdict: 'retry', why: 'the server does not answer' }),
    });
    t.setUp(false);
    t.drop();
    await settle();
    expect(t.waits).toEqual([100, 200, 200, 200, 200]);
    expect(t.opens).toHaveLength(5);
    expect(t.bridge.state).toMatchObject({ state: 'closed', restarted: false });
    if (t.bridge.state.state === 'closed')
      expect(t.bridge.state.reason).toBe(
        'The server has not answered for 1 s (last attempt: the server does not answer)',
      );
    expect(await t.client.invoke('ping')).toMatchObject({ ok: false, error: { code: 'IO_ERROR' } });
  });

  it('close() ends it: no retry, server-side subscriptions dropped, calls refused', async () => {
    const t = setup();
    t.client.on('tick', () => {});
    await settle();
    expect(t.dispatcher.events.listenerCount('tick')).toBe(1);
    t.bridge.close();
    await settle();
    expect(t.bridge.state).toEqual({
      state: 'closed',
      reason: 'the page closed the connection',
      restarted: false,
    });
    expect(t.dispatcher.events.listenerCount()).toBe(0);
    expect(t.dispatcher.connectionCount()).toBe(0);
    expect(t.opens).toHaveLength(0);
    expect(await t.client.invoke('ping')).toMatchObject({ ok: false, error: { code: 'IO_ERROR' } });
  });
});

// The dispatcher on its own: channel and argument validation, capabilities, handler failures, and
// event subscriptions that never leak listeners.
import { describe, expect, it } from 'vitest';
import type { Capability } from '../../../electron/common/ipc/contract-kit';
import { createDispatcher, createEventHub } from '../../../electron/common/ipc/dispatcher';
import { testContract, testHandlers } from './test-contract';

const none = new Set<Capability>();
const control = new Set<Capability>(['sessionControl']);

describe('createDispatcher', () => {
  const dispatcher = createDispatcher(testContract, testHandlers);

  it('answers a valid call with the handler value', async () => {
    expect(await dispatcher.invoke('add', { a: 2, b: 40 }, none)).toEqual({ ok: true, value: { sum: 42 } });
    expect(await dispatcher.invoke('ping', undefined, none)).toEqual({ ok: true, value: { pong: true } });
  });

  it('refuses unknown channels, including prototype names and non-strings', async () => {
    for (const name of ['nope', 'toString', '__proto__', 'constructor', 42, null, undefined]) {
      const r = await dispatcher.invoke(name, {}, none);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('UNKNOWN_CHANNEL');
    }
  });

  it('refuses malformed arguments with BAD_REQUEST naming the path', async () => {
    const cases: Array<[unknown, string]> = [
      [{ a: 'x', b: 1 }, 'a'],
      [{ a: 1 }, 'b'],
      [{ a: 1, b: 2, note: 'far too long' }, 'note'],
      ['text', ''],
      [null, ''],
    ];
    for (const [args, path] of cases) {
      const r = await dispatcher.invoke('add', args, none);
      expect(r.ok, JSON.stringify(args)).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('BAD_REQUEST');
      expect(r.error.detail).toBe(path);
      expect(r.error.message).toContain("'add'");
    }
  });

  it('refuses unexpected extra keys (strict objects)', async () => {
    const r = await dispatcher.invoke('add', { a: 1, b: 2, evil: true }, none);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('BAD_REQUEST');
    const p = await dispatcher.invoke('ping', { extra: 1 }, none);
    expect(p.ok).toBe(false);
  });

  it('refuses channels that need a capability the caller lacks', async () => {
    const refused = await dispatcher.invoke('control', { name: 'x' }, none);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await dispatcher.invoke('control', { name: 'x' }, control)).toEqual({
      ok: true,
      value: { done: true },
    });
  });

  it('turns a throwing handler into INTERNAL and reports it', async () => {
    const seen: string[] = [];
    const d = createDispatcher(testContract, testHandlers, { onHandlerError: (ch) => seen.push(ch) });
    const r = await d.invoke('explode', undefined, none);
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!r.ok) expect(r.error.message).toContain('kaboom');
    expect(seen).toEqual(['explode']);
  });

  it('refuses a handler answer that is not a Result', async () => {
    expect(await dispatcher.invoke('notAResult', undefined, none)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });
});

describe('connections and events', () => {
  it('pushes subscribed events only, and unsubscribes', () => {
    const dispatcher = createDispatcher(testContract, testHandlers);
    const received: Array<[string, unknown]> = [];
    const conn = dispatcher.connect({ capabilities: none, push: (e, p) => received.push([e, p]) });
    expect(conn.subscribe('tick')).toEqual({ ok: true, value: { event: 'tick' } });
    expect(conn.subscribe('tick').ok).toBe(true); // idempotent
    expect(dispatcher.events.listenerCount('tick')).toBe(1);
    dispatcher.events.emit('tick', { n: 1 });
    dispatcher.events.emit('other', 'not subscribed');
    conn.unsubscribe('tick');
    dispatcher.events.emit('tick', { n: 2 });
    expect(received).toEqual([['tick', { n: 1 }]]);
    expect(dispatcher.events.listenerCount()).toBe(0);
  });

  it('refuses unknown event names', () => {
    const dispatcher = createDispatcher(testContract, testHandlers);
    const conn = dispatcher.connect({ capabilities: none, push: () => {} });
    for (const name of ['nope', 'constructor', 7]) {
      const r = conn.subscribe(name);
      expect(r.ok).toBe(false);
    }
    expect(dispatcher.events.listenerCount()).toBe(0);
  });

  it('closing a connection drops all its listeners and refuses later calls', async () => {
    const dispatcher = createDispatcher(testContract, testHandlers);
    const before = dispatcher.events.listenerCount();
    const conns = Array.from({ length: 5 }, () => dispatcher.connect({ capabilities: none, push: () => {} }));
    for (const c of conns) {
      c.subscribe('tick');
      c.subscribe('other');
    }
    expect(dispatcher.events.listenerCount()).toBe(before + 10);
    expect(dispatcher.connectionCount()).toBe(5);
    for (const c of conns) c.close();
    for (const c of conns) c.close(); // twice is harmless
    expect(dispatcher.events.listenerCount()).toBe(before);
    expect(dispatcher.connectionCount()).toBe(0);
    expect(await conns[0]?.invoke('ping', undefined)).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED' },
    });
    expect(conns[0]?.subscribe('tick').ok).toBe(false);
  });

  it('a throwing listener does not stop the others', () => {
    const errors: string[] = [];
    const hub = createEventHub(testContract, (event) => errors.push(event));
    const got: number[] = [];
    const a = hub.subscribe('tick', () => {
      throw new Error('bad listener');
    });
    const b = hub.subscribe('tick', (p) => got.push((p as { n: number }).n));
    hub.emit('tick', { n: 7 });
    expect(got).toEqual([7]);
    expect(errors).toEqual(['tick']);
    if (a.ok) a.value();
    if (b.ok) b.value();
    expect(hub.listenerCount()).toBe(0);
  });
});

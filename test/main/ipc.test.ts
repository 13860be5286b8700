// The desktop transport without Electron: a fake ipcMain with the same calling convention. Frames
// that are not our renderer are refused; subscriptions follow windows and never outlive them.
import { describe, expect, it } from 'vitest';
import {
  IPC_EVENT,
  IPC_INVOKE,
  IPC_RESET,
  IPC_SUBSCRIBE,
  IPC_UNSUBSCRIBE,
} from '../../electron/common/ipc/electron-channels';
import { createDispatcher } from '../../electron/common/ipc/dispatcher';
import { APP_ENTRY_URL, isAppUrl } from '../../electron/main/app-url';
import { registerIpc, type IpcEventLike, type IpcMainLike } from '../../electron/main/ipc';
import { testContract, testHandlers } from '../common/ipc/test-contract';

type Listener = (event: IpcEventLike, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const listeners = new Map<string, Set<Listener>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, l) => void handlers.set(channel, l),
    removeHandler: (channel) => void handlers.delete(channel),
    on: (channel, l) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(l);
      listeners.set(channel, set);
    },
    removeListener: (channel, l) => void listeners.get(channel)?.delete(l),
  };
  return {
    ipcMain,
    invoke: (event: IpcEventLike, ...args: unknown[]) => handlers.get(IPC_INVOKE)?.(event, ...args),
    send: (channel: string, event: IpcEventLike, ...args: unknown[]) => {
      for (const l of listeners.get(channel) ?? []) l(event, ...args);
    },
    handlerCount: () => handlers.size,
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}

function fakeSender(id: number, url: string | null) {
  const sent: unknown[][] = [];
  let destroyed = false;
  const event: IpcEventLike = {
    senderFrame: url === null ? null : { url },
    sender: { id, isDestroyed: () => destroyed, send: (...args: unknown[]) => void sent.push(args) },
  };
  return { event, sent, destroy: () => (destroyed = true) };
}

function setup() {
  const dispatcher = createDispatcher(testContract, testHandlers);
  const fake = fakeIpcMain();
  const subscribed: string[] = [];
  const reg = registerIpc(fake.ipcMain, dispatcher, {
    isTrustedUrl: isAppUrl,
    capabilities: new Set(['sessionControl']),
    onSubscribed: (_id, e) => subscribed.push(e),
  });
  return { dispatcher, fake, reg, subscribed };
}

describe('registerIpc', () => {
  it('passes calls from our renderer to the dispatcher', async () => {
    const { fake } = setup();
    const win = fakeSender(1, APP_ENTRY_URL);
    expect(await fake.invoke(win.event, 'add', { a: 1, b: 2 })).toEqual({ ok: true, value: { sum: 3 } });
    expect(await fake.invoke(win.event, 'add', { a: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await fake.invoke(win.event, 'nope', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    expect(await fake.invoke(win.event, 'control', { name: 'x' })).toEqual({
      ok: true,
      value: { done: true },
    });
  });

  it('refuses frames that are not our app', async () => {
    const { fake, dispatcher } = setup();
    for (const url of [
      'https://evil.example/',
      'file:///C:/Users/a/Downloads/x.html',
      'app://other-host/index.html',
      'devtools://devtools/bundled/inspector.html',
      '',
      null,
    ]) {
      const frame = fakeSender(7, url);
      expect(await fake.invoke(frame.event, 'ping', undefined), String(url)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      fake.send(IPC_SUBSCRIBE, frame.event, 'tick');
    }
    expect(dispatcher.events.listenerCount()).toBe(0);
    expect(dispatcher.connectionCount()).toBe(0);
  });

  it('pushes subscribed events to the window and stops on unsubscribe', () => {
    const { fake, dispatcher, subscribed } = setup();
    const win = fakeSender(1, APP_ENTRY_URL);
    fake.send(IPC_SUBSCRIBE, win.event, 'tick');
    fake.send(IPC_SUBSCRIBE, win.event, 'no-such-event');
    expect(subscribed).toEqual(['tick']);
    dispatcher.events.emit('tick', { n: 1 });
    fake.send(IPC_UNSUBSCRIBE, win.event, 'tick');
    dispatcher.events.emit('tick', { n: 2 });
    expect(win.sent).toEqual([[IPC_EVENT, 'tick', { n: 1 }]]);
    expect(dispatcher.events.listenerCount()).toBe(0);
  });

  it('a reloaded page (reset) or a closed window leaves no listener behind', () => {
    const { fake, dispatcher, reg } = setup();
    const a = fakeSender(1, APP_ENTRY_URL);
    const b = fakeSender(2, APP_ENTRY_URL);
    fake.send(IPC_SUBSCRIBE, a.event, 'tick');
    fake.send(IPC_SUBSCRIBE, a.event, 'other');
    fake.send(IPC_SUBSCRIBE, b.event, 'tick');
    expect(dispatcher.events.listenerCount()).toBe(3);
    fake.send(IPC_RESET, a.event);
    expect(dispatcher.events.listenerCount()).toBe(1);
    b.destroy();
    dispatcher.events.emit('tick', { n: 1 }); // must not send to a destroyed window
    expect(b.sent).toEqual([]);
    reg.dropSender(2);
    expect(dispatcher.events.listenerCount()).toBe(0);
    expect(dispatcher.connectionCount()).toBe(0);
  });

  it('dispose removes every handler and listener it added', () => {
    const { fake, reg, dispatcher } = setup();
    const a = fakeSender(1, APP_ENTRY_URL);
    fake.send(IPC_SUBSCRIBE, a.event, 'tick');
    expect(fake.handlerCount()).toBe(1);
    expect(fake.listenerCount()).toBe(3);
    reg.dispose();
    expect(fake.handlerCount()).toBe(0);
    expect(fake.listenerCount()).toBe(0);
    expect(dispatcher.events.listenerCount()).toBe(0);
  });
});

describe('isAppUrl', () => {
  it('accepts only app://etw-explorer', () => {
    expect(isAppUrl('app://etw-explorer/index.html')).toBe(true);
    expect(isAppUrl('app://etw-explorer/assets/x.js')).toBe(true);
    expect(isAppUrl('app://etw-explorer.evil/index.html')).toBe(false);
    expect(isAppUrl('http://etw-explorer/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

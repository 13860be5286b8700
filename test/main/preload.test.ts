// The preload with Electron mocked: it exposes exactly invoke/on/pathForFile as `window.etw`,
// subscribes once per event, routes pushed events, and says `reset` when a page starts.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  IPC_EVENT,
  IPC_INVOKE,
  IPC_RESET,
  IPC_SUBSCRIBE,
  IPC_UNSUBSCRIBE,
} from '../../electron/common/ipc/electron-channels';

type Fn = (...args: unknown[]) => unknown;
const h = vi.hoisted(() => ({
  exposed: new Map<string, Record<string, Fn>>(),
  sent: [] as unknown[][],
  invoked: [] as unknown[][],
  rendererListeners: new Map<string, Fn>(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: Record<string, Fn>) => void h.exposed.set(key, api),
  },
  ipcRenderer: {
    send: (...args: unknown[]) => void h.sent.push(args),
    invoke: (...args: unknown[]) => {
      h.invoked.push(args);
      return Promise.resolve({ ok: true, value: 'answer' });
    },
    on: (channel: string, fn: Fn) => void h.rendererListeners.set(channel, fn),
  },
  webUtils: {
    getPathForFile: (file: { path?: string }) => {
      if (!file.path) throw new Error('not a file');
      return file.path;
    },
  },
}));

beforeAll(async () => {
  await import('../../electron/preload/preload');
});

describe('preload', () => {
  it('exposes exactly invoke, on and pathForFile on window.etw, and resets at start', () => {
    expect([...h.exposed.keys()]).toEqual(['etw']);
    expect(Object.keys(h.exposed.get('etw') ?? {}).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    expect(h.sent[0]).toEqual([IPC_RESET]);
  });

  it('forwards invoke through one IPC channel', async () => {
    const etw = h.exposed.get('etw') as Record<string, Fn>;
    expect(await etw.invoke?.('app.info', { x: 1 })).toEqual({ ok: true, value: 'answer' });
    expect(h.invoked).toEqual([[IPC_INVOKE, 'app.info', { x: 1 }]]);
  });

  it('subscribes once per event, routes pushes, unsubscribes after the last listener', () => {
    const etw = h.exposed.get('etw') as Record<string, Fn>;
    h.sent.length = 0;
    const got: unknown[] = [];
    const off1 = etw.on?.('status', (p: unknown) => got.push(['1', p])) as () => void;
    const off2 = etw.on?.('status', (p: unknown) => got.push(['2', p])) as () => void;
    expect(h.sent).toEqual([[IPC_SUBSCRIBE, 'status']]);
    h.rendererListeners.get(IPC_EVENT)?.({}, 'status', { n: 1 });
    h.rendererListeners.get(IPC_EVENT)?.({}, 'other', { n: 2 });
    off1();
    off2();
    expect(h.sent).toEqual([
      [IPC_SUBSCRIBE, 'status'],
      [IPC_UNSUBSCRIBE, 'status'],
    ]);
    expect(got).toEqual([
      ['1', { n: 1 }],
      ['2', { n: 1 }],
    ]);
    // Junk from the page is ignored, not thrown.
    expect(typeof etw.on?.(42, 'not a function')).toBe('function');
  });

  it('pathForFile answers the path, or "" for something that is not a file', () => {
    const etw = h.exposed.get('etw') as Record<string, Fn>;
    expect(etw.pathForFile?.({ path: '/t/boot.etl' })).toBe('/t/boot.etl');
    expect(etw.pathForFile?.({})).toBe('');
  });
});

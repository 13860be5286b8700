// The main process wiring with Electron mocked (vi.mock('electron')): single-instance lock, a
// hardened window (context isolation, sandbox, no node), the app:// protocol, blocked remote
// requests and permissions, denied navigation and popups, the IPC transport answering from the
// services, and menus reaching the renderer as `app.command` events.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE, IPC_SUBSCRIBE } from '../../electron/common/ipc/electron-channels';

type Fn = (...args: unknown[]) => unknown;

const h = vi.hoisted(() => {
  const state = {
    lock: true,
    userData: '',
    appListeners: new Map<string, Fn>(),
    windows: [] as Array<{
      options: Record<string, unknown>;
      url?: string;
      contents: Record<string, unknown>;
      contentsListeners: Map<string, Fn>;
    }>,
    ipcHandlers: new Map<string, Fn>(),
    ipcListeners: new Map<string, Fn[]>(),
    protocolHandlers: new Map<string, Fn>(),
    privileged: [] as unknown[],
    beforeRequest: undefined as Fn | undefined,
    permissionRequest: undefined as Fn | undefined,
    menus: [] as unknown[],
    quit: 0,
    sentToRenderer: [] as unknown[][],
    themeSource: 'system',
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const contentsListeners = new Map<string, Fn>();
      const record = {
        options,
        contents: {} as Record<string, unknown>,
        contentsListeners,
        url: undefined as string | undefined,
      };
      this.webContents = {
        id: h.windows.length + 1,
        setWindowOpenHandler: (fn: Fn) => contentsListeners.set('window-open', fn),
        on: (event: string, fn: Fn) => contentsListeners.set(event, fn),
        once: (event: string, fn: Fn) => contentsListeners.set(event, fn),
        isDestroyed: () => false,
        send: (...args: unknown[]) => h.sentToRenderer.push(args),
      };
      record.contents = this.webContents;
      h.windows.push(record);
    }
    loadURL(url: string) {
      const record = h.windows.find((w) => w.contents === this.webContents);
      if (record) record.url = url;
      return Promise.resolve();
    }
    once() {}
    on() {}
    show() {}
    maximize() {}
    isMaximized() {
      return false;
    }
    isMinimized() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1000, height: 700 };
    }
  }
  return {
    app: {
      enableSandbox: () => {},
      requestSingleInstanceLock: () => h.lock,
      quit: () => void h.quit++,
      on: (event: string, fn: Fn) => void h.appListeners.set(event, fn),
      whenReady: () => Promise.resolve(),
      getPath: () => h.userData,
      getAppPath: () => '/app',
      getVersion: () => '0.0.0',
      isPackaged: false,
      addRecentDocument: () => {},
      clearRecentDocuments: () => {},
    },
    BrowserWindow,
    dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
    ipcMain: {
      handle: (ch: string, fn: Fn) => void h.ipcHandlers.set(ch, fn),
      removeHandler: (ch: string) => void h.ipcHandlers.delete(ch),
      on: (ch: string, fn: Fn) => void h.ipcListeners.set(ch, [...(h.ipcListeners.get(ch) ?? []), fn]),
      removeListener: () => {},
    },
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: (m: unknown) => void h.menus.push(m),
    },
    nativeTheme: {
      shouldUseDarkColors: false,
      get themeSource() {
        return h.themeSource;
      },
      set themeSource(v: string) {
        h.themeSource = v;
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown) => void h.privileged.push(s),
      handle: (scheme: string, fn: Fn) => void h.protocolHandlers.set(scheme, fn),
    },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => (h.permissionRequest = fn),
        setPermissionCheckHandler: () => {},
        webRequest: { onBeforeRequest: (fn: Fn) => (h.beforeRequest = fn) },
      },
    },
    shell: { openExternal: async () => {} },
  };
});

const flush = () => new Promise((r) => setTimeout(r, 0));

async function loadMain(lock = true) {
  h.lock = lock;
  vi.resetModules();
  await import('../../electron/main/main');
  await flush();
}

const appFrame = (id = 1) => ({
  senderFrame: { url: 'app://etw-explorer/index.html' },
  sender: { id, isDestroyed: () => false, send: (...args: unknown[]) => h.sentToRenderer.push(args) },
});

const userDataDirs: string[] = [];
beforeEach(() => {
  h.userData = mkdtempSync(join(tmpdir(), 'etw-main-'));
  userDataDirs.push(h.userData);
  h.appListeners.clear();
  h.windows.length = 0;
  h.ipcHandlers.clear();
  h.ipcListeners.clear();
  h.protocolHandlers.clear();
  h.privileged.length = 0;
  h.menus.length = 0;
  h.sentToRenderer.length = 0;
  h.quit = 0;
});
afterAll(() => {
  for (const dir of userDataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('main process', () => {
  it('quits when another instance holds the lock', async () => {
    await loadMain(false);
    expect(h.quit).toBe(1);
    expect(h.windows).toHaveLength(0);
  });

  it('opens one hardened window on app://', async () => {
    await loadMain();
    expect(h.windows).toHaveLength(1);
    const prefs = h.windows[0]?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String(prefs.preload)).toMatch(/preload[\\/]preload\.cjs$/);
    expect(h.windows[0]?.url).toBe('app://etw-explorer/index.html');
    expect(h.privileged).toEqual([
      [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }],
    ]);
    expect(h.protocolHandlers.has('app')).toBe(true);
    expect(h.appListeners.has('second-instance')).toBe(true);
  });

  it('blocks remote requests, permissions, popups and navigation', async () => {
    await loadMain();
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      h.beforeRequest?.({ url }, (r: { cancel: boolean }) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide('https://example.com/x.js')).toBe(true);
    expect(decide('file:///etc/passwd')).toBe(true);
    expect(decide('app://etw-explorer/assets/a.js')).toBe(false);
    let granted: boolean | undefined;
    h.permissionRequest?.({}, 'media', (g: boolean) => (granted = g));
    expect(granted).toBe(false);

    const listeners = h.windows[0]?.contentsListeners;
    expect((listeners?.get('window-open') as Fn)({ url: 'https://evil.example' })).toEqual({
      action: 'deny',
    });
    let prevented = false;
    (listeners?.get('will-navigate') as Fn)(
      { preventDefault: () => (prevented = true) },
      'https://evil.example/',
    );
    expect(prevented).toBe(true);
    prevented = false;
    (listeners?.get('will-navigate') as Fn)(
      { preventDefault: () => (prevented = true) },
      'app://etw-explorer/index.html',
    );
    expect(prevented).toBe(false);
  });

  it('answers the contract over IPC from the services, and refuses other frames', async () => {
    await loadMain();
    const invoke = h.ipcHandlers.get(IPC_INVOKE) as Fn;
    const info = await invoke(appFrame(), 'app.info', undefined);
    expect(info).toMatchObject({
      ok: true,
      value: {
        mode: 'electron',
        sessionControl: true,
        liveEtw: { available: process.platform === 'win32' ? expect.any(Boolean) : false },
      },
    });
    const evil = { ...appFrame(), senderFrame: { url: 'https://evil.example/' } };
    expect(await invoke(evil, 'app.info', undefined)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await invoke(appFrame(), 'capture.open', { path: 7 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('keeps alert rules edited in the app in userData', async () => {
    await loadMain();
    const invoke = h.ipcHandlers.get(IPC_INVOKE) as Fn;
    const text = '{"version": 1, "rules": []}';
    expect(await invoke(appFrame(), 'alerts.setRules', { text })).toMatchObject({ ok: true });
    await expect.poll(() => existsSync(join(h.userData, 'alert-rules.json'))).toBe(true);
    expect(readFileSync(join(h.userData, 'alert-rules.json'), 'utf8')).toBe(text);
  });

  it('sends menu commands to the renderer once it listens', async () => {
    await loadMain();
    for (const fn of h.ipcListeners.get(IPC_SUBSCRIBE) ?? []) fn(appFrame(), 'app.command');
    const menu = h.menus.at(-1) as Array<{ label?: string; submenu?: Array<{ label?: string; click?: Fn }> }>;
    const file = menu.find((m) => m.label === '&File');
    file?.submenu?.find((i) => i.label === 'Open Capture…')?.click?.();
    expect(h.sentToRenderer).toEqual([[IPC_EVENT, 'app.command', { command: 'openCapture' }]]);
    const view = menu.find((m) => m.label === '&View');
    const theme = view?.submenu?.find((i) => i.label === 'Theme') as
      { submenu?: Array<{ label?: string; click?: Fn }> } | undefined;
    theme?.submenu?.find((i) => i.label === 'Dark')?.click?.();
    expect(h.themeSource).toBe('dark');
    expect(h.sentToRenderer.at(-1)).toEqual([
      IPC_EVENT,
      'app.command',
      { command: 'setTheme', theme: 'dark' },
    ]);
  });
});

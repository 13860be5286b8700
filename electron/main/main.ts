// The desktop app's main process (bundled to dist/main/main.cjs): single instance, one hardened
// window showing app://etw-explorer/index.html, native menus, window state, recent files, the native
// addon verdict, and the contract served over Electron IPC by the same services web mode uses.
// The pieces live in small modules that tests drive without Electron; this file only wires them.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  protocol,
  screen,
  session,
  shell,
} from 'electron';
import { join } from 'node:path';
import type { AppCommand } from '../common/ipc/messages';
import { fileKindOf } from '../common/ipc/file-kinds';
import { createAppDispatcher } from '../services/app-services';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { APP_ENTRY_URL, isAppUrl } from './app-url';
import { filePathsFromArgv } from './argv';
import { createElectronDialogService } from './electron-dialog';
import { registerIpc } from './ipc';
import { buildMenuTemplate, type ThemeChoice } from './menu';
import { loadNativeEtw } from './native-loader';
import { createRecentFiles } from './recent-files';
import { hardenSession, hardenWebContents } from './security';
import { createWindowStateStore, fitToDisplays, MIN_HEIGHT, MIN_WIDTH } from './window-state';

declare const __APP_VERSION__: string | undefined;
const APP_NAME = 'ETW Explorer';

app.enableSandbox();
registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  let mainWindow: BrowserWindow | undefined;
  let rendererListening = false;
  const queuedPaths: string[] = [...filePathsFromArgv(process.argv, { isPackaged: app.isPackaged })];
  let sendCommand: (command: AppCommand) => void = () => {};

  const openFromOs = (path: string) => {
    if (rendererListening) sendCommand({ command: 'openPath', kind: fileKindOf(path), path });
    else queuedPaths.push(path);
  };

  app.on('open-file', (event, path) => {
    event.preventDefault();
    openFromOs(path);
  });
  app.on('second-instance', (_event, argv) => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    for (const path of filePathsFromArgv(argv, { isPackaged: app.isPackaged })) openFromOs(path);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    handleAppProtocol(protocol, join(__dirname, '..', 'renderer'));

    const userData = app.getPath('userData');
    const recent = createRecentFiles(join(userData, 'recent.json'));
    const native = loadNativeEtw({
      isPackaged: app.isPackaged,
      appPath: app.getAppPath(),
      resourcesPath: process.resourcesPath,
    });
    let theme: ThemeChoice = 'system';

    const { dispatcher, services } = createAppDispatcher({
      identity: {
        name: APP_NAME,
        version: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : app.getVersion(),
        mode: 'electron',
        platform: process.platform,
        arch: process.arch,
        liveEtw: native.status,
      },
      addon: native.addon,
      // Alert rules edited in the Processes view persist between runs (built-ins until first saved).
      rulesPath: join(userData, 'alert-rules.json'),
      dialog: createElectronDialogService(dialog, () => mainWindow),
      onFileOpened: (kind, path) => {
        recent.add({ kind, path });
        app.addRecentDocument(path);
        rebuildMenu();
      },
      onHandlerError: (channel, e) => console.error(`'${channel}' failed:`, e),
    });
    sendCommand = (command) => dispatcher.events.emit('app.command', command);
    // Live sessions of ours stop with the app (a crash leaves them to the next start's reclaim).
    app.on('will-quit', () => services.sessions.dispose());

    const ipc = registerIpc(ipcMain, dispatcher, {
      isTrustedUrl: isAppUrl,
      capabilities: new Set(['sessionControl']),
      onSubscribed: (_senderId, event) => {
        if (event !== 'app.command') return;
        rendererListening = true;
        for (const path of queuedPaths.splice(0)) openFromOs(path);
      },
    });

    function rebuildMenu() {
      const template = buildMenuTemplate({
        appName: APP_NAME,
        isMac: process.platform === 'darwin',
        isDev: !app.isPackaged,
        recent: recent.list(),
        theme,
        command: (command) => {
          if (command.command === 'setTheme') {
            theme = command.theme;
            nativeTheme.themeSource = theme;
            rebuildMenu();
          }
          sendCommand(command);
        },
        clearRecent: () => {
          recent.clear();
          app.clearRecentDocuments();
          rebuildMenu();
        },
      });
      Menu.setApplicationMenu(Menu.buildFromTemplate(template));
    }

    function createWindow() {
      const stateStore = createWindowStateStore(join(userData, 'window-state.json'));
      const primary = screen.getPrimaryDisplay();
      const workAreas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map(
        (d) => d.workArea,
      );
      const state = fitToDisplays(stateStore.load(), workAreas);
      const win = new BrowserWindow({
        ...(state.bounds ?? { width: state.width, height: state.height }),
        minWidth: MIN_WIDTH,
        minHeight: MIN_HEIGHT,
        show: false,
        title: APP_NAME,
        backgroundColor: nativeTheme.shouldUseDarkColors ? '#1f1f1f' : '#ffffff',
        webPreferences: {
          preload: join(__dirname, '..', 'preload', 'preload.cjs'),
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          webSecurity: true,
          spellcheck: false,
          devTools: !app.isPackaged,
        },
      });
      mainWindow = win;
      hardenWebContents(win.webContents, (url) => void shell.openExternal(url));
      if (state.maximized) win.maximize();
      win.once('ready-to-show', () => win.show());

      let saveTimer: NodeJS.Timeout | undefined;
      const save = () => stateStore.save({ bounds: win.getNormalBounds(), maximized: win.isMaximized() });
      const saveSoon = () => {
        clearTimeout(saveTimer);
        saveTimer = setTimeout(save, 500);
      };
      win.on('resize', saveSoon);
      win.on('move', saveSoon);
      win.on('close', () => {
        clearTimeout(saveTimer);
        save();
      });
      const contentsId = win.webContents.id;
      win.webContents.once('destroyed', () => {
        ipc.dropSender(contentsId);
        rendererListening = false;
        if (mainWindow === win) mainWindow = undefined;
      });
      void win.loadURL(APP_ENTRY_URL);
    }

    rebuildMenu();
    createWindow();
    app.on('activate', () => {
      if (!mainWindow) createWindow();
    });
  });
}

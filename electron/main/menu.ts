// The desktop app's native menus, as a plain template (no Electron objects), so tests can read
// labels and accelerators and click items. Items that act on the page send an AppCommand to the
// renderer (`app.command` event), which runs the same code as its toolbar and shortcuts.
import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../common/ipc/messages';
import { fileNameOf } from '../common/ipc/file-kinds';
import type { RecentEntry } from './recent-files';

export type ThemeChoice = 'system' | 'light' | 'dark';

export interface MenuOptions {
  appName: string;
  isMac: boolean;
  isDev: boolean;
  recent: RecentEntry[];
  theme: ThemeChoice;
  command(command: AppCommand): void;
  clearRecent(): void;
}

export function buildMenuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] = o.recent.length
    ? [
        ...o.recent.map((entry) => ({
          label: `${fileNameOf(entry.path)}  (${entry.kind})`,
          toolTip: entry.path,
          click: () => o.command({ command: 'openPath', kind: entry.kind, path: entry.path }),
        })),
        { type: 'separator' as const },
        { label: 'Clear Recent', click: o.clearRecent },
      ]
    : [{ label: 'No recent files', enabled: false }];

  const themeItem = (theme: ThemeChoice, label: string): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: o.theme === theme,
    click: () => o.command({ command: 'setTheme', theme }),
  });

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      {
        label: 'Open Capture…',
        accelerator: 'CmdOrCtrl+O',
        click: () => o.command({ command: 'openCapture' }),
      },
      {
        label: 'Open Manifest or Binary…',
        accelerator: 'CmdOrCtrl+Shift+O',
        click: () => o.command({ command: 'openManifest' }),
      },
      { label: 'Open Recent', submenu: recentItems },
      { type: 'separator' },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => o.command({ command: 'export' }) },
      ...(o.isMac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const, label: 'Exit' }]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'copy' },
      { role: 'selectAll' },
      { type: 'separator' },
      { label: 'Find…', accelerator: 'CmdOrCtrl+F', click: () => o.command({ command: 'find' }) },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      {
        label: 'Theme',
        submenu: [
          themeItem('system', 'Follow System'),
          themeItem('light', 'Light'),
          themeItem('dark', 'Dark'),
        ],
      },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(o.isDev
        ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }]
        : []),
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    submenu: [
      {
        label: 'Keyboard Shortcuts',
        accelerator: 'F1',
        click: () => o.command({ command: 'showShortcuts' }),
      },
      { type: 'separator' },
      { label: `About ${o.appName}`, click: () => o.command({ command: 'about' }) },
    ],
  };
  const macApp: MenuItemConstructorOptions = {
    label: o.appName,
    submenu: [
      { label: `About ${o.appName}`, click: () => o.command({ command: 'about' }) },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  return [...(o.isMac ? [macApp] : []), file, edit, view, { role: 'windowMenu' }, help];
}

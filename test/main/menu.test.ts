// The native menu template: the items the brief asks for, with accelerators, and clicks that send
// the right commands to the renderer.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { AppCommand } from '../../electron/common/ipc/messages';
import { buildMenuTemplate, type MenuOptions } from '../../electron/main/menu';

function build(overrides: Partial<MenuOptions> = {}) {
  const commands: AppCommand[] = [];
  let cleared = 0;
  const template = buildMenuTemplate({
    appName: 'ETW Explorer',
    isMac: false,
    isDev: false,
    recent: [],
    theme: 'system',
    command: (c) => commands.push(c),
    clearRecent: () => cleared++,
    ...overrides,
  });
  return { template, commands, cleared: () => cleared };
}

const submenu = (item: MenuItemConstructorOptions | undefined) =>
  (item?.submenu ?? []) as MenuItemConstructorOptions[];
const find = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label);
const click = (item: MenuItemConstructorOptions | undefined) =>
  (item?.click as unknown as (() => void) | undefined)?.();

describe('buildMenuTemplate', () => {
  it('has File, Edit, View, Window and Help menus (plus the app menu on macOS)', () => {
    expect(build().template.map((m) => m.label ?? m.role)).toEqual([
      '&File',
      '&Edit',
      '&View',
      'windowMenu',
      '&Help',
    ]);
    expect(build({ isMac: true }).template.map((m) => m.label ?? m.role)).toEqual([
      'ETW Explorer',
      '&File',
      '&Edit',
      '&View',
      'windowMenu',
      '&Help',
    ]);
  });

  it('File: open capture, open manifest, recent, export, with accelerators and commands', () => {
    const { template, commands } = build();
    const file = submenu(template[0]);
    const open = find(file, 'Open Capture…');
    expect(open?.accelerator).toBe('CmdOrCtrl+O');
    click(open);
    click(find(file, 'Open Manifest or Binary…'));
    click(find(file, 'Export…'));
    expect(commands).toEqual([
      { command: 'openCapture' },
      { command: 'openManifest' },
      { command: 'export' },
    ]);
    expect(submenu(find(file, 'Open Recent'))).toEqual([{ label: 'No recent files', enabled: false }]);
  });

  it('Recent: one item per file opening it, and Clear', () => {
    const { template, commands, cleared } = build({
      recent: [
        { path: '/t/boot.etl', kind: 'capture' },
        { path: 'C:\\m\\tcpip.man', kind: 'manifest' },
      ],
    });
    const recent = submenu(find(submenu(template[0]), 'Open Recent'));
    expect(recent.map((r) => r.label ?? r.type)).toEqual([
      'boot.etl  (capture)',
      'tcpip.man  (manifest)',
      'separator',
      'Clear Recent',
    ]);
    click(recent[1]);
    click(recent[3]);
    expect(commands).toEqual([{ command: 'openPath', kind: 'manifest', path: 'C:\\m\\tcpip.man' }]);
    expect(cleared()).toBe(1);
  });

  it('View: theme radio items reflect and set the theme; reload only in development', () => {
    const { template, commands } = build({ theme: 'dark' });
    const view = submenu(template[2]);
    const themes = submenu(find(view, 'Theme'));
    expect(themes.map((t) => [t.label, t.checked])).toEqual([
      ['Follow System', false],
      ['Light', false],
      ['Dark', true],
    ]);
    click(themes[1]);
    expect(commands).toEqual([{ command: 'setTheme', theme: 'light' }]);
    expect(view.some((i) => i.role === 'reload')).toBe(false);
    expect(submenu(build({ isDev: true }).template[2]).some((i) => i.role === 'reload')).toBe(true);
  });

  it('Help: shortcuts and about', () => {
    const { template, commands } = build();
    const help = submenu(template[4]);
    click(find(help, 'Keyboard Shortcuts'));
    click(find(help, 'About ETW Explorer'));
    expect(commands).toEqual([{ command: 'showShortcuts' }, { command: 'about' }]);
  });
});

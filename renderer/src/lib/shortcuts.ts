// The keyboard shortcuts: one table that both the key handler (app/use-shortcuts.ts) and the
// Help › Keyboard Shortcuts dialog read, so the documentation cannot drift from the behaviour.
// "Mod" is Ctrl, or ⌘ on macOS.

export type ShortcutId =
  | 'openCapture'
  | 'openManifest'
  | 'find'
  | 'exportEvents'
  | 'focusFilter'
  | 'togglePause'
  | 'showShortcuts'
  | 'viewWelcome'
  | 'viewProviders'
  | 'viewEvents'
  | 'viewProcesses'
  | 'viewSessions'
  | 'closeOverlay';

export interface KeyCombo {
  key: string;
  mod?: boolean;
  shift?: boolean;
}

export interface Shortcut {
  id: ShortcutId;
  description: string;
  keys: KeyCombo[];
  /** Also fires while typing in a text field (otherwise the field gets the key). */
  inTextField?: boolean;
}

export const SHORTCUTS: Shortcut[] = [
  {
    id: 'openCapture',
    description: 'Open a capture (.etl)',
    keys: [{ key: 'o', mod: true }],
    inTextField: true,
  },
  {
    id: 'openManifest',
    description: 'Open a manifest or binary',
    keys: [{ key: 'o', mod: true, shift: true }],
    inTextField: true,
  },
  { id: 'find', description: 'Find in the current view', keys: [{ key: 'f', mod: true }], inTextField: true },
  {
    id: 'exportEvents',
    description: 'Export events (JSON Lines, CSV, Parquet, ETL)',
    keys: [{ key: 'e', mod: true }],
    inTextField: true,
  },
  { id: 'focusFilter', description: 'Focus the filter box', keys: [{ key: '/' }, { key: 'l', mod: true }] },
  {
    id: 'togglePause',
    description: 'Pause or resume the live view',
    keys: [{ key: ' ' }, { key: 'p', mod: true }],
  },
  { id: 'viewWelcome', description: 'Go to Start', keys: [{ key: '1', mod: true }], inTextField: true },
  { id: 'viewProviders', description: 'Go to Providers', keys: [{ key: '2', mod: true }], inTextField: true },
  { id: 'viewEvents', description: 'Go to Events', keys: [{ key: '3', mod: true }], inTextField: true },
  { id: 'viewProcesses', description: 'Go to Processes', keys: [{ key: '4', mod: true }], inTextField: true },
  { id: 'viewSessions', description: 'Go to Sessions', keys: [{ key: '5', mod: true }], inTextField: true },
  {
    id: 'showShortcuts',
    description: 'Show keyboard shortcuts',
    keys: [{ key: 'F1' }, { key: '?', shift: true }],
  },
  {
    id: 'closeOverlay',
    description: 'Close the find bar or dialog',
    keys: [{ key: 'Escape' }],
    inTextField: true,
  },
];

export interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The shortcut a key press triggers, or undefined. `inTextField`: focus is in an input/textarea. */
export function matchShortcut(event: KeyEventLike, inTextField: boolean): ShortcutId | undefined {
  if (event.altKey) return undefined;
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  for (const shortcut of SHORTCUTS) {
    if (inTextField && !shortcut.inTextField) continue;
    for (const combo of shortcut.keys) {
      const shiftMatters = combo.key.length > 1 || /[a-z]/.test(combo.key);
      if (combo.key.toLowerCase() !== key.toLowerCase()) continue;
      if (!!combo.mod !== mod) continue;
      if (shiftMatters && !!combo.shift !== event.shiftKey) continue;
      return shortcut.id;
    }
  }
  return undefined;
}

/** "Ctrl+Shift+O" / "⌘⇧O" for display. */
export function formatCombo(combo: KeyCombo, mac: boolean): string {
  const names: Record<string, string> = { ' ': 'Space', Escape: 'Esc' };
  const key = names[combo.key] ?? (combo.key.length === 1 ? combo.key.toUpperCase() : combo.key);
  const parts = [
    combo.mod ? (mac ? '⌘' : 'Ctrl') : '',
    combo.shift && combo.key !== '?' ? (mac ? '⇧' : 'Shift') : '',
    key,
  ];
  return parts.filter(Boolean).join(mac ? '' : '+');
}

export const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform);

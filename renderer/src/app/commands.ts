// What shortcuts, toolbar buttons and native menu commands do: one function per action, so every
// entry point behaves the same.
import type { AppCommand } from '@common/ipc/messages';
import { useExportStore } from '../features/export/export-store';
import { chooseAndOpen, openPath } from '../features/open/open-actions';
import type { ShortcutId } from '../lib/shortcuts';
import { useAppStore, type ViewId } from '../stores/app-store';
import { useThemeStore } from '../stores/theme-store';
import { useUiStore } from '../stores/ui-store';

const VIEW_SHORTCUTS: Partial<Record<ShortcutId, ViewId>> = {
  viewWelcome: 'welcome',
  viewProviders: 'providers',
  viewEvents: 'events',
  viewProcesses: 'processes',
  viewSessions: 'sessions',
};

/** Find: in the Providers view its search box, elsewhere the find bar over the Events rows. */
export function openFind(): void {
  const ui = useUiStore.getState();
  if (useAppStore.getState().view === 'providers') {
    ui.requestFocus('providers');
    return;
  }
  ui.setFindOpen(true);
  ui.requestFocus('find');
}

export function runShortcut(id: ShortcutId): void {
  const ui = useUiStore.getState();
  const view = VIEW_SHORTCUTS[id];
  if (view) {
    useAppStore.getState().setView(view);
    return;
  }
  switch (id) {
    case 'openCapture':
      void chooseAndOpen('capture');
      break;
    case 'openManifest':
      void chooseAndOpen('manifest');
      break;
    case 'find':
      openFind();
      break;
    case 'exportEvents':
      useExportStore.getState().openDialog();
      break;
    case 'focusFilter':
      ui.requestFocus('filter');
      break;
    case 'togglePause':
      ui.togglePaused();
      break;
    case 'showShortcuts':
      ui.openDialog({ kind: 'shortcuts' });
      break;
    case 'closeOverlay':
      if (useExportStore.getState().open) useExportStore.getState().closeDialog();
      else if (ui.dialog) ui.closeDialog();
      else if (ui.findOpen) ui.setFindOpen(false);
      break;
  }
}

export function runAppCommand(command: AppCommand): void {
  const ui = useUiStore.getState();
  switch (command.command) {
    case 'openCapture':
      void chooseAndOpen('capture');
      break;
    case 'openManifest':
      void chooseAndOpen('manifest');
      break;
    case 'openPath':
      void openPath(command.kind, command.path);
      break;
    case 'export':
      useExportStore.getState().openDialog();
      break;
    case 'find':
      openFind();
      break;
    case 'setTheme':
      useThemeStore.getState().setChoice(command.theme);
      break;
    case 'showShortcuts':
      ui.openDialog({ kind: 'shortcuts' });
      break;
    case 'about':
      ui.openDialog({ kind: 'about' });
      break;
  }
}

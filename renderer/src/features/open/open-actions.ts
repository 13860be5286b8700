// Opening things, one flow for every entry point (welcome buttons, Ctrl+O, native menus, drag and
// drop, files passed by the OS): the desktop app asks the native dialog for a path; web mode asks
// for a path on the server in a small dialog (browsers do not reveal paths). Failures become
// notifications with the error code; success switches to the view that shows what opened.
import { fileNameOf, type FileKind } from '@common/ipc/file-kinds';
import type { AppError, Result } from '@common/result';
import { etw } from '../../api/etw';
import { useAppStore } from '../../stores/app-store';
import { useUiStore } from '../../stores/ui-store';

const isDesktop = () => useAppStore.getState().info?.mode === 'electron';

export async function chooseAndOpen(kind: FileKind): Promise<void> {
  if (!isDesktop()) {
    useUiStore.getState().openDialog({ kind: 'openPath', fileKind: kind });
    return;
  }
  const chosen = await etw.invoke('dialog.openFile', { kind });
  if (!chosen.ok) {
    useUiStore.getState().notifyError('Cannot show the file dialog', chosen.error);
    return;
  }
  if (chosen.value.path) await openPath(kind, chosen.value.path);
}

/** Opens a path; returns the error (also shown as a notification unless `quiet`). */
export async function openPath(
  kind: FileKind,
  path: string,
  options: { quiet?: boolean } = {},
): Promise<AppError | undefined> {
  const app = useAppStore.getState();
  app.setBusy(`Opening ${fileNameOf(path)}…`);
  try {
    if (kind === 'capture') {
      const opened = await etw.invoke('capture.open', { path });
      if (!opened.ok) return failed(`Cannot open ${fileNameOf(path)}`, opened, options.quiet);
      app.setCapture(opened.value);
      app.setView('events');
    } else {
      const opened = await etw.invoke('manifest.open', { path });
      if (!opened.ok) return failed(`Cannot read ${fileNameOf(path)}`, opened, options.quiet);
      app.addManifest(opened.value);
      app.setView('providers');
    }
    return undefined;
  } finally {
    useAppStore.getState().setBusy(undefined);
  }
}

export async function openDemo(): Promise<void> {
  const opened = await etw.invoke('demo.open');
  if (!opened.ok) {
    useUiStore.getState().notifyError('The demo is not available', opened.error);
    return;
  }
  useAppStore.getState().setCapture(opened.value);
  useAppStore.getState().setView('events');
}

function failed(title: string, result: Result<unknown>, quiet = false): AppError | undefined {
  if (result.ok) return undefined;
  if (!quiet) useUiStore.getState().notifyError(title, result.error);
  return result.error;
}

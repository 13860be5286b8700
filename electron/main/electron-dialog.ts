// The desktop app's DialogService: Electron's native open dialog, with filters per file kind.
import type { BrowserWindow, Dialog, FileFilter } from 'electron';
import type { FileKind } from '../common/ipc/file-kinds';
import { err, ok } from '../common/result';
import type { DialogService } from '../services/dialog-service';

export const FILE_FILTERS: Record<FileKind, FileFilter[]> = {
  capture: [
    { name: 'ETW captures', extensions: ['etl'] },
    { name: 'All files', extensions: ['*'] },
  ],
  manifest: [
    { name: 'Manifests and binaries', extensions: ['man', 'xml', 'dll', 'exe', 'sys', 'mui', 'bin'] },
    { name: 'All files', extensions: ['*'] },
  ],
};

export function createElectronDialogService(
  dialog: Pick<Dialog, 'showOpenDialog'>,
  window: () => BrowserWindow | undefined,
): DialogService {
  return {
    async openFile(kind) {
      const title = kind === 'capture' ? 'Open capture' : 'Open manifest or binary';
      const options = { title, properties: ['openFile' as const], filters: FILE_FILTERS[kind] };
      try {
        const parent = window();
        const chosen = parent
          ? await dialog.showOpenDialog(parent, options)
          : await dialog.showOpenDialog(options);
        return ok({ path: chosen.canceled ? null : (chosen.filePaths[0] ?? null) });
      } catch (e) {
        return err('INTERNAL', `the file dialog failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}

// The desktop app's DialogService: Electron's native open and save dialogs, with filters per file
// kind and per export format.
import type { BrowserWindow, Dialog, FileFilter } from 'electron';
import type { ExportFormatName } from '../common/ipc/export-messages';
import type { FileKind } from '../common/ipc/file-kinds';
import { err, ok, type Result } from '../common/result';
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

export const EXPORT_FILTERS: Record<ExportFormatName, FileFilter[]> = {
  jsonl: [{ name: 'JSON Lines', extensions: ['jsonl', 'ndjson', 'json'] }],
  csv: [{ name: 'CSV', extensions: ['csv'] }],
  parquet: [{ name: 'Parquet', extensions: ['parquet'] }],
  etl: [{ name: 'ETW capture', extensions: ['etl'] }],
};

export function createElectronDialogService(
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>,
  window: () => BrowserWindow | undefined,
): DialogService {
  const failed = (e: unknown): Result<never> =>
    err('INTERNAL', `the file dialog failed: ${e instanceof Error ? e.message : String(e)}`);
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
        return failed(e);
      }
    },
    async saveFile(defaultName, format) {
      const options = {
        title: 'Export events',
        defaultPath: defaultName,
        filters: [...EXPORT_FILTERS[format], { name: 'All files', extensions: ['*'] }],
        properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
      };
      try {
        const parent = window();
        const chosen = parent
          ? await dialog.showSaveDialog(parent, options)
          : await dialog.showSaveDialog(options);
        return ok({ path: chosen.canceled || !chosen.filePath ? null : chosen.filePath });
      } catch (e) {
        return failed(e);
      }
    },
  };
}

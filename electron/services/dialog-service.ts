// Native file pickers. The desktop app supplies an implementation backed by Electron's dialog (in
// electron/main); web mode uses `browserDialogService`, since a browser cannot hand a server path
// over: the renderer asks for a path on the server instead (and offers exports as downloads).
import { err, type Result } from '../common/result';
import type { ExportFormatName } from '../common/ipc/export-messages';
import type { FileKind } from '../common/ipc/file-kinds';

export interface DialogService {
  /** `path: null` when the user cancelled. */
  openFile(kind: FileKind): Promise<Result<{ path: string | null }>>;
  /** Where to save an export; `path: null` when the user cancelled. */
  saveFile(defaultName: string, format: ExportFormatName): Promise<Result<{ path: string | null }>>;
}

export const browserDialogService: DialogService = {
  openFile: async () =>
    err('UNSUPPORTED_PLATFORM', 'file dialogs need the desktop app; in web mode type a path on the server'),
  saveFile: async () =>
    err(
      'UNSUPPORTED_PLATFORM',
      'file dialogs need the desktop app; in web mode type a path on the server or download the file',
    ),
};

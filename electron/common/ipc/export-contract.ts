// The export part of the IPC contract (spread into contract.ts): start an export of a capture's
// events (a view, everything, or selected rows; in the view's order or in time order) to a file or,
// in web mode, to a one-time download; cancel it (nothing is left on disk); the native save dialog
// of the desktop app. Progress comes back as `export.progress` events until one says `done`.
import { z } from 'zod';
import { channel, event } from './contract-kit';
import {
  EXPORT_FORMAT_NAMES,
  EXPORT_ORDERS,
  EXPORT_SCOPES,
  type ExportProgressEvent,
  type ExportStarted,
} from './export-messages';

const id = z.string().min(1).max(128);
const filePath = z.string().min(1).max(4096);
/** Most selected rows one export takes (a selection is what a person picked, not a capture). */
export const MAX_EXPORT_SEQS = 1_000_000;

export const exportChannels = {
  /** Starts an export in a worker; answers at once. A bad path is an IO_ERROR naming it. */
  'export.start': channel<ExportStarted>()(
    z.strictObject({
      captureId: id,
      viewId: id.optional(),
      scope: z.enum(EXPORT_SCOPES),
      order: z.enum(EXPORT_ORDERS).optional(),
      seqs: z.array(z.int().min(0)).max(MAX_EXPORT_SEQS).optional(),
      format: z.enum(EXPORT_FORMAT_NAMES),
      columns: z.array(z.string().min(1).max(512)).max(1000).optional(),
      propsJson: z.boolean().optional(),
      path: filePath.optional(),
    }),
  ),
  /** Stops an export; its partial file is deleted. */
  'export.cancel': channel<{ cancelled: true }>()(z.strictObject({ exportId: id })),
  /** Native save dialog (desktop app only; web mode answers UNSUPPORTED_PLATFORM). */
  'dialog.saveFile': channel<{ path: string | null }>()(
    z.strictObject({ defaultName: z.string().min(1).max(255), format: z.enum(EXPORT_FORMAT_NAMES) }),
  ),
};

export const exportEvents = {
  'export.progress': event<ExportProgressEvent>(),
};

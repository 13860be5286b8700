// The app's IPC contract: every request channel (argument schema + response type) and every pushed
// event. Electron IPC (preload + ipcMain) and the web mode's WebSocket both carry exactly this table;
// the dispatcher validates arguments against it, the client is typed from it. Add a channel here, then
// its handler in electron/services (see services/handlers.ts); both transports pick it up.
import { z } from 'zod';
import type {
  AppCommand,
  AppInfo,
  CaptureProgress,
  CatalogHit,
  EventsBatch,
  EventsPage,
  ManifestOpened,
  OpenedCapture,
  ProviderListItem,
  StatusSnapshot,
  TraceSessionInfo,
  ViewCreated,
} from './messages';
import type { ProviderSchema } from '../model/schema';
import { channel, defineContract, event } from './contract-kit';

/** No arguments: `undefined` or `{}`; anything else is refused. */
const noArgs = z.strictObject({}).optional();
/** A file path on the machine that runs the services (main process or web-mode server). */
const filePath = z.string().min(1).max(4096);
const id = z.string().min(1).max(128);
const guid = z
  .string()
  .regex(/^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/, {
    message: 'expected a GUID like 22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716',
  });

export const contract = defineContract({
  channels: {
    'app.info': channel<AppInfo>()(noArgs),
    'status.get': channel<StatusSnapshot>()(noArgs),

    'capture.open': channel<OpenedCapture>()(z.strictObject({ path: filePath })),
    'capture.close': channel<{ closed: true }>()(z.strictObject({ captureId: id })),
    /** The built-in demo capture (works everywhere, no file needed). */
    'demo.open': channel<OpenedCapture>()(noArgs),

    'manifest.open': channel<ManifestOpened>()(z.strictObject({ path: filePath })),
    'catalog.list': channel<{ providers: ProviderListItem[] }>()(
      z.strictObject({ search: z.string().max(256).optional() }).optional(),
    ),
    'catalog.provider': channel<ProviderSchema>()(z.strictObject({ guid })),
    'catalog.search': channel<{ hits: CatalogHit[]; truncated: boolean }>()(
      z.strictObject({ text: z.string().min(1).max(256), limit: z.int().min(1).max(10_000).optional() }),
    ),

    'view.create': channel<ViewCreated>()(
      z.strictObject({ captureId: id, filter: z.string().max(4096).optional() }),
    ),
    'view.close': channel<{ closed: true }>()(z.strictObject({ viewId: id })),
    'events.rows': channel<EventsPage>()(
      z.strictObject({ viewId: id, offset: z.int().min(0), limit: z.int().min(1).max(5000) }),
    ),

    'sessions.list': channel<{ sessions: TraceSessionInfo[] }>()(noArgs),
    'sessions.stop': channel<{ stopped: true }>()(z.strictObject({ name: z.string().min(1).max(1024) }), {
      requires: 'sessionControl',
    }),

    /** Native file picker (desktop app only; web mode answers UNSUPPORTED_PLATFORM). */
    'dialog.openFile': channel<{ path: string | null }>()(
      z.strictObject({ kind: z.enum(['capture', 'manifest']) }),
    ),
  },
  events: {
    'capture.progress': event<CaptureProgress>(),
    status: event<StatusSnapshot>(),
    'events.batch': event<EventsBatch>(),
    /** Native menu items and OS requests (open a file from Explorer/Finder) for the renderer. */
    'app.command': event<AppCommand>(),
  },
});

export type EtwContract = typeof contract;

// The app's IPC contract: every request channel (argument schema + response type) and every pushed
// event. Electron IPC (preload + ipcMain) and the web mode's WebSocket both carry exactly this table;
// the dispatcher validates arguments against it, the client is typed from it. Add a channel here, then
// its handler in electron/services (see services/handlers.ts); both transports pick it up.
import { z } from 'zod';
import type {
  AppCommand,
  AppInfo,
  CaptureProgress,
  CaptureSummary,
  CatalogListing,
  CatalogSearchResult,
  EventsBatch,
  EventsPage,
  ManifestOpened,
  ManifestXml,
  OpenedCapture,
  StatusSnapshot,
  EventDetail,
  FilterCompletions,
  FindResult,
  Histogram,
  ViewGroups,
  ViewState,
} from './messages';
import { GROUP_COLUMNS, PROPERTY_SORT_PREFIX, SORT_COLUMNS } from './messages';
import type {
  AlertList,
  AlertRules,
  AnalysisStatus,
  ProcessDetails,
  ProcessList,
  ProcessTree,
} from './process-messages';
import type { ProviderSchema } from '../model/schema';
import { channel, defineContract, event } from './contract-kit';
import { sessionChannels, sessionEvents } from './session-contract';
import { exportChannels, exportEvents } from './export-contract';

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

const filterText = z.string().max(4096);
/** `prop:` and a property path: names joined by dots, none empty, no control characters. */
const isPropertyPath = (column: string): boolean =>
  column.length <= 512 &&
  column
    .slice(PROPERTY_SORT_PREFIX.length)
    .split('.')
    .every((name) => name !== '' && ![...name].some((c) => c < ' '));
const propertySortColumn = z.templateLiteral([PROPERTY_SORT_PREFIX, z.string()]).check(
  z.refine(isPropertyPath, {
    message: 'expected a header column or prop:<property path> (e.g. prop:Header.Size)',
  }),
);
const viewSort = z.strictObject({
  column: z.union([z.enum(SORT_COLUMNS), propertySortColumn]),
  descending: z.boolean(),
});

export const contract = defineContract({
  channels: {
    'app.info': channel<AppInfo>()(noArgs),
    'status.get': channel<StatusSnapshot>()(noArgs),

    'capture.open': channel<OpenedCapture>()(z.strictObject({ path: filePath })),
    'capture.close': channel<{ closed: true }>()(z.strictObject({ captureId: id })),
    /** The capture's summary now: events so far while it is read, the final figures once done. */
    'capture.info': channel<CaptureSummary>()(z.strictObject({ captureId: id })),
    /** The built-in demo capture (works everywhere, no file needed). */
    'demo.open': channel<OpenedCapture>()(noArgs),

    'manifest.open': channel<ManifestOpened>()(z.strictObject({ path: filePath })),
    /** Providers whose name or GUID contains `search` (all when absent). */
    'catalog.list': channel<CatalogListing>()(
      z.strictObject({ search: z.string().max(256).optional() }).optional(),
    ),
    'catalog.provider': channel<ProviderSchema>()(z.strictObject({ guid })),
    /** Event names and symbols, field, keyword, task and opcode names and messages of every provider. */
    'catalog.search': channel<CatalogSearchResult>()(
      z.strictObject({ text: z.string().min(1).max(256), limit: z.int().min(1).max(10_000).optional() }),
    ),
    /** One provider written back as an instrumentation manifest (export). */
    'catalog.manifestXml': channel<ManifestXml>()(z.strictObject({ guid })),

    /** Stops reading a capture (what was read stays); a live stream or replay stops growing. */
    'capture.cancel': channel<{ cancelled: true }>()(z.strictObject({ captureId: id })),
    /** Replays a capture as if live: `speed` 1 = real time, 10 = ten times faster, 'max' = as fast as possible. */
    'replay.open': channel<OpenedCapture>()(
      z.strictObject({ path: filePath, speed: z.union([z.number().positive().max(1e6), z.literal('max')]) }),
    ),

    /** A filtered, sorted window onto a capture; a bad filter is a PARSE_ERROR with offset/length. */
    'view.create': channel<ViewState>()(
      z.strictObject({
        captureId: id,
        filter: filterText.optional(),
        sort: viewSort.optional(),
        follow: z.boolean().optional(),
      }),
    ),
    /** Changes a view; a bad filter is a PARSE_ERROR with offset/length and leaves the view as it was. */
    'view.update': channel<ViewState>()(
      z.strictObject({
        viewId: id,
        filter: filterText.optional(),
        sort: viewSort.optional(),
        paused: z.boolean().optional(),
        follow: z.boolean().optional(),
      }),
    ),
    'view.close': channel<{ closed: true }>()(z.strictObject({ viewId: id })),
    'events.rows': channel<EventsPage>()(
      z.strictObject({ viewId: id, offset: z.int().min(0), limit: z.int().min(1).max(5000) }),
    ),
    'events.detail': channel<EventDetail>()(z.strictObject({ captureId: id, seq: z.int().min(0) })),
    /** Event rate over time for the timeline (the whole capture's time range unless given). */
    'view.histogram': channel<Histogram>()(
      z.strictObject({
        viewId: id,
        buckets: z.int().min(1).max(8192),
        fromTicks: z.number().finite().optional(),
        toTicks: z.number().finite().optional(),
      }),
    ),
    /** "Count by": the view's events counted by one column, most first, each group with its filter. */
    'view.groups': channel<ViewGroups>()(
      z.strictObject({ viewId: id, column: z.enum(GROUP_COLUMNS), limit: z.int().min(1).max(10_000) }),
    ),
    /** Filter-bar autocomplete with the providers, events and properties of the view's capture. */
    'view.completions': channel<FilterCompletions>()(
      z.strictObject({ viewId: id, text: filterText, cursor: z.int().min(0).max(4096) }),
    ),
    /** The next row (from `from`, forward or backward) whose text contains `text` (ignoring case). */
    'view.find': channel<FindResult>()(
      z.strictObject({
        viewId: id,
        text: z.string().min(1).max(1024),
        from: z.int().min(-1),
        backwards: z.boolean().optional(),
      }),
    ),
    /** Where an event is in a view (-1 when the filter hides it). */
    'view.locate': channel<{ index: number }>()(z.strictObject({ viewId: id, seq: z.int().min(0) })),

    /** Processes of a capture with their counts (events, DNS, endpoints, bytes, images, threads, alerts). */
    'processes.list': channel<ProcessList>()(z.strictObject({ captureId: id })),
    /** The process forest by key (parent → children). */
    'processes.tree': channel<ProcessTree>()(z.strictObject({ captureId: id })),
    /** One process: overview, DNS, network (with traffic series and beaconing), images, threads, WMI, PowerShell... */
    'processes.summary': channel<ProcessDetails>()(
      z.strictObject({ captureId: id, processKey: z.string().min(1).max(256) }),
    ),
    /** The alerts the rules raised on a capture, with their evidence events. */
    'alerts.list': channel<AlertList>()(z.strictObject({ captureId: id })),
    /** The alert rule file (the user's text, the built-ins, problems). */
    'alerts.rules': channel<AlertRules>()(noArgs),
    /** Validates and applies a rule file ('' = built-in rules); problems come back with their JSON path. */
    'alerts.setRules': channel<AlertRules>()(z.strictObject({ text: z.string().max(1_000_000) })),

    ...sessionChannels,
    ...exportChannels,

    /** Native file picker (desktop app only; web mode answers UNSUPPORTED_PLATFORM). */
    'dialog.openFile': channel<{ path: string | null }>()(
      z.strictObject({ kind: z.enum(['capture', 'manifest']) }),
    ),
  },
  events: {
    'capture.progress': event<CaptureProgress>(),
    status: event<StatusSnapshot>(),
    'events.batch': event<EventsBatch>(),
    /** A capture's processes or alerts changed (while it is read, or after a rules change). */
    'analysis.changed': event<AnalysisStatus>(),
    /** Native menu items and OS requests (open a file from Explorer/Finder) for the renderer. */
    'app.command': event<AppCommand>(),
    ...sessionEvents,
    ...exportEvents,
  },
});

export type EtwContract = typeof contract;

// Composition of the service objects that answer the contract, shared by the desktop app
// (electron/main) and web mode (electron/server): each transport builds them once with its own
// dialog and identity, then hands `createAppDispatcher`'s dispatcher to its transport. To add a
// channel: declare it in common/ipc/contract.ts, give a service a method, map it in bindHandlers.
import { contract, type EtwContract } from '../common/ipc/contract';
import type { ServiceHandlers } from '../common/ipc/contract-kit';
import type { ProviderSchema } from '../common/model/schema';
import { createDispatcher, createEventHub, type Dispatcher } from '../common/ipc/dispatcher';
import type { FileKind } from '../common/ipc/file-kinds';
import type { CaptureProgress } from '../common/ipc/messages';
import { ok, type Result } from '../common/result';
import { createAppService, type AppIdentity, type AppService } from './app-service';
import { createCaptureService, type CaptureService } from './capture-service';
import { createCatalogService, systemProvidersReason, type CatalogService } from './catalog-service';
import type { DialogService } from './dialog-service';
import type { Emit } from './emit';
import { createExportService, type ExportService } from './export-service';
import type { FileProbe } from './file-probe';
import type { WorkerScript } from './engine-host';
import { createProcessService, type ProcessService } from './process-service';
import { createSessionService, type SessionService } from './session-service';
import type { EtwAddon } from '../core/live/addon';
import { createStatusService, type StatusService } from './status-service';
import { createViewService, type ViewService } from './view-service';

export interface AppServices {
  app: AppService;
  status: StatusService;
  captures: CaptureService;
  views: ViewService;
  processes: ProcessService;
  catalog: CatalogService;
  sessions: SessionService;
  exports: ExportService;
  dialog: DialogService;
  onFileOpened: (kind: FileKind, path: string) => void;
}

export interface AppServicesOptions {
  identity: AppIdentity;
  dialog: DialogService;
  emit: Emit;
  probe?: FileProbe;
  /** Told when a capture or manifest opened successfully (the desktop app's File › Recent). */
  onFileOpened?: (kind: FileKind, path: string) => void;
  /** The native ETW addon, when it loaded (Windows): live sessions. */
  addon?: EtwAddon;
  /** The capture engine's worker script; default: beside a CommonJS bundle, else engines run in-process. */
  engineWorker?: WorkerScript | null;
  /** The export worker script; default: beside a CommonJS bundle (exports need it: they never run in-process). */
  exportWorker?: WorkerScript | null;
  /** The catalog's manifest-parsing worker; default: beside a CommonJS bundle, else parsing runs in-process. */
  catalogWorker?: WorkerScript | null;
  /** Where the user's alert rules are kept between runs (absent: memory only). */
  rulesPath?: string;
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const status = createStatusService(options.emit);
  const catalog = createCatalogService({
    worker: options.catalogWorker,
    systemUnavailableReason: systemProvidersReason(options.identity.liveEtw),
  });
  // Processes and alerts follow every capture's progress (pushes `analysis.changed` as it grows).
  const emit: Emit = (event, payload) => {
    options.emit(event, payload);
    if (event === 'capture.progress') processes.onProgress(payload as CaptureProgress);
  };
  const captures = createCaptureService({
    emit,
    status,
    probe: options.probe,
    schemaProviders: () => catalogProviders(catalog),
    worker: options.engineWorker,
    rules: () => processes.currentRules(),
  });
  const processes = createProcessService({ captures, emit: options.emit, rulesPath: options.rulesPath });
  return {
    app: createAppService(options.identity),
    status,
    captures,
    views: createViewService({ captures }),
    processes,
    catalog,
    sessions: createSessionService({
      liveEtw: options.identity.liveEtw,
      addon: options.addon,
      emit: options.emit,
      openLive: (spec) => captures.openLive(spec),
      providerNames: async () => {
        const listing = await catalog.list();
        return new Map(listing.ok ? listing.value.providers.map((p) => [p.guid, p.name] as const) : []);
      },
      providerSchema: async (guid) => {
        const schema = await catalog.provider(guid);
        return schema.ok ? schema.value : undefined;
      },
    }),
    exports: createExportService({
      captures,
      emit: options.emit,
      schemaProviders: () => catalogProviders(catalog),
      worker: options.exportWorker,
      downloads: options.identity.mode === 'web',
    }),
    dialog: options.dialog,
    onFileOpened: options.onFileOpened ?? (() => {}),
  };
}

/** Maps every channel of the contract to a service method (the compiler checks none is missing). */
export function bindHandlers(s: AppServices): ServiceHandlers<EtwContract> {
  const remember = <T>(kind: FileKind, path: string, result: Result<T>): Result<T> => {
    if (result.ok) s.onFileOpened(kind, path);
    return result;
  };
  return {
    'app.info': (_args, context) => ok(s.app.info(context)),
    'status.get': () => ok(s.status.get()),
    'capture.open': async ({ path }) => remember('capture', path, await s.captures.open(path)),
    'capture.close': ({ captureId }) => s.captures.close(captureId),
    'capture.cancel': ({ captureId }) => s.captures.cancel(captureId),
    'capture.info': ({ captureId }) => s.captures.info(captureId),
    'replay.open': async ({ path, speed }) =>
      remember('capture', path, await s.captures.openReplay(path, speed === 'max' ? Infinity : speed)),
    'demo.open': () => s.captures.openDemo(),
    'manifest.open': async ({ path }) => remember('manifest', path, await s.catalog.openManifest(path)),
    'catalog.list': (args) => s.catalog.list(args?.search),
    'catalog.provider': ({ guid }) => s.catalog.provider(guid),
    'catalog.search': ({ text, limit }) => s.catalog.search(text, limit),
    'catalog.manifestXml': ({ guid }) => s.catalog.manifestXml(guid),
    'view.create': (args) => s.views.create(args),
    'view.update': (args) => s.views.update(args),
    'view.close': ({ viewId }) => s.views.close(viewId),
    'events.rows': (args) => s.views.rows(args),
    'events.detail': (args) => s.views.detail(args),
    'view.histogram': (args) => s.views.histogram(args),
    'view.groups': (args) => s.views.groups(args),
    'view.completions': (args) => s.views.completions(args),
    'view.find': (args) => s.views.find(args),
    'view.locate': (args) => s.views.locate(args),
    'processes.list': ({ captureId }) => s.processes.list(captureId),
    'processes.tree': ({ captureId }) => s.processes.tree(captureId),
    'processes.summary': ({ captureId, processKey }) => s.processes.summary(captureId, processKey),
    'alerts.list': ({ captureId }) => s.processes.alerts(captureId),
    'alerts.rules': () => s.processes.rules(),
    'alerts.setRules': ({ text }) => s.processes.setRules(text),
    'sessions.list': (_args, context) => s.sessions.list(context),
    'sessions.start': (args, context) => s.sessions.start(args, context),
    'sessions.stop': (args, context) => s.sessions.stop(args, context),
    'sessions.attach': (args, context) => s.sessions.attach(args, context),
    'sessions.parseProfile': (args) => s.sessions.parseProfile(args),
    'dialog.openFile': ({ kind }) => s.dialog.openFile(kind),
    'dialog.saveFile': ({ defaultName, format }) => s.dialog.saveFile(defaultName, format),
    'export.start': (args) => s.exports.start(args),
    'export.cancel': ({ exportId }) => s.exports.cancel(exportId),
  };
}

export interface AppDispatcher {
  dispatcher: Dispatcher<EtwContract>;
  services: AppServices;
}

/** Event hub, services and dispatcher wired together. */
export function createAppDispatcher(
  options: Omit<AppServicesOptions, 'emit'> & { onHandlerError?: (channel: string, error: unknown) => void },
): AppDispatcher {
  const events = createEventHub(contract);
  const services = createAppServices({ ...options, emit: events.emit });
  const dispatcher = createDispatcher(contract, bindHandlers(services), {
    events,
    onHandlerError: options.onHandlerError,
  });
  return { dispatcher, services };
}

/** Every provider schema in the catalog (manifests the user opened), for decoding captures. */
async function catalogProviders(catalog: CatalogService): Promise<ProviderSchema[]> {
  const listing = await catalog.list();
  if (!listing.ok) return [];
  const schemas = await Promise.all(listing.value.providers.map((p) => catalog.provider(p.guid)));
  return schemas.flatMap((r) => (r.ok ? [r.value] : []));
}

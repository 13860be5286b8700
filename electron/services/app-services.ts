// Composition of the service objects that answer the contract, shared by the desktop app
// (electron/main) and web mode (electron/server): each transport builds them once with its own
// dialog and identity, then hands `createAppDispatcher`'s dispatcher to its transport. To add a
// channel: declare it in common/ipc/contract.ts, give a service a method, map it in bindHandlers.
import { contract, type EtwContract } from '../common/ipc/contract';
import type { ServiceHandlers } from '../common/ipc/contract-kit';
import { createDispatcher, createEventHub, type Dispatcher } from '../common/ipc/dispatcher';
import type { FileKind } from '../common/ipc/file-kinds';
import { ok, type Result } from '../common/result';
import { createAppService, type AppIdentity, type AppService } from './app-service';
import { createCaptureService, type CaptureService } from './capture-service';
import { createCatalogService, type CatalogService } from './catalog-service';
import type { DialogService } from './dialog-service';
import type { Emit } from './emit';
import type { FileProbe } from './file-probe';
import { notImplemented } from './not-implemented';
import { createSessionService, type SessionService } from './session-service';
import { createStatusService, type StatusService } from './status-service';
import { createViewService, type ViewService } from './view-service';

export interface AppServices {
  app: AppService;
  status: StatusService;
  captures: CaptureService;
  views: ViewService;
  catalog: CatalogService;
  sessions: SessionService;
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
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const captures = createCaptureService({ probe: options.probe });
  return {
    app: createAppService(options.identity),
    status: createStatusService(options.emit),
    captures,
    views: createViewService({ hasCapture: (id) => captures.has(id) }),
    catalog: createCatalogService({ probe: options.probe }),
    sessions: createSessionService({ liveEtw: options.identity.liveEtw }),
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
    'demo.open': () => notImplemented('the demo capture'),
    'manifest.open': async ({ path }) => remember('manifest', path, await s.catalog.openManifest(path)),
    'catalog.list': (args) => s.catalog.list(args?.search),
    'catalog.provider': ({ guid }) => s.catalog.provider(guid),
    'catalog.search': ({ text, limit }) => s.catalog.search(text, limit),
    'view.create': (args) => s.views.create(args),
    'view.close': ({ viewId }) => s.views.close(viewId),
    'events.rows': (args) => s.views.rows(args),
    'sessions.list': () => s.sessions.list(),
    'sessions.stop': ({ name }) => s.sessions.stop(name),
    'dialog.openFile': ({ kind }) => s.dialog.openFile(kind),
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

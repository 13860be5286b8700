// Views: filtered, sorted windows onto an open capture, read page by page by the virtualized table.
// View ids are global (`v1`, `v2`...); each belongs to one capture and lives in that capture's engine
// (in its worker), which answers rows, details, the timeline, completions and find. This service
// maps ids to captures, forwards the calls, and keeps the status bar's "shown" count on the view
// the user touched last. A view whose capture closed answers NOT_FOUND.
import type {
  EventDetail,
  EventsPage,
  FilterCompletions,
  FindResult,
  GroupColumn,
  Histogram,
  ViewGroups,
  ViewSort,
  ViewState,
} from '../common/ipc/messages';
import { err, type Result } from '../common/result';
import type { ViewChanges } from '../core/pipeline/capture-engine';
import type { CaptureService } from './capture-service';
import type { EngineHost } from './engine-host';

export interface ViewService {
  create(args: {
    captureId: string;
    filter?: string;
    sort?: ViewSort;
    follow?: boolean;
  }): Promise<Result<ViewState>>;
  update(args: { viewId: string } & ViewChanges): Promise<Result<ViewState>>;
  close(viewId: string): Promise<Result<{ closed: true }>>;
  rows(args: { viewId: string; offset: number; limit: number }): Promise<Result<EventsPage>>;
  detail(args: { captureId: string; seq: number }): Promise<Result<EventDetail>>;
  histogram(args: {
    viewId: string;
    buckets: number;
    fromTicks?: number;
    toTicks?: number;
  }): Promise<Result<Histogram>>;
  groups(args: { viewId: string; column: GroupColumn; limit: number }): Promise<Result<ViewGroups>>;
  completions(args: { viewId: string; text: string; cursor: number }): Promise<Result<FilterCompletions>>;
  find(args: {
    viewId: string;
    text: string;
    from: number;
    backwards?: boolean;
  }): Promise<Result<FindResult>>;
  locate(args: { viewId: string; seq: number }): Promise<Result<{ index: number }>>;
}

export function createViewService(deps: { captures: CaptureService }): ViewService {
  const owners = new Map<string, string>();
  let nextId = 1;

  const unknownView = (viewId: string): Result<never> => err('NOT_FOUND', `no open view with id '${viewId}'`);
  const unknownCapture = (captureId: string): Result<never> =>
    err('NOT_FOUND', `no open capture with id '${captureId}'`);

  /** The engine of a view's capture, or undefined (dropping views of closed captures). */
  const hostOf = (viewId: string): { host: EngineHost; captureId: string } | undefined => {
    const captureId = owners.get(viewId);
    if (captureId === undefined) return undefined;
    const host = deps.captures.host(captureId);
    if (!host) {
      owners.delete(viewId);
      return undefined;
    }
    return { host, captureId };
  };

  const shown = (captureId: string, result: Result<ViewState>): Result<ViewState> => {
    if (result.ok) deps.captures.noteShown(captureId, result.value.viewId, result.value.total);
    return result;
  };

  return {
    async create({ captureId, ...options }) {
      const host = deps.captures.host(captureId);
      if (!host) return unknownCapture(captureId);
      const viewId = `v${nextId++}`;
      const created = await host.call('createView', viewId, options);
      if (created.ok) owners.set(viewId, captureId);
      return shown(captureId, created);
    },
    async update({ viewId, ...changes }) {
      const owner = hostOf(viewId);
      if (!owner) return unknownView(viewId);
      return shown(owner.captureId, await owner.host.call('updateView', viewId, changes));
    },
    async close(viewId) {
      const owner = hostOf(viewId);
      owners.delete(viewId);
      if (!owner) return unknownView(viewId);
      return owner.host.call('closeView', viewId);
    },
    async rows({ viewId, offset, limit }) {
      const owner = hostOf(viewId);
      return owner ? owner.host.call('rows', viewId, offset, limit) : unknownView(viewId);
    },
    async detail({ captureId, seq }) {
      const host = deps.captures.host(captureId);
      return host ? host.call('detail', seq) : unknownCapture(captureId);
    },
    async histogram({ viewId, buckets, fromTicks, toTicks }) {
      const owner = hostOf(viewId);
      return owner ? owner.host.call('histogram', viewId, buckets, fromTicks, toTicks) : unknownView(viewId);
    },
    async groups({ viewId, column, limit }) {
      const owner = hostOf(viewId);
      return owner ? owner.host.call('groups', viewId, column, limit) : unknownView(viewId);
    },
    async completions({ viewId, text, cursor }) {
      const owner = hostOf(viewId);
      return owner ? owner.host.call('completions', viewId, text, cursor) : unknownView(viewId);
    },
    async find({ viewId, text, from, backwards }) {
      const owner = hostOf(viewId);
      return owner ? owner.host.call('find', viewId, text, from, backwards ?? false) : unknownView(viewId);
    },
    async locate({ viewId, seq }) {
      const owner = hostOf(viewId);
      return owner ? owner.host.call('locate', viewId, seq) : unknownView(viewId);
    },
  };
}

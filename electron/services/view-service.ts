// Views: a filtered window onto an open capture or live session, read page by page
// (`events.rows`). The registry and the not-found answers are real; building views over the store
// is the pipeline's job and answers "not implemented yet" until it is wired in here.
import { err, type Result } from '../common/result';
import type { EventsPage, ViewCreated } from '../common/ipc/messages';
import { notImplemented } from './not-implemented';

export interface ViewService {
  create(args: { captureId: string; filter?: string }): Result<ViewCreated>;
  close(viewId: string): Result<{ closed: true }>;
  rows(args: { viewId: string; offset: number; limit: number }): Result<EventsPage>;
}

export function createViewService(deps: { hasCapture(captureId: string): boolean }): ViewService {
  const views = new Set<string>();
  const unknownView = (viewId: string) => err('NOT_FOUND', `no open view with id '${viewId}'`);
  return {
    create({ captureId }) {
      if (!deps.hasCapture(captureId)) return err('NOT_FOUND', `no open capture with id '${captureId}'`);
      return notImplemented('event views');
    },
    close(viewId) {
      if (!views.delete(viewId)) return unknownView(viewId);
      return { ok: true, value: { closed: true } };
    },
    rows({ viewId }) {
      if (!views.has(viewId)) return unknownView(viewId);
      return notImplemented('reading view rows');
    },
  };
}

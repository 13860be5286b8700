// The status bar's source of truth: what is open, how many events, what was lost, which errors.
// Services update it; every change is pushed as the `status` event and `status.get` answers the
// current snapshot (a client that just connected reads it once, then listens).
import type { AppError } from '../common/result';
import type { LossCounters, SourceInfo, StatusSnapshot } from '../common/ipc/messages';
import type { Emit } from './emit';

export interface StatusService {
  get(): StatusSnapshot;
  setSource(source: SourceInfo): void;
  setCounts(counts: StatusSnapshot['counts']): void;
  setLoss(loss: LossCounters): void;
  reportError(error: AppError): void;
}

export const NO_LOSS: LossCounters = {
  etwEventsLost: 0,
  realtimeBuffersLost: 0,
  inStreamLost: 0,
  queueDropped: 0,
};

export function createStatusService(emit: Emit): StatusService {
  let snapshot: StatusSnapshot = {
    source: { kind: 'none', label: 'No source' },
    counts: { events: 0, shown: 0 },
    loss: { ...NO_LOSS },
    errors: { count: 0 },
  };
  const change = (next: Partial<StatusSnapshot>) => {
    snapshot = { ...snapshot, ...next };
    emit('status', snapshot);
  };
  return {
    get: () => snapshot,
    setSource: (source) => change({ source }),
    setCounts: (counts) => change({ counts }),
    setLoss: (loss) => change({ loss }),
    reportError: (error) => change({ errors: { count: snapshot.errors.count + 1, last: error } }),
  };
}

// Live ETW sessions (Windows, through the native addon). Where live ETW cannot run (another OS,
// addon missing) every call answers with the loader's reason; the Windows side answers "not
// implemented yet" until the session manager is wired in here.
import { err, type Result } from '../common/result';
import type { LiveEtwStatus, TraceSessionInfo } from '../common/ipc/messages';
import { notImplemented } from './not-implemented';

export interface SessionService {
  list(): Result<{ sessions: TraceSessionInfo[] }>;
  stop(name: string): Result<{ stopped: true }>;
}

export function createSessionService(deps: { liveEtw: LiveEtwStatus }): SessionService {
  const unavailable = (): Result<never> =>
    err(deps.liveEtw.code ?? 'UNSUPPORTED_PLATFORM', deps.liveEtw.reason ?? 'live ETW is not available');
  return {
    list: () => (deps.liveEtw.available ? notImplemented('listing trace sessions') : unavailable()),
    stop: () => (deps.liveEtw.available ? notImplemented('stopping trace sessions') : unavailable()),
  };
}

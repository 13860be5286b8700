// SessionBackend: the part of the native addon (EtwAddon, addon.ts) that the session manager drives —
// session control, provider enablement and real-time consumers. Two things implement it: the addon
// itself (Windows) and ReplayBackend (replay-backend.ts, any OS), which plays a capture as if its
// providers were emitting it now. The manager cannot tell them apart: both throw NativeError-shaped
// errors with the same codes, both hand batches in the native layout to `onBatch`.

import type { EtwAddon, NativeError, NativeErrorCode } from './addon';

export type SessionBackend = Pick<
  EtwAddon,
  | 'listSessions'
  | 'querySession'
  | 'startSession'
  | 'stopSession'
  | 'flushSession'
  | 'enableProvider'
  | 'disableProvider'
  | 'captureState'
  | 'setStackTracing'
  | 'setSystemTraceFlags'
  | 'Consumer'
>;

/** An error shaped like the addon's (native/README.md "Errors"), for backends written in TypeScript. */
export function backendError(
  code: NativeErrorCode,
  message: string,
  context: string,
  win32 = 0,
): NativeError {
  const error = new Error(message) as NativeError;
  error.code = code;
  error.win32 = win32;
  error.context = context;
  return error;
}

/** The filter named in a CANNOT_PUSH_DOWN / NOT_SUPPORTED context ("filter=pids limit=8 given=9"). */
export function filterNamedIn(error: NativeError): string | undefined {
  return /(?:^|\s)filter=(\w+)/.exec(error.context ?? '')?.[1];
}

// NativeError helpers: recognise what the addon throws ({code, win32, message, context}, see addon.ts)
// and turn it into the app-wide AppError value that crosses IPC (electron/common/result.ts).

import type { AppError, ErrorCode } from '../../common/result';
import type { NativeError, NativeErrorCode } from './addon';

const NATIVE_CODES: ReadonlySet<string> = new Set<NativeErrorCode>([
  'BAD_ARGUMENT',
  'CANNOT_PUSH_DOWN',
  'FOREIGN_SESSION',
  'ACCESS_DENIED',
  'ALREADY_EXISTS',
  'NOT_FOUND',
  'NO_SYSTEM_RESOURCES',
  'INVALID_PARAMETER',
  'NOT_SUPPORTED',
  'CANCELLED',
  'OUT_OF_MEMORY',
  'WIN32',
  'INTERNAL',
  'UNSUPPORTED_PLATFORM',
]);

export function isNativeError(e: unknown): e is NativeError {
  if (!(e instanceof Error)) return false;
  const o = e as Error & { code?: unknown; win32?: unknown };
  return (
    typeof o.code === 'string' &&
    NATIVE_CODES.has(o.code) &&
    (o.win32 === undefined || typeof o.win32 === 'number')
  );
}

const APP_CODE: Record<NativeErrorCode, ErrorCode> = {
  BAD_ARGUMENT: 'BAD_REQUEST',
  CANNOT_PUSH_DOWN: 'BAD_REQUEST',
  FOREIGN_SESSION: 'FORBIDDEN',
  ACCESS_DENIED: 'ACCESS_DENIED',
  ALREADY_EXISTS: 'IO_ERROR',
  NOT_FOUND: 'NOT_FOUND',
  NO_SYSTEM_RESOURCES: 'IO_ERROR',
  INVALID_PARAMETER: 'BAD_REQUEST',
  NOT_SUPPORTED: 'UNSUPPORTED_PLATFORM',
  CANCELLED: 'CANCELLED',
  OUT_OF_MEMORY: 'INTERNAL',
  WIN32: 'IO_ERROR',
  INTERNAL: 'INTERNAL',
  UNSUPPORTED_PLATFORM: 'UNSUPPORTED_PLATFORM',
};

/** AppError for anything the addon threw; the native code and context survive in `detail`. */
export function nativeErrorToAppError(e: unknown): AppError {
  if (!isNativeError(e)) {
    return {
      code: 'INTERNAL',
      message: e instanceof Error ? e.message : String(e),
      detail: 'not an addon error',
    };
  }
  const error: AppError = {
    code: APP_CODE[e.code],
    message: e.message,
    detail: `${e.code}: ${e.context ?? ''}`,
  };
  if (e.win32) error.win32 = e.win32;
  return error;
}

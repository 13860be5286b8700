// Expected failures are values, not throws: they cross IPC intact (Electron keeps only `.message`
// of thrown errors). Codes are stable strings the UI and tests switch on.

export type ErrorCode =
  | 'BAD_REQUEST' // argument failed validation
  | 'UNKNOWN_CHANNEL'
  | 'FORBIDDEN' // sender or origin refused, or session control not allowed
  | 'NOT_FOUND'
  | 'IO_ERROR'
  | 'PARSE_ERROR'
  | 'UNSUPPORTED_PLATFORM' // e.g. live ETW off Windows
  | 'ACCESS_DENIED' // needs Administrator
  | 'CANCELLED'
  | 'INTERNAL';

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Byte offset in a file, or column in a filter expression, when the error has a position. */
  offset?: number;
  /** Win32 status, for errors from the native addon. */
  win32?: number;
  /** Extra detail, e.g. the path tried or the argument that failed. */
  detail?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string, extra: Partial<AppError> = {}): Result<never> => ({
  ok: false,
  error: { code, message, ...extra },
});

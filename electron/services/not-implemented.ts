// The one error value for channels whose feature has not been built yet. It is an honest answer,
// not a stub: the renderer shows it as "not available yet" (detail 'not-implemented').
import { err, type Result } from '../common/result';

export const NOT_IMPLEMENTED = 'not-implemented';

export function notImplemented(what: string): Result<never> {
  return err('INTERNAL', `${what} is not implemented yet`, { detail: NOT_IMPLEMENTED });
}

// The messages between a CaptureEngine running in a worker thread and its host in the service
// process (services/engine-host.ts). Portable: plain data and one dispatch function, so the same
// protocol could run over any message port. Requests name an engine method from ENGINE_METHODS and
// its arguments; replies carry the method's Result. The engine pushes `opened` once, `update`s while
// the capture grows, and `finished` when reading ends (the engine stays to answer queries).
import type { CaptureSummary } from '../../common/ipc/messages';
import type { ProviderSchema } from '../../common/model/schema';
import type { RuleFile } from '../summary/index';
import { err, ok, type Result } from '../../common/result';
import type { CaptureEngine, EngineUpdate } from './capture-engine';
import type { IngestOutcome } from './ingest';
import type { FileSourceSpec } from './sources/event-source';

export const ENGINE_METHODS = [
  'createView',
  'updateView',
  'closeView',
  'rows',
  'detail',
  'locate',
  'histogram',
  'groups',
  'completions',
  'find',
  'summary',
  'progress',
  'loss',
  'analyze',
] as const;
export type EngineMethod = (typeof ENGINE_METHODS)[number];

/** The engine's query surface; hosts expose it asynchronously. */
export type EngineApi = Pick<CaptureEngine, EngineMethod>;

/** What a method answers, as a Result (methods that cannot fail are wrapped in ok). */
export type EngineAnswer<K extends EngineMethod> =
  ReturnType<EngineApi[K]> extends Result<infer T> ? Result<T> : Result<ReturnType<EngineApi[K]>>;

/** Everything a worker needs to build its engine (structured-clone safe). */
export interface EngineInit {
  captureId: string;
  source: FileSourceSpec;
  providers: ProviderSchema[];
  budgetBytes?: number;
  captureFilter?: string;
  /** Alert rules of the capture analysis (a validated rule file; default: the built-in rules). */
  rules?: RuleFile;
}

export type HostMessage =
  { type: 'call'; id: number; method: EngineMethod; args: unknown[] } | { type: 'cancel' };

export type EngineMessage =
  | { type: 'opened'; result: Result<CaptureSummary> }
  | { type: 'reply'; id: number; result: Result<unknown> }
  | { type: 'update'; update: EngineUpdate }
  | { type: 'finished'; outcome: IngestOutcome; summary: CaptureSummary };

const METHODS = new Set<string>(ENGINE_METHODS);

/** Runs one call on the engine; unknown methods and throws become error values. */
export function callEngine(engine: CaptureEngine, method: string, args: unknown[]): Result<unknown> {
  if (!METHODS.has(method)) return err('UNKNOWN_CHANNEL', `the capture engine has no method '${method}'`);
  try {
    const fn = engine[method as EngineMethod] as (...a: unknown[]) => unknown;
    const value = fn.apply(engine, args);
    return isResult(value) ? value : ok(value);
  } catch (e) {
    return err('INTERNAL', `${method} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean';
}

// ReplayBackend: a SessionBackend (the addon's session surface) whose "machine" plays one capture: its
// events are emitted again, at their recorded pace times `speed` (Infinity = as fast as possible),
// by providers that sessions can enable. It plays the kernel's part with ETW's rules — a session
// receives an event only if it enabled the event's provider with a level, keywords and kernel-side
// filters that let it through (enable-match.ts), or, for a private SystemTraceProvider session, if its
// EnableFlags turn on the event's kernel class — and hands each consumer batches in the native layout
// (ReplayConsumer). So the session manager drives a replay exactly like a live machine, and everything
// downstream runs the live code path. Works on any OS; touches nothing on the machine.
//
// Emulation limits, reported rather than faked: executable-name filters need the image of each
// process, which a replay does not know — enableProvider refuses them with NOT_SUPPORTED (the manager
// then filters by process name in user mode); PID filters match every event of those PIDs (Windows
// matches only processes alive at enable time); captureState cannot produce a rundown (a capture holds
// whatever rundown was recorded). Playing starts when the first consumer opens and the sessions stop
// by themselves at the end of the capture, as if their owner had stopped them.

import type { RawEvent } from '../events/raw-event';
import type { EventSource } from '../pipeline/sources/event-source';
import type {
  ClassicEventId,
  ConsumerOptions,
  EnableProviderOptions,
  NativeConsumer,
  SessionInfo,
  SessionList,
  StartSessionOptions,
  StartSessionResult,
  StopSessionResult,
} from './addon';
import {
  headerFiltersPass,
  isKernelRecord,
  isSessionRecord,
  kernelClassEnabled,
  kernelClassesOf,
  levelKeywordPasses,
} from './enable-match';
import { pushDownProblems } from './push-down';
import { ReplayConsumer, realScheduler, type ReplayScheduler } from './replay-consumer';
import { backendError, type SessionBackend } from './session-backend';
import { isOurSession } from './session-presets';

const TICKS_PER_MS = 10_000;
const NT_KERNEL_LOGGER = 'NT Kernel Logger';
const EVENT_TRACE_REAL_TIME_MODE = 0x100;
const EVENT_TRACE_FILE_MODE_SEQUENTIAL = 0x1;
const EVENT_TRACE_SYSTEM_LOGGER_MODE = 0x2000000;
const EVENT_TRACE_USE_MS_FLUSH_TIMER = 0x10;
const ERROR_WMI_INSTANCE_NOT_FOUND = 4201;
const ERROR_ALREADY_EXISTS = 183;
/** Longest wait between two production steps, so flush timers and stops are noticed promptly. */
const MAX_WAIT_MS = 50;
const DEFAULT_FLUSH_MS = 1000;

export interface ReplayBackendOptions {
  /** The capture, read in time order (a synchronous source: an .etl file). */
  source: EventSource;
  /** 1 = as recorded, 10 = ten times faster, Infinity = as fast as possible. */
  speed: number;
  scheduler?: ReplayScheduler;
  /** Events produced per step at most (the player yields to the event loop between steps). */
  eventsPerStep?: number;
}

export type ReplayPlayState = 'waiting' | 'playing' | 'ended';

/** One provider enabled in a replay session, in the form the per-event check wants. */
interface SessionEnable {
  level: number;
  anyKeyword: bigint;
  allKeyword: bigint;
  filters: EnableProviderOptions['filters'];
}

interface ReplaySession {
  info: SessionInfo;
  options: StartSessionOptions;
  enables: Map<string, SessionEnable>;
  kernelClasses: Set<string> | undefined;
  stackEvents: ClassicEventId[];
  consumers: Set<ReplayConsumer>;
  /** Events received while no consumer was open (ETW drops them when its buffers fill). */
  lostWithoutConsumer: number;
  received: number;
}

export class ReplayBackend implements SessionBackend {
  readonly Consumer: new (options: ConsumerOptions) => NativeConsumer;
  readonly speed: number;
  private readonly source: EventSource;
  private readonly scheduler: ReplayScheduler;
  private readonly eventsPerStep: number;
  private readonly sessions = new Map<string, ReplaySession>();
  private nextLoggerId = 1;
  private state: ReplayPlayState = 'waiting';
  private pending: RawEvent | undefined;
  private anchorWall = 0;
  private anchorTicks = Number.NaN;
  private stepScheduled = false;
  private played = 0;
  private readonly hold = (raw: RawEvent) => {
    this.pending = raw;
  };
  private readonly dispatchEvent = (raw: RawEvent) => this.dispatch(raw);

  constructor(options: ReplayBackendOptions) {
    if (!(options.speed > 0)) throw new RangeError(`replay speed must be > 0, got ${options.speed}`);
    this.source = options.source;
    this.speed = options.speed;
    this.scheduler = options.scheduler ?? realScheduler;
    this.eventsPerStep = Math.max(1, options.eventsPerStep ?? 4096);
    const open = (consumerOptions: ConsumerOptions) => this.openConsumer(consumerOptions);
    // `new backend.Consumer(...)` as with the addon: the constructor returns the session's consumer.
    this.Consumer = class {
      constructor(consumerOptions: ConsumerOptions) {
        return open(consumerOptions);
      }
    } as unknown as new (options: ConsumerOptions) => NativeConsumer;
  }

  /** Where the replay is: waiting for its first consumer, playing, or over. */
  get playState(): ReplayPlayState {
    return this.state;
  }

  /** Events of the capture emitted so far. */
  get eventsPlayed(): number {
    return this.played;
  }

  get description(): EventSource['description'] {
    return this.source.description;
  }

  progress(): ReturnType<EventSource['progress']> {
    return this.source.progress();
  }

  // ---- session control -----------------------------------------------------------------------------

  listSessions(): SessionList {
    return { sessions: [...this.sessions.values()].map((s) => this.snapshot(s)), complete: true };
  }

  querySession(name: string): SessionInfo {
    return this.snapshot(this.session(name, 'ControlTraceW(QUERY)'));
  }

  startSession(options: StartSessionOptions): StartSessionResult {
    const name = options.name;
    const context = `StartTraceW '${name}'`;
    if (typeof name !== 'string' || name.length === 0 || name.length > 1024)
      throw backendError(
        'BAD_ARGUMENT',
        'a session needs a name of 1..1024 characters',
        'startSession arguments',
      );
    if (name === NT_KERNEL_LOGGER && !options.allowNtKernelLogger)
      throw backendError(
        'BAD_ARGUMENT',
        `'${NT_KERNEL_LOGGER}' is only started with allowNtKernelLogger`,
        context,
      );
    if (options.kernelFlags && !options.systemLogger)
      throw backendError('BAD_ARGUMENT', 'kernelFlags need a systemLogger session', context);
    if (this.state === 'ended')
      throw backendError('NOT_SUPPORTED', 'this replay has played its capture to the end', context);
    let reclaimed = false;
    if (this.sessions.has(name)) {
      if (!isOurSession(name) || options.reclaim === false)
        throw backendError(
          'ALREADY_EXISTS',
          `a session named '${name}' is already running`,
          context,
          ERROR_ALREADY_EXISTS,
        );
      this.stopSession(name);
      reclaimed = true;
    }
    const loggerId = this.nextLoggerId++;
    const realTime = options.realTime !== false;
    const mode =
      (realTime ? EVENT_TRACE_REAL_TIME_MODE : 0) |
      (options.logFile ? EVENT_TRACE_FILE_MODE_SEQUENTIAL : 0) |
      (options.systemLogger ? EVENT_TRACE_SYSTEM_LOGGER_MODE : 0) |
      EVENT_TRACE_USE_MS_FLUSH_TIMER;
    const loss = this.source.loss();
    this.sessions.set(name, {
      info: {
        name,
        logFile: options.logFile ?? '',
        loggerId,
        guid: '',
        clockType: options.clockType ?? 1,
        bufferSizeKB: options.bufferKB ?? 64,
        minimumBuffers: options.minBuffers ?? 0,
        maximumBuffers: options.maxBuffers ?? 0,
        numberOfBuffers: 0,
        freeBuffers: 0,
        maximumFileSizeMB: options.maxFileMB ?? 0,
        logFileMode: mode,
        flushTimer: options.flushTimerMs ?? DEFAULT_FLUSH_MS,
        enableFlags: options.kernelFlags ?? 0,
        // Loss recorded in the capture itself: it happened on the machine that wrote it.
        eventsLost: loss.etwEventsLost,
        buffersWritten: 0,
        logBuffersLost: loss.realtimeBuffersLost,
        realTimeBuffersLost: 0,
        loggerThreadId: 0,
      },
      options: { ...options },
      enables: new Map(),
      kernelClasses: options.systemLogger ? kernelClassesOf(options.kernelFlags ?? 0) : undefined,
      stackEvents: [],
      consumers: new Set(),
      lostWithoutConsumer: 0,
      received: 0,
    });
    return { name, loggerId, reclaimed };
  }

  stopSession(name: string, options: { force?: boolean } = {}): StopSessionResult {
    const session = this.sessions.get(name);
    if (!session) return { stopped: false, alreadyGone: true };
    if (!isOurSession(name) && !options.force)
      throw backendError(
        'FOREIGN_SESSION',
        `'${name}' is not an ETWExplorer- session; stopping it needs force`,
        `stopSession '${name}'`,
      );
    const final = this.snapshot(session);
    this.sessions.delete(name);
    for (const consumer of session.consumers) consumer.end(0);
    session.consumers.clear();
    if (this.sessions.size === 0 && this.state === 'playing') this.finish();
    return { stopped: true, session: final };
  }

  flushSession(name: string): void {
    for (const consumer of this.session(name, 'ControlTraceW(FLUSH)').consumers) consumer.flush();
  }

  enableProvider(options: EnableProviderOptions): { filterCount: number } {
    const session = this.session(options.session, `EnableTraceEx2 '${options.session}'`);
    const guid = normalizeGuid(options.guid);
    const filters = options.filters ?? {};
    const context = `EnableTraceEx2 ${guid}`;
    const limit = pushDownProblems(filters).find((p) => p.kind === 'limit');
    if (limit)
      throw backendError(
        'CANNOT_PUSH_DOWN',
        limit.message,
        `filter=${limit.filter} limit=${limit.limit} given=${limit.given}`,
      );
    if (filters.exeNames?.length)
      throw backendError(
        'NOT_SUPPORTED',
        'a replay cannot filter by executable name: it does not know which image each process ran',
        `filter=exeNames ${context}`,
      );
    const filtered = [filters.eventIds, filters.pids, filters.tlEventNames].some((f) => f && f.length > 0);
    session.enables.set(guid, {
      level: options.level ?? 5,
      anyKeyword: BigInt(options.anyKeyword ?? 0),
      allKeyword: BigInt(options.allKeyword ?? 0),
      filters: filtered ? { ...filters } : undefined,
    });
    const count = [filters.eventIds, filters.pids, filters.tlEventNames, filters.stackEventIds].filter(
      (f) => f && f.length > 0,
    ).length;
    return { filterCount: count };
  }

  disableProvider(sessionName: string, guid: string): void {
    this.session(sessionName, `EnableTraceEx2(DISABLE) '${sessionName}'`).enables.delete(normalizeGuid(guid));
  }

  /** Accepted and ignored: a replay holds whatever rundown was recorded in the capture. */
  captureState(sessionName: string): void {
    this.session(sessionName, `EnableTraceEx2(CAPTURE_STATE) '${sessionName}'`);
  }

  setStackTracing(sessionName: string, events: ClassicEventId[]): void {
    this.session(sessionName, `TraceSetInformation '${sessionName}'`).stackEvents = [...events];
  }

  setSystemTraceFlags(sessionName: string, masks: number[]): void {
    const session = this.session(sessionName, `TraceSetInformation '${sessionName}'`);
    if (!session.options.systemLogger)
      throw backendError(
        'INVALID_PARAMETER',
        `'${sessionName}' is not a system logger session`,
        `TraceSetInformation '${sessionName}'`,
      );
    const flags = masks[0] ?? 0;
    session.info.enableFlags = flags;
    session.kernelClasses = kernelClassesOf(flags);
  }

  // ---- consumers and playing ------------------------------------------------------------------------

  private openConsumer(options: ConsumerOptions): ReplayConsumer {
    const session = this.sessions.get(options.session);
    if (!session || session.options.realTime === false)
      throw backendError(
        'NOT_FOUND',
        `no real-time session named '${options.session}'`,
        `OpenTraceW '${options.session}'`,
        ERROR_WMI_INSTANCE_NOT_FOUND,
      );
    const consumer = new ReplayConsumer(
      options,
      this.source.clock,
      session.info.flushTimer || DEFAULT_FLUSH_MS,
      this.scheduler,
      (c) => session.consumers.delete(c),
    );
    session.consumers.add(consumer);
    if (this.state === 'waiting') {
      this.state = 'playing';
      this.scheduleStep(0);
    }
    return consumer;
  }

  private scheduleStep(ms: number): void {
    if (this.stepScheduled || this.state !== 'playing') return;
    this.stepScheduled = true;
    this.scheduler.defer(() => {
      this.stepScheduled = false;
      this.step();
    }, ms);
  }

  /** One production step: the events that are due (all of them, up to the budget, at max speed). */
  private step(): void {
    if (this.state !== 'playing') return;
    let wait = 0;
    let exhausted = false;
    if (this.speed === Infinity) {
      const r = this.source.pull(this.dispatchEvent, this.eventsPerStep);
      if (r instanceof Promise) throw new Error('ReplayBackend needs a synchronous source');
      exhausted = r.state === 'done';
    } else {
      const now = this.scheduler.now();
      for (let n = 0; n < this.eventsPerStep; n++) {
        if (this.pending === undefined) {
          const r = this.source.pull(this.hold, 1);
          if (r instanceof Promise) throw new Error('ReplayBackend needs a synchronous source');
          if (this.pending === undefined) {
            exhausted = r.state === 'done';
            break;
          }
        }
        const event = this.pending as RawEvent;
        if (Number.isNaN(this.anchorTicks)) {
          this.anchorTicks = event.ticks;
          this.anchorWall = now;
        }
        const due = this.anchorWall + (event.ticks - this.anchorTicks) / TICKS_PER_MS / this.speed;
        if (due > now) {
          wait = Math.min(MAX_WAIT_MS, due - now);
          break;
        }
        this.pending = undefined;
        this.dispatch(event);
      }
    }
    const now = this.scheduler.now();
    for (const session of this.sessions.values()) for (const c of session.consumers) c.tick(now);
    if (exhausted) this.finish();
    else this.scheduleStep(wait);
  }

  private dispatch(raw: RawEvent): void {
    this.played++;
    for (const session of this.sessions.values()) {
      if (!this.receives(session, raw)) continue;
      session.received++;
      if (session.consumers.size === 0) session.lostWithoutConsumer++;
      else for (const consumer of session.consumers) consumer.offer(raw);
    }
  }

  private receives(session: ReplaySession, raw: RawEvent): boolean {
    if (isSessionRecord(raw)) return true;
    if (isKernelRecord(raw))
      return (
        session.kernelClasses !== undefined &&
        kernelClassEnabled(session.info.enableFlags, session.kernelClasses, raw.providerId)
      );
    const enable = session.enables.get(raw.providerId);
    if (!enable) return false;
    if (!levelKeywordPasses(raw, enable.level, enable.anyKeyword, enable.allKeyword)) return false;
    return enable.filters ? headerFiltersPass(raw, enable.filters) : true;
  }

  /** The capture is over: every session stops as if its owner had stopped it. */
  private finish(): void {
    this.state = 'ended';
    this.pending = undefined;
    for (const session of this.sessions.values()) {
      for (const consumer of session.consumers) consumer.end(0);
      session.consumers.clear();
    }
    this.sessions.clear();
    this.source.close();
  }

  private session(name: string, context: string): ReplaySession {
    const session = this.sessions.get(name);
    if (!session)
      throw backendError('NOT_FOUND', `no session named '${name}'`, context, ERROR_WMI_INSTANCE_NOT_FOUND);
    return session;
  }

  private snapshot(session: ReplaySession): SessionInfo {
    let written = 0;
    let queued = 0;
    for (const c of session.consumers) {
      const s = c.stats();
      written += s.batchesDelivered + s.batchesQueued;
      queued += s.batchesQueued;
    }
    return {
      ...session.info,
      eventsLost: session.info.eventsLost + session.lostWithoutConsumer,
      buffersWritten: written,
      numberOfBuffers: queued,
    };
  }
}

function normalizeGuid(guid: string): string {
  return guid.replace(/[{}]/g, '').toLowerCase();
}

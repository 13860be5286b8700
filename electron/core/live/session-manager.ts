// SessionManager: every view's live subscription multiplexed onto ONE session of ours per kind — a
// user-mode session for providers (ETWExplorer-Live) and a private SystemTraceProvider session for
// kernel events (ETWExplorer-Kernel), never the NT Kernel Logger — over a SessionBackend: the native
// addon on Windows, or a ReplayBackend playing a capture (it cannot tell which).
//
//   - Providers are refcounted: the views asking for one provider share one enablement with merged
//     settings (enable-merge.ts); a view joining or leaving re-enables it with the new merge, and the
//     last one disables it. The last view of a session stops it.
//   - Each view gets only its own events: the manager checks its selection and the header part of its
//     filter (core/filter compileFilter → headerPredicate) on every raw event before anything is
//     decoded; the rest of the filter (properties, process fields) runs in the view's pipeline.
//   - Ticks of every session are put on one clock (the first consumer's), so a view reading both the
//     user and the kernel session sees one timeline.
//   - At start it reclaims OUR stale sessions (ETWExplorer-*, left by a crashed run) and never touches
//     another tool's session unless asked (stopSession with force, by the caller). `attach` reads
//     another real-time session without controlling it.
//   - figures() gives per-session figures: events/s, loss by source, queue depths, buffers, and per
//     provider where each kernel-side filter runs and why not in the kernel.
// Backend calls are synchronous (the addon's are); errors come back as Result values, never throws.

import type { SessionFigures } from '../../common/ipc/session-messages';
import { err, ok, type Result } from '../../common/result';
import { GuidInterner } from '../binary/guid';
import type { TraceClock } from '../events/raw-event';
import { compileFilter, type CompiledFilter, type HeaderPredicate } from '../filter/index';
import type { LiveBatch } from '../pipeline/sources/live-source';
import type { ClassicEventId, ConsumerClock, NativeError, StartSessionOptions } from './addon';
import { parseBatch } from './batch-parser';
import { mergeSelections, sameEnable, type FilterName, type ProviderSelection } from './enable-merge';
import { enabledInfo, ManagedSession, type SessionKind } from './managed-session';
import { isNativeError, nativeErrorToAppError } from './native-error';
import { restrictedProvider } from './restricted-providers';
import { filterNamedIn, type SessionBackend } from './session-backend';
import { isOurSession, ourSessionName, sessionPreset } from './session-presets';
import { Subscriber, type SubscriberLoss } from './session-subscriber';
import type { EnabledProviderInfo } from '../../common/ipc/session-messages';

export interface SessionManagerOptions {
  backend: SessionBackend;
  /** 'machine' for the addon, 'replay' for a ReplayBackend (figures say which). */
  source: 'machine' | 'replay';
  names?: { user?: string; kernel?: string };
  /** Extra StartTrace settings (buffers, flush timer); the 'heavy' preset for 4 CPUs by default. */
  sessionOptions?: Omit<StartSessionOptions, 'name' | 'systemLogger' | 'kernelFlags'>;
  consumer?: { batchBytes?: number; maxQueuedBatches?: number };
  /** Batches a view may fall behind before new ones are dropped (counted). Default 64. */
  viewQueueBatches?: number;
  /** Refuse providers no ordinary process can consume (restricted-providers.ts). Default true. */
  refuseRestricted?: boolean;
  /** Provider names for view filters that compare names. */
  providerName?: (guid: string) => string | undefined;
  /** Milliseconds, monotonic (default performance.now). */
  now?: () => number;
}

export interface SubscriptionSpec {
  label?: string;
  providers?: ProviderSelection[];
  /** Kernel events: EnableFlags (EVENT_TRACE_FLAG_*) and classic events to take stacks for. */
  kernel?: { flags: number; stackEvents?: ClassicEventId[] };
  /** The view's filter (core/filter language); its header part runs here. */
  filter?: string;
}

export interface Subscription {
  readonly id: string;
  /** The timeline of every event delivered (ticks since clock.startFileTime). */
  readonly clock: TraceClock;
  /** The view's batches, ending when its sessions end or it is closed. */
  readonly batches: AsyncIterable<LiveBatch>;
  /** Sessions it reads. */
  readonly sessions: readonly string[];
  /** The filter the view's pipeline must still apply (the whole filter; its header part already ran). */
  readonly viewFilter: string;
  /** What its providers are enabled with, and where each of its filters runs. */
  providers(): EnabledProviderInfo[];
  stats(): { delivered: number; dropped: number; queued: number };
  close(): void;
}

const DEFAULT_VIEW_QUEUE = 64;
const MAX_PUSH_DOWN_RETRIES = 6;
const MAX_ENDED_KEPT = 20;
const TICKS_PER_SECOND = 10_000_000n;

export class SessionManager {
  private readonly backend: SessionBackend;
  private readonly names: { user: string; kernel: string };
  private readonly now: () => number;
  private readonly viewLimit: number;
  private readonly interner = new GuidInterner();
  private readonly sessions = new Map<string, ManagedSession>();
  private readonly subscribers = new Map<string, { subscriber: Subscriber; sessions: ManagedSession[] }>();
  private readonly ended: ManagedSession[] = [];
  private anchor: TraceClock | undefined;
  private nextId = 1;

  constructor(private readonly options: SessionManagerOptions) {
    this.backend = options.backend;
    this.names = {
      user: options.names?.user ?? ourSessionName('Live'),
      kernel: options.names?.kernel ?? ourSessionName('Kernel'),
    };
    this.now = options.now ?? (() => performance.now());
    this.viewLimit = options.viewQueueBatches ?? DEFAULT_VIEW_QUEUE;
  }

  get sessionNames(): { user: string; kernel: string } {
    return { ...this.names };
  }

  /** Stops sessions of ours (ETWExplorer-*) this manager does not run: leftovers of a crashed run. */
  reclaimStale(): Result<{ stopped: string[]; failed: { name: string; message: string }[] }> {
    let listed;
    try {
      listed = this.backend.listSessions();
    } catch (e) {
      return { ok: false, error: nativeErrorToAppError(e) };
    }
    const stopped: string[] = [];
    const failed: { name: string; message: string }[] = [];
    for (const s of listed.sessions) {
      if (!isOurSession(s.name) || this.sessions.has(s.name)) continue;
      try {
        const r = this.backend.stopSession(s.name);
        if (r.stopped) stopped.push(s.name);
      } catch (e) {
        failed.push({ name: s.name, message: e instanceof Error ? e.message : String(e) });
      }
    }
    return ok({ stopped, failed });
  }

  subscribe(spec: SubscriptionSpec): Result<Subscription> {
    const providers = spec.providers ?? [];
    if (providers.length === 0 && !(spec.kernel && spec.kernel.flags !== 0))
      return err('BAD_REQUEST', 'a live view needs at least one provider or kernel flags');
    if (this.options.refuseRestricted !== false) {
      for (const p of providers) {
        const restricted = restrictedProvider(p.guid);
        if (restricted)
          return err('FORBIDDEN', `${restricted.name} cannot be used: ${restricted.reason}`, {
            detail: p.guid,
          });
      }
    }
    const checked = this.compile(spec.filter ?? '');
    if (!checked.ok) return checked;
    const subscriber = new Subscriber(
      `view-${this.nextId++}`,
      spec.label ?? '',
      providers,
      spec.kernel,
      false,
      undefined,
      this.viewLimit,
    );
    const joined: ManagedSession[] = [];
    const wanted: [SessionKind, boolean][] = [
      ['user', subscriber.wantsUser],
      ['kernel', subscriber.wantsKernel],
    ];
    for (const [kind, wants] of wanted) {
      if (!wants) continue;
      const session = this.join(kind, subscriber);
      if (!session.ok) {
        for (const s of joined) this.leave(s, subscriber);
        return session;
      }
      joined.push(session.value);
    }
    return ok(this.register(subscriber, joined, checked.value));
  }

  /** Reads another real-time session (read-only: nothing is enabled in it, it is never stopped). */
  attach(name: string, spec: { label?: string; filter?: string } = {}): Result<Subscription> {
    const checked = this.compile(spec.filter ?? '');
    if (!checked.ok) return checked;
    let session = this.sessions.get(name);
    if (session && session.kind !== 'attached')
      return err('BAD_REQUEST', `'${name}' is a session of this app: open a view on its providers instead`);
    if (!session) {
      try {
        const info = this.backend.querySession(name);
        session = new ManagedSession('attached', name, this.options.source, this.now());
        session.info = info;
      } catch (e) {
        return { ok: false, error: nativeErrorToAppError(e) };
      }
      const opened = this.openConsumer(session);
      if (!opened.ok) return opened;
      this.sessions.set(name, session);
    }
    const subscriber = new Subscriber(
      `view-${this.nextId++}`,
      spec.label ?? '',
      [],
      undefined,
      true,
      undefined,
      this.viewLimit,
    );
    session.subscribers.add(subscriber);
    return ok(this.register(subscriber, [session], checked.value));
  }

  /** Ends a view: its providers are re-merged (or disabled), its sessions stopped if it was the last. */
  unsubscribe(id: string): void {
    const entry = this.subscribers.get(id);
    if (!entry) return;
    this.subscribers.delete(id);
    for (const s of entry.sessions) this.leave(s, entry.subscriber);
    entry.subscriber.finish(this.lossOf(entry.subscriber, entry.sessions));
  }

  /**
   * "Stop" on a session of ours: flush, close the consumer, stop the session; its views get what was
   * buffered and their streams end with the LAST batch. An attached session is only let go of.
   */
  endSession(name: string): Result<void> {
    const session = this.sessions.get(name);
    if (!session) return err('NOT_FOUND', `'${name}' is not a running session of this app`);
    if (session.kind === 'attached') {
      for (const sub of [...session.subscribers]) this.unsubscribe(sub.id);
      return ok(undefined);
    }
    // Gracefully: what is buffered still reaches the views (the consumer's LAST batch ends them).
    try {
      this.backend.flushSession(name);
    } catch {
      // Nothing buffered, or already gone.
    }
    session.consumer?.stop();
    try {
      const r = this.backend.stopSession(name);
      if (r.stopped) session.info = r.session;
      return ok(undefined);
    } catch (e) {
      return { ok: false, error: nativeErrorToAppError(e) };
    }
  }

  /** Stops every view and session of this manager; returns their final figures. */
  stop(): SessionFigures[] {
    for (const id of [...this.subscribers.keys()]) this.unsubscribe(id);
    return this.figures();
  }

  /** Sessions of this manager that are running. */
  running(): string[] {
    return [...this.sessions.values()].filter((s) => s.state === 'running').map((s) => s.name);
  }

  /** Remembers which capture shows a session's events (for the figures). */
  setCaptureId(sessionName: string, captureId: string): void {
    const s = this.sessions.get(sessionName);
    if (s) s.captureId = captureId;
  }

  /** Per-session figures (also refreshes ETW's counters and tells the views about new loss). */
  figures(): SessionFigures[] {
    const now = this.now();
    for (const session of this.sessions.values()) {
      if (session.state !== 'running') continue;
      try {
        session.info = this.backend.querySession(session.name);
      } catch {
        // Gone (stopped elsewhere): its consumer delivers the LAST batch and it ends then.
      }
    }
    for (const { subscriber, sessions } of this.subscribers.values())
      subscriber.deliver([], this.lossOf(subscriber, sessions), 0);
    return [...this.sessions.values(), ...this.ended].map((s) => s.figures(now, this.viewLimit));
  }

  // ---- sessions ------------------------------------------------------------------------------------

  private join(kind: SessionKind, subscriber: Subscriber): Result<ManagedSession> {
    const name = kind === 'user' ? this.names.user : this.names.kernel;
    let session = this.sessions.get(name);
    const fresh = !session || session.state !== 'running';
    if (fresh) {
      session = new ManagedSession(kind, name, this.options.source, this.now());
      const started = this.startSession(session, subscriber);
      if (!started.ok) return started;
      this.sessions.set(name, session);
      try {
        session.info = this.backend.querySession(name);
      } catch {
        // Counters come with the next figures.
      }
    }
    const s = session as ManagedSession;
    s.subscribers.add(subscriber);
    const applied = kind === 'user' ? this.applyEnables(s) : this.applyKernel(s);
    if (!applied.ok) {
      s.subscribers.delete(subscriber);
      if (s.subscribers.size === 0) this.close(s);
      else if (kind === 'user') this.applyEnables(s);
      else this.applyKernel(s);
      return applied;
    }
    if (!s.consumer) {
      const opened = this.openConsumer(s);
      if (!opened.ok) {
        s.subscribers.delete(subscriber);
        this.close(s);
        return opened;
      }
    }
    return ok(s);
  }

  private leave(session: ManagedSession, subscriber: Subscriber): void {
    if (!session.subscribers.delete(subscriber)) return;
    if (session.subscribers.size === 0) {
      this.close(session);
      return;
    }
    if (session.kind === 'user') this.applyEnables(session);
    else if (session.kind === 'kernel') this.applyKernel(session);
  }

  private startSession(session: ManagedSession, first: Subscriber): Result<void> {
    const options: StartSessionOptions = {
      ...sessionPreset(session.kind === 'kernel' ? 'heavy' : 'light', 4),
      ...this.options.sessionOptions,
      name: session.name,
      reclaim: true,
    };
    if (session.kind === 'kernel') {
      options.systemLogger = true;
      options.kernelFlags = first.kernelFlags;
      session.kernelFlags = first.kernelFlags;
    }
    try {
      this.backend.startSession(options);
      return ok(undefined);
    } catch (e) {
      return { ok: false, error: nativeErrorToAppError(e) };
    }
  }

  /** Re-merges every provider of the user session and (re-)enables / disables what changed. */
  private applyEnables(session: ManagedSession): Result<void> {
    const byProvider = new Map<string, ProviderSelection[]>();
    for (const sub of session.subscribers)
      for (const [guid, sel] of sub.selections) byProvider.set(guid, [...(byProvider.get(guid) ?? []), sel]);
    for (const guid of [...session.enabled.keys()]) {
      if (byProvider.has(guid)) continue;
      try {
        this.backend.disableProvider(session.name, guid);
      } catch {
        // Already gone with the session: nothing left to disable.
      }
      session.enabled.delete(guid);
      session.withheld.delete(guid);
    }
    for (const [guid, selections] of byProvider) {
      const enabled = this.enable(session, guid, selections);
      if (!enabled.ok) return enabled;
    }
    return ok(undefined);
  }

  /** One provider: merge, enable; a filter the backend cannot push down moves to user mode and we retry. */
  private enable(session: ManagedSession, guid: string, selections: ProviderSelection[]): Result<void> {
    const withheld = session.withheld.get(guid) ?? new Map<FilterName, string>();
    for (let attempt = 0; attempt <= MAX_PUSH_DOWN_RETRIES; attempt++) {
      const merged = mergeSelections(selections, withheld);
      const current = session.enabled.get(guid);
      if (current && sameEnable(current, merged)) {
        session.enabled.set(guid, merged);
        return ok(undefined);
      }
      try {
        this.backend.enableProvider({
          session: session.name,
          guid,
          level: merged.level,
          anyKeyword: merged.anyKeyword,
          allKeyword: merged.allKeyword,
          properties: merged.properties,
          filters: merged.filters,
        });
        session.enabled.set(guid, merged);
        if (withheld.size > 0) session.withheld.set(guid, withheld);
        return ok(undefined);
      } catch (e) {
        const refused = pushDownRefusal(e);
        if (!refused || withheld.has(refused.filter)) {
          const error = nativeErrorToAppError(e);
          return { ok: false, error: { ...error, message: `${guid}: ${error.message}` } };
        }
        withheld.set(refused.filter, refused.reason);
      }
    }
    return err('INTERNAL', `${guid}: kernel-side filters kept being refused`);
  }

  private applyKernel(session: ManagedSession): Result<void> {
    let flags = 0;
    const stacks = new Map<string, ClassicEventId>();
    for (const sub of session.subscribers) {
      flags |= sub.kernelFlags;
      for (const e of sub.stackEvents) stacks.set(`${e.guid}/${e.type}`, e);
    }
    try {
      if (flags !== session.kernelFlags) {
        this.backend.setSystemTraceFlags(session.name, [flags, 0, 0, 0, 0, 0, 0, 0]);
        session.kernelFlags = flags;
      }
      const stackKey = [...stacks.keys()].sort().join(',');
      if (stackKey !== session.stackKey) {
        this.backend.setStackTracing(session.name, [...stacks.values()]);
        session.stackKey = stackKey;
      }
      return ok(undefined);
    } catch (e) {
      return { ok: false, error: nativeErrorToAppError(e) };
    }
  }

  private openConsumer(session: ManagedSession): Result<void> {
    try {
      session.consumer = new this.backend.Consumer({
        session: session.name,
        batchBytes: this.options.consumer?.batchBytes,
        maxQueuedBatches: this.options.consumer?.maxQueuedBatches,
        onBatch: (bytes) => this.onBatch(session, bytes),
      });
    } catch (e) {
      return { ok: false, error: nativeErrorToAppError(e) };
    }
    session.tickDelta = this.rebase(session.consumer.clock);
    return ok(undefined);
  }

  /** Ticks to add to a consumer's events to put them on the manager's clock (the first consumer's). */
  private rebase(c: ConsumerClock): number {
    const clock: TraceClock = {
      startFileTime: c.startFileTime,
      clockType: c.clockType,
      frequency: Number(c.frequency),
      t0: c.t0,
    };
    const anchor = this.anchor;
    if (!anchor) {
      this.anchor = clock;
      return 0;
    }
    if (anchor.clockType === clock.clockType && anchor.frequency === clock.frequency && c.frequency > 0n)
      return Number(((c.t0 - anchor.t0) * TICKS_PER_SECOND) / c.frequency);
    return Number(c.startFileTime - anchor.startFileTime);
  }

  /** Stops a session of ours (or lets go of an attached one); keeps its figures. */
  private close(session: ManagedSession): void {
    if (this.sessions.get(session.name) !== session) return;
    this.sessions.delete(session.name);
    // The order native/README.md "Stopping" suggests: flush, close the consumer, stop the session.
    if (session.kind !== 'attached') {
      try {
        this.backend.flushSession(session.name);
      } catch {
        // Already gone: the consumer's LAST batch says how it ended.
      }
    }
    session.consumer?.stop();
    if (session.kind !== 'attached') {
      try {
        const r = this.backend.stopSession(session.name);
        if (r.stopped) session.info = r.session;
      } catch {
        // Nothing more to stop.
      }
    }
    session.state = 'ended';
    this.ended.unshift(session);
    this.ended.length = Math.min(this.ended.length, MAX_ENDED_KEPT);
  }

  private onBatch(session: ManagedSession, bytes: Uint8Array): void {
    const parsed = parseBatch(bytes, this.interner);
    if (parsed.diagnostics.length > 0) {
      session.diagnostics += parsed.diagnostics.length;
      const d = parsed.diagnostics[parsed.diagnostics.length - 1];
      if (d) session.lastDiagnostic = `${d.code} at ${d.offset}: ${d.message}`;
    }
    const events = parsed.events;
    if (session.tickDelta !== 0) for (const e of events) e.ticks += session.tickDelta;
    session.count(events, bytes.length, parsed.sequence, parsed.dropped);
    for (const sub of session.subscribers) {
      const sessions = this.subscribers.get(sub.id)?.sessions ?? [session];
      const primary = sessions[0] === session;
      sub.deliver(
        events.filter((e) => sub.accepts(e, primary)),
        this.lossOf(sub, sessions),
        bytes.length,
      );
    }
    if (parsed.last) this.ended_(session, parsed.endStatus);
  }

  /** The session's stream is over (stopped here or elsewhere, or the replay reached its end). */
  private ended_(session: ManagedSession, endStatus: number): void {
    session.endStatus = endStatus;
    session.state = 'ended';
    for (const sub of session.subscribers) {
      const entry = this.subscribers.get(sub.id);
      if (!entry || !entry.sessions.every((s) => s.state === 'ended')) continue;
      sub.finish(this.lossOf(sub, entry.sessions));
      this.subscribers.delete(sub.id);
    }
    if (this.sessions.get(session.name) === session) {
      this.sessions.delete(session.name);
      try {
        session.info = this.backend.querySession(session.name);
      } catch {
        // Gone: keep the last counters.
      }
      this.ended.unshift(session);
      this.ended.length = Math.min(this.ended.length, MAX_ENDED_KEPT);
    }
  }

  // ---- views ---------------------------------------------------------------------------------------

  private compile(text: string): Result<CompiledFilter> {
    const compiled = compileFilter(text, {
      startFileTime: this.anchor?.startFileTime,
      providerName: this.options.providerName,
    });
    return compiled.ok ? ok(compiled.value) : { ok: false, error: compiled.error };
  }

  private register(
    subscriber: Subscriber,
    sessions: ManagedSession[],
    compiled: CompiledFilter,
  ): Subscription {
    // Recompiled now that the clock is known (time literals); names may be unknown before decoding,
    // so a filter on provider names is left to the view's pipeline.
    const final = this.compile(compiled.text);
    const filter = final.ok ? final.value : compiled;
    subscriber.setHeaderPredicate(managerPredicate(filter));
    this.subscribers.set(subscriber.id, { subscriber, sessions });
    // The view's pipeline closed its source (the capture was closed): the view ends here too.
    subscriber.queue.onClose = () => this.unsubscribe(subscriber.id);
    const anchor = this.anchor as TraceClock;
    const unsubscribe = () => this.unsubscribe(subscriber.id);
    return {
      id: subscriber.id,
      clock: { ...anchor },
      batches: subscriber.queue,
      sessions: sessions.map((s) => s.name),
      viewFilter: filter.text,
      providers() {
        const out: EnabledProviderInfo[] = [];
        for (const s of sessions)
          for (const [guid, merged] of s.enabled)
            if (subscriber.selections.has(guid)) out.push(enabledInfo(merged));
        return out;
      },
      stats: () => ({
        delivered: subscriber.queue.deliveredEvents,
        dropped: subscriber.queue.droppedEvents,
        queued: subscriber.queue.depth,
      }),
      close: unsubscribe,
    };
  }

  private lossOf(subscriber: Subscriber, sessions: readonly ManagedSession[]): SubscriberLoss {
    const loss: SubscriberLoss = {
      etwEventsLost: 0,
      realtimeBuffersLost: 0,
      queueDropped: subscriber.queue.droppedEvents,
    };
    for (const s of sessions) {
      const l = s.loss();
      loss.etwEventsLost += l.etwEventsLost;
      loss.realtimeBuffersLost += l.realtimeBuffersLost;
      loss.queueDropped += l.queueDropped;
    }
    return loss;
  }
}

function managerPredicate(filter: CompiledFilter): HeaderPredicate | undefined {
  if (!filter.headerPredicate) return undefined;
  if (filter.fieldsUsed.includes('provider')) return undefined;
  return filter.headerPredicate;
}

/** A backend's refusal to push one filter down (CANNOT_PUSH_DOWN / NOT_SUPPORTED naming a filter). */
function pushDownRefusal(e: unknown): { filter: FilterName; reason: string } | undefined {
  if (!isNativeError(e) || (e.code !== 'CANNOT_PUSH_DOWN' && e.code !== 'NOT_SUPPORTED')) return undefined;
  const filter = filterNamedIn(e as NativeError) as FilterName | undefined;
  if (!filter || !['eventIds', 'pids', 'exeNames', 'tlEventNames', 'stackEventIds'].includes(filter))
    return undefined;
  return { filter, reason: `${filter}: ${e.message}` };
}

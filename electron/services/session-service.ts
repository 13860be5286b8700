// Sessions: the machine's trace sessions, live sessions of this app (Windows, through the native addon
// and one SessionManager that multiplexes every view onto ETWExplorer-Live / ETWExplorer-Kernel), and
// replays — a capture played as a session through the very same path (ReplayBackend + its own
// SessionManager per replay), which works on any OS. Each started session's events go to a capture
// opened with CaptureService.openLive, so the Events view shows them like any capture.
//
// Who may do what: live session control (start, stop, attach to the machine's sessions) needs the
// connection's sessionControl capability (the desktop app has it; web mode only with
// --allow-session-control). Replays are allowed to every connection: they read a file the server can
// already open and touch nothing on the machine. Stopping a session that is not ours also needs
// `force`. Stale ETWExplorer-* sessions of a crashed run are reclaimed when the service starts.
// Figures of every running session are pushed as `sessions.figures` once a second.
import type { CallContext } from '../common/ipc/contract-kit';
import type { LiveEtwStatus, OpenedCapture } from '../common/ipc/messages';
import type {
  ParsedSessionProfiles,
  SessionFigures,
  SessionListing,
  SessionProviderRequest,
  StartedSession,
  TraceSessionInfo,
} from '../common/ipc/session-messages';
import { err, ok, type AppError, type Result } from '../common/result';
import type { SessionInfo } from '../core/live/addon';
import type { SessionBackend } from '../core/live/session-backend';
import type { ProviderSelection } from '../core/live/enable-merge';
import { nativeErrorToAppError } from '../core/live/native-error';
import { openReplayCapture, type ReplayCapture } from '../core/live/open-replay.node.js';
import { ReplayBackend } from '../core/live/replay-backend';
import { RESTRICTED_PROVIDERS } from '../core/live/restricted-providers';
import { SessionManager, type Subscription, type SubscriptionSpec } from '../core/live/session-manager';
import { isOurSession, ourSessionName } from '../core/live/session-presets';
import { eventSourceGuid } from '../core/live/event-source-guid.node';
import {
  parseWprp,
  profileRequest,
  providerGuid,
  type WprpLookup,
  type WprpProfile,
} from '../core/live/wprp';
import type { ProviderSchema } from '../common/model/schema';
import type { Emit } from './emit';
import type { LiveCaptureSpec } from './capture-service';

export interface SessionStartRequest {
  label?: string;
  providers?: SessionProviderRequest[];
  kernel?: { flags: number };
  filter?: string;
  replay?: { path: string; speed: number | 'max' };
}

export interface SessionService {
  list(context: CallContext): Result<SessionListing>;
  start(request: SessionStartRequest, context: CallContext): Promise<Result<StartedSession>>;
  stop(request: { name: string; force?: boolean }, context: CallContext): Result<{ stopped: true }>;
  attach(request: { name: string; filter?: string }, context: CallContext): Result<StartedSession>;
  /** Reads a .wprp into one start request per profile (names resolved through the catalog). */
  parseProfile(request: { text: string; fileName?: string }): Promise<Result<ParsedSessionProfiles>>;
  /** Figures of every session this service runs (what `sessions.figures` pushes). */
  figures(): SessionFigures[];
  /** Stops every session of ours and the figures timer (app quit). */
  dispose(): void;
}

export interface SessionServiceDeps {
  liveEtw: LiveEtwStatus;
  /** The native addon, when it loaded (Windows); any SessionBackend in tests. */
  addon?: SessionBackend;
  emit: Emit;
  /** Where session events go: CaptureService.openLive. */
  openLive(spec: LiveCaptureSpec): Result<OpenedCapture>;
  /** Opens a capture to replay (default: the .etl reader). */
  openReplay?: (path: string) => Result<ReplayCapture>;
  /** Provider names for view filters (the catalog). */
  providerName?: (guid: string) => string | undefined;
  /** Names of providers by GUID (the catalog), for a replay's providers found in its capture. */
  providerNames?: () => Promise<ReadonlyMap<string, string>>;
  /** A provider's schema (the catalog), for keyword names in imported .wprp profiles. */
  providerSchema?: (guid: string) => Promise<ProviderSchema | undefined>;
  /** Timer for the figures (default setInterval); returns a stop function. */
  every?: (ms: number, tick: () => void) => () => void;
}

const FIGURES_MS = 1000;
const REPLAY_FLUSH_MS = 250;
/** Replays listed at most (ended ones are forgotten, oldest first, beyond it). */
const MAX_REPLAYS_KEPT = 16;

interface Replay {
  name: string;
  path: string;
  speed: number | 'max';
  backend: ReplayBackend;
  manager: SessionManager;
  captureId: string;
}

export function createSessionService(deps: SessionServiceDeps): SessionService {
  const addon = deps.liveEtw.available ? deps.addon : undefined;
  const live = addon
    ? new SessionManager({ backend: addon, source: 'machine', providerName: deps.providerName })
    : undefined;
  const reclaimed: string[] = [];
  if (live) {
    const r = live.reclaimStale();
    if (r.ok) reclaimed.push(...r.value.stopped);
  }
  const replays = new Map<string, Replay>();
  let nextReplay = 1;
  let stopTimer: (() => void) | undefined;
  const every =
    deps.every ??
    ((ms: number, tick: () => void) => {
      const timer = setInterval(tick, ms);
      timer.unref?.();
      return () => clearInterval(timer);
    });

  const unavailable = (): Result<never> =>
    err(deps.liveEtw.code ?? 'UNSUPPORTED_PLATFORM', deps.liveEtw.reason ?? 'live ETW is not available');
  const mayControl = (context: CallContext) => context.capabilities.has('sessionControl');
  const forbidden = (what: string): Result<never> =>
    err(
      'FORBIDDEN',
      `${what} needs session control, which this connection is not allowed (web mode: start with --allow-session-control)`,
    );

  const figures = (): SessionFigures[] => [
    ...(live?.figures() ?? []),
    ...[...replays.values()].flatMap((r) => r.manager.figures()),
  ];

  function tick(): void {
    const all = figures();
    deps.emit('sessions.figures', { at: new Date().toISOString(), sessions: all });
    const running = all.some((f) => f.state === 'running');
    if (!running && stopTimer) {
      stopTimer();
      stopTimer = undefined;
    }
  }

  function startFigures(): void {
    stopTimer ??= every(FIGURES_MS, tick);
  }

  /** Subscribes, opens the capture that shows the events, and ties them together. */
  function open(
    manager: SessionManager,
    subscribe: () => Result<Subscription>,
    label: string,
  ): Result<{ started: StartedSession; subscription: Subscription }> {
    const subscribed = subscribe();
    if (!subscribed.ok) return subscribed;
    const sub = subscribed.value;
    const capture = deps.openLive({
      label,
      clock: sub.clock,
      batches: sub.batches,
      captureFilter: sub.viewFilter,
    });
    if (!capture.ok) {
      sub.close();
      return capture;
    }
    for (const name of sub.sessions) manager.setCaptureId(name, capture.value.captureId);
    startFigures();
    return ok({
      subscription: sub,
      started: {
        sessions: [...sub.sessions],
        capture: capture.value,
        providers: sub.providers(),
        viewFilter: sub.viewFilter,
      },
    });
  }

  async function startReplay(request: SessionStartRequest): Promise<Result<StartedSession>> {
    const replay = request.replay as NonNullable<SessionStartRequest['replay']>;
    const opened = (deps.openReplay ?? openReplayCapture)(replay.path);
    if (!opened.ok) return opened;
    const capture = opened.value;
    const names = (await deps.providerNames?.()) ?? new Map<string, string>();
    for (const p of capture.providers) p.name ??= names.get(p.guid);
    const speed = replay.speed === 'max' ? Infinity : replay.speed;
    const name = ourSessionName(`Replay-${nextReplay++}`);
    const backend = new ReplayBackend({ source: capture.source, speed });
    const manager = new SessionManager({
      backend,
      source: 'replay',
      names: { user: name, kernel: `${name}-Kernel` },
      sessionOptions: { flushTimerMs: REPLAY_FLUSH_MS },
      refuseRestricted: false,
      providerName: deps.providerName,
    });
    const selection = selectionOf(request);
    const spec: SubscriptionSpec =
      selection.providers?.length || selection.kernel
        ? selection
        : {
            providers: capture.providers,
            kernel: capture.kernelFlags ? { flags: capture.kernelFlags } : undefined,
            filter: request.filter,
          };
    if (!spec.providers?.length && !spec.kernel) {
      capture.source.close();
      return err('BAD_REQUEST', `${capture.source.description.label} holds no events to replay`);
    }
    const speedText = replay.speed === 'max' ? 'max' : `${replay.speed}×`;
    const label = request.label ?? `${capture.source.description.label} (replay ${speedText})`;
    const started = open(manager, () => manager.subscribe({ ...spec, label }), label);
    if (!started.ok) {
      capture.source.close();
      return started;
    }
    forgetOldReplays();
    replays.set(name, {
      name,
      path: replay.path,
      speed: replay.speed,
      backend,
      manager,
      captureId: started.value.started.capture.captureId,
    });
    return ok(started.value.started);
  }

  /** Keeps the list bounded: the oldest replays that have ended are forgotten first. */
  function forgetOldReplays(): void {
    for (const [name, r] of replays) {
      if (replays.size < MAX_REPLAYS_KEPT) return;
      if (r.backend.playState === 'ended') replays.delete(name);
    }
  }

  function replayOf(name: string): Replay | undefined {
    return replays.get(name) ?? replays.get(name.replace(/-Kernel$/, ''));
  }

  function machineSessions(): { sessions: TraceSessionInfo[]; complete: boolean; error?: AppError } {
    if (!addon) return { sessions: [], complete: true };
    try {
      const listed = addon.listSessions();
      return { sessions: listed.sessions.map((s) => sessionInfo(s, 'machine')), complete: listed.complete };
    } catch (e) {
      return { sessions: [], complete: false, error: nativeErrorToAppError(e) };
    }
  }

  function replaySessions(): TraceSessionInfo[] {
    const out: TraceSessionInfo[] = [];
    for (const r of replays.values()) {
      const info = {
        path: r.path,
        speed: r.speed,
        state: r.backend.playState,
        eventsPlayed: r.backend.eventsPlayed,
      };
      const running = r.backend.listSessions().sessions;
      const names = new Set(running.map((s) => s.name));
      for (const s of running)
        out.push({ ...sessionInfo(s, 'replay'), captureId: r.captureId, replay: info });
      // A replay whose sessions ended stays listed (with its final counters) until the app restarts.
      for (const f of r.manager.figures()) {
        if (names.has(f.name)) continue;
        out.push({
          name: f.name,
          mode: 'realtime',
          eventsLost: f.loss.etwEventsLost,
          buffersLost: f.loss.realtimeBuffersLost,
          logBuffersLost: 0,
          ours: true,
          source: 'replay',
          kernel: f.kind === 'kernel',
          captureId: r.captureId,
          replay: info,
        });
      }
    }
    return out;
  }

  return {
    list(context) {
      const machine = machineSessions();
      const listing: SessionListing = {
        sessions: [...machine.sessions, ...replaySessions()],
        complete: machine.complete,
        liveEtw: { ...deps.liveEtw },
        control: { live: live !== undefined && mayControl(context), replay: true },
        reclaimed: [...reclaimed],
        restrictedProviders: RESTRICTED_PROVIDERS.map((p) => ({ ...p })),
        figures: figures(),
      };
      if (machine.error) listing.machineError = machine.error;
      return ok(listing);
    },

    async start(request, context) {
      if (request.replay) return startReplay(request);
      if (!live) return unavailable();
      if (!mayControl(context)) return forbidden('starting a live session');
      const spec = selectionOf(request);
      const label = request.label ?? liveLabel(spec);
      const started = open(live, () => live.subscribe({ ...spec, label }), label);
      return started.ok ? ok(started.value.started) : started;
    },

    stop({ name, force }, context) {
      const replay = replayOf(name);
      if (replay) {
        for (const running of replay.manager.running()) replay.manager.endSession(running);
        tick();
        return ok({ stopped: true });
      }
      if (!addon) return unavailable();
      if (!mayControl(context)) return forbidden('stopping a trace session');
      if (live?.running().includes(name)) {
        const ended = live.endSession(name);
        tick();
        return ended.ok ? ok({ stopped: true }) : ended;
      }
      if (!isOurSession(name) && !force)
        return err('FORBIDDEN', `'${name}' belongs to another tool; stopping it needs force`, {
          detail: name,
        });
      try {
        const r = addon.stopSession(name, { force: force === true });
        return r.stopped ? ok({ stopped: true }) : err('NOT_FOUND', `no session named '${name}' is running`);
      } catch (e) {
        return { ok: false, error: nativeErrorToAppError(e) };
      }
    },

    attach({ name, filter }, context) {
      const replay = replayOf(name);
      if (replay) {
        const label = `${name} (attached)`;
        const started = open(replay.manager, () => replay.manager.attach(name, { filter, label }), label);
        return started.ok ? ok(started.value.started) : started;
      }
      if (!live) {
        const why = deps.liveEtw.reason ?? 'live ETW is not available';
        return err(
          deps.liveEtw.code ?? 'UNSUPPORTED_PLATFORM',
          `attaching to '${name}' reads a real-time session of this machine through ETW (OpenTrace on its name, as Administrator); ${why}. Replay sessions of this app can be attached to here.`,
        );
      }
      if (!mayControl(context)) return forbidden('attaching to a trace session');
      const label = `${name} (attached)`;
      const started = open(live, () => live.attach(name, { filter, label }), label);
      return started.ok ? ok(started.value.started) : started;
    },

    async parseProfile({ text, fileName }) {
      const parsed = parseWprp(text);
      const where = fileName ?? 'the profile';
      if (!parsed.ok) {
        const at = parsed.line !== undefined ? ` at line ${parsed.line}, column ${parsed.column ?? 1}` : '';
        return err('BAD_REQUEST', `${where}: ${parsed.message}${at}`, {
          detail: JSON.stringify({ line: parsed.line, column: parsed.column }),
        });
      }
      const lookup = await profileLookup(parsed.profiles, deps);
      return ok({
        profiles: parsed.profiles.map((p) => {
          const { request, warnings } = profileRequest(p, lookup);
          return {
            id: p.id,
            name: p.name,
            ...(p.description ? { description: p.description } : {}),
            request,
            warnings: lookup
              ? warnings
              : [...warnings, 'the provider catalog could not be reached: names stay unresolved'],
          };
        }),
      });
    },

    figures,

    dispose() {
      stopTimer?.();
      stopTimer = undefined;
      for (const r of replays.values()) r.manager.stop();
      live?.stop();
    },
  };
}

/** Provider names → GUIDs and keyword names → masks from the catalog, for what the profiles name. */
async function profileLookup(
  profiles: WprpProfile[],
  deps: SessionServiceDeps,
): Promise<WprpLookup | undefined> {
  if (!deps.providerNames) return { guidOf: () => undefined, eventSourceGuid };
  const names = await deps.providerNames();
  const guidByName = new Map<string, string>();
  for (const [guid, name] of names) guidByName.set(name.toLowerCase(), guid);
  const guidOf = (name: string) => guidByName.get(name.toLowerCase());
  const keywords = new Map<string, Map<string, bigint>>();
  for (const p of profiles.flatMap((profile) => profile.providers)) {
    const guid = providerGuid(p, { guidOf, eventSourceGuid });
    if (!guid || p.keywordNames.length === 0 || keywords.has(guid) || !deps.providerSchema) continue;
    const schema = await deps.providerSchema(guid);
    const masks = new Map<string, bigint>();
    for (const k of schema?.keywords ?? [])
      if (/^(0x[0-9a-f]{1,16}|\d{1,20})$/i.test(k.mask)) masks.set(k.name.toLowerCase(), BigInt(k.mask));
    keywords.set(guid, masks);
  }
  return {
    guidOf,
    eventSourceGuid,
    keywordMask: (guid, keyword) => keywords.get(guid)?.get(keyword.toLowerCase()),
  };
}

function selectionOf(request: SessionStartRequest): SubscriptionSpec {
  const spec: SubscriptionSpec = {};
  if (request.providers?.length) spec.providers = request.providers.map(providerSelection);
  if (request.kernel) spec.kernel = { flags: request.kernel.flags };
  if (request.filter) spec.filter = request.filter;
  return spec;
}

function providerSelection(p: SessionProviderRequest): ProviderSelection {
  const selection: ProviderSelection = {
    guid: p.guid.replace(/[{}]/g, '').toLowerCase(),
    level: p.level ?? 5,
    anyKeyword: BigInt(p.anyKeyword ?? '0'),
    allKeyword: BigInt(p.allKeyword ?? '0'),
  };
  if (p.name) selection.name = p.name;
  if (p.properties) selection.properties = { ...p.properties };
  if (p.filters) selection.filters = { ...p.filters };
  if (p.traceLogging) selection.traceLogging = true;
  return selection;
}

function liveLabel(spec: SubscriptionSpec): string {
  const names = (spec.providers ?? []).map((p) => p.name ?? p.guid);
  if (spec.kernel) names.push('kernel');
  const shown = names.slice(0, 2).join(', ');
  return `Live: ${shown}${names.length > 2 ? ` +${names.length - 2}` : ''}`;
}

const EVENT_TRACE_REAL_TIME_MODE = 0x100;
const EVENT_TRACE_FILE_MODE_ANY = 0x1 | 0x2 | 0x4 | 0x8;
const EVENT_TRACE_SYSTEM_LOGGER_MODE = 0x2000000;
const EVENT_TRACE_USE_MS_FLUSH_TIMER = 0x10;
const CLOCKS: Record<number, TraceSessionInfo['clock']> = { 1: 'qpc', 2: 'system time', 3: 'cpu cycles' };

export function sessionInfo(s: SessionInfo, source: TraceSessionInfo['source']): TraceSessionInfo {
  const realTime = (s.logFileMode & EVENT_TRACE_REAL_TIME_MODE) !== 0;
  const file = s.logFile !== '' || (s.logFileMode & EVENT_TRACE_FILE_MODE_ANY) !== 0;
  const info: TraceSessionInfo = {
    name: s.name,
    loggerId: s.loggerId,
    mode: realTime && file ? 'both' : realTime ? 'realtime' : file ? 'file' : 'unknown',
    eventsLost: s.eventsLost,
    buffersLost: s.realTimeBuffersLost,
    logBuffersLost: s.logBuffersLost,
    ours: isOurSession(s.name),
    source,
    kernel:
      (s.logFileMode & EVENT_TRACE_SYSTEM_LOGGER_MODE) !== 0 ||
      s.enableFlags !== 0 ||
      s.name === 'NT Kernel Logger',
    flushTimerMs: (s.logFileMode & EVENT_TRACE_USE_MS_FLUSH_TIMER) !== 0 ? s.flushTimer : s.flushTimer * 1000,
    clock: CLOCKS[s.clockType] ?? 'unknown',
  };
  // A replay has no ETW buffers: only the machine's sessions report them.
  if (source === 'machine') {
    info.buffers = {
      sizeKB: s.bufferSizeKB,
      count: s.numberOfBuffers,
      free: s.freeBuffers,
      written: s.buffersWritten,
      min: s.minimumBuffers,
      max: s.maximumBuffers,
    };
  }
  if (s.logFile) info.logFile = s.logFile;
  return info;
}

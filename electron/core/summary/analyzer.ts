// Analyzer: per-process enrichment, summaries, netflow aggregation and alerts over a decoded event
// stream. Feed it every event in stream order with `observe(raw, decoded, seq)` — from a file, a live
// session or a replay; the work per event is a provider lookup, a process lookup and a few counters,
// plus the provider-specific handling for the providers it knows (known.ts). Ask at any time:
// processOf(pid, ticks) (enrichment of any event), moduleAt(pid, ticks, address) (the image behind a
// stack frame), processes(), processTree(), summary(key), alerts(), derivedEvents(). Call finish() at
// the end of a file to close the last netflow interval and the PowerShell script blocks still missing
// parts.
//
// observe() works in two halves. The first, `own`, takes what the event says about processes
// (lifetimes, names, threads, drive letters) into the process table and finds the process the event
// belongs to; the second, `account`, does what needs the event's seq (activity, counts, alerts).
// define(raw, decoded) runs the first half alone, ahead of observe() of the same event: a capture
// filter reads `process.*` of an event before the store has numbered it (core/analysis).
//
// Which process an event belongs to: the header pid, except where TraceEvent's conventions say
// otherwise — classic Process/Thread/Image events belong to the process they describe (ProcessId),
// network events to their PID field (Kernel-Network logs most of them from the idle/system context),
// and records without a pid (PERFINFO headers) to the process of their thread when it is known.

import { fileTimeToIso } from '../../common/time';
import { decodeExtendedData, type DecodedEvent } from '../decode/index';
import { ExtType, type RawEvent } from '../events/raw-event';
import type { FilterEnv, FilterSubject, ProcessInfo } from '../filter/index';
import { MAX_ENDPOINTS } from './activity';
import { BeaconTracker } from './beacon';
import { DnsActivity } from './dns';
import { ModuleMap, type ModuleRange } from './module-map';
import { EventSubject } from './event-subject';
import { FileNameTable } from './file-names';
import {
  ClassicOpcode,
  EventTracingEvent,
  KernelClass,
  KernelProcessEvent,
  PowerShellEvent,
  Provider,
  VOLUME_MAPPING_OPCODE,
} from './known';
import { NetflowAggregator, type DerivedEvent } from './netflow';
import {
  endpointKey,
  EndpointStats,
  newNetObservation,
  NetOp,
  readClassicNet,
  readKernelNetwork,
  type NetObservation,
} from './network';
import { DriveMap } from './paths';
import { decodeEncodedCommand, PowerShellActivity } from './powershell';
import { normalizeStartKey, ProcessTable, type ProcessFacts, type ProcessRecord } from './process-table';
import { propAddress, propInt, propIntOf, propStr, propStrOf, propTicks, type Props } from './props';
import { AlertEngine, resolveRules, type Alert } from './rules/engine';
import type { RuleFile } from './rules/schema';
import {
  processSummary,
  processTree,
  processView,
  type ProcessSummary,
  type ProcessTreeNode,
  type ProcessView,
  type SummaryContext,
} from './summary';
import { wmiClientPid, WmiActivity } from './wmi';

export interface AnalyzerOptions {
  /** UTC FILETIME at ticks 0 (TraceClock.startFileTime): ISO times in results, CreateTime → ticks. */
  startFileTime?: bigint;
  /** A validated rule file (parseRuleFile); default: the built-in rules. */
  rules?: RuleFile;
  /** Netflow interval (default 60 s). */
  netflowIntervalSeconds?: number;
  /** Outbound silence that separates two beaconing contacts (default 2 s). */
  beaconGapSeconds?: number;
  /** Called with every derived event as its interval closes. */
  onDerived?: (event: DerivedEvent) => void;
  /** Derived events kept for derivedEvents() (default 100,000; later ones go only to onDerived). */
  maxDerivedEvents?: number;
}

const TICKS_PER_SECOND = 1e7;
// Alternative property names across event versions (hoisted: no array per event).
const START_ADDRESS = ['Win32StartAddr', 'StartAddr'];
const KP_IMAGE_BASE = ['ImageBase'];
const IMAGE_FILE = ['FileName', 'ImageFileName'];
const IMAGE_BASE = ['ImageBase', 'BaseAddress'];
const IMAGE_SIZE = ['ImageSize', 'ModuleSize'];
const MAX_HOSTS = 100_000;
/** The idle and System processes: classic rundowns list drivers under 0, Kernel-Process under 4. */
const SYSTEM_PIDS = [0, 4];
/** Classic SessionId of system processes (no session). */
const NO_SESSION = 0xffffffff;

const enum Handler {
  KernelProcess,
  ClassicProcess,
  ClassicThread,
  ClassicImage,
  FileIo,
  KernelFile,
  SysConfig,
  KernelNetwork,
  TcpIp,
  UdpIp,
  Dns,
  Wmi,
  PowerShell,
  EventTracing,
}

const HANDLERS = new Map<string, Handler>([
  [Provider.KernelProcess, Handler.KernelProcess],
  [KernelClass.Process, Handler.ClassicProcess],
  [KernelClass.Thread, Handler.ClassicThread],
  [KernelClass.Image, Handler.ClassicImage],
  [KernelClass.FileIo, Handler.FileIo],
  [Provider.KernelFile, Handler.KernelFile],
  [KernelClass.SysConfig, Handler.SysConfig],
  [Provider.KernelNetwork, Handler.KernelNetwork],
  [KernelClass.TcpIp, Handler.TcpIp],
  [KernelClass.UdpIp, Handler.UdpIp],
  [Provider.DnsClient, Handler.Dns],
  [Provider.WmiActivity, Handler.Wmi],
  [Provider.PowerShell, Handler.PowerShell],
  [Provider.KernelEventTracing, Handler.EventTracing],
]);

type Display = DecodedEvent['display'];

interface CachedInfo {
  tableGeneration: number;
  driveGeneration: number;
  info: ProcessInfo;
}

export class Analyzer {
  readonly table = new ProcessTable();
  readonly files = new FileNameTable();
  readonly drives = new DriveMap();
  /** Events observed. */
  events = 0;
  private readonly hosts = new Map<string, string>();
  /** Provider names as decoded, for the filter rules' header predicates (which run on the raw event). */
  private readonly providerNames = new Map<string, string>();
  private readonly engine: AlertEngine;
  private readonly netflow: NetflowAggregator;
  private readonly derived: DerivedEvent[] = [];
  private derivedDropped = 0;
  private readonly net: NetObservation = newNetObservation();
  private readonly startFileTime: bigint | undefined;
  private readonly beaconGapTicks: number;
  private readonly maxDerived: number;
  private readonly summaryContext: SummaryContext;
  /** Reused for every event the filter rules look at. */
  private readonly filterSubject = new EventSubject((r) => this.processInfo(r));
  /** The process an event describes (a started child, a thread's or image's process, a network
   *  event's owner): set by own() for account() of the same event. */
  private described: ProcessRecord | null = null;
  /** The event define() took in, its owner and described process (observe() of it skips own()). */
  private definedRaw: RawEvent | null = null;
  private definedOwner: ProcessRecord | null = null;
  private definedDescribed: ProcessRecord | null = null;

  constructor(options: AnalyzerOptions = {}) {
    this.startFileTime = options.startFileTime;
    this.beaconGapTicks = (options.beaconGapSeconds ?? 2) * TICKS_PER_SECOND;
    this.maxDerived = options.maxDerivedEvents ?? 100_000;
    const hostOf = (address: string) => this.hosts.get(address) ?? '';
    const timeOf = (ticks: number) => this.timeOf(ticks);
    const providerNames = this.providerNames;
    const filterEnv: FilterEnv = { providerName: (id) => providerNames.get(id) };
    if (options.startFileTime !== undefined) filterEnv.startFileTime = options.startFileTime;
    this.engine = new AlertEngine(resolveRules(options.rules), { timeOf, hostOf, filterEnv });
    const onDerived = options.onDerived;
    this.netflow = new NetflowAggregator(
      Math.max(1, options.netflowIntervalSeconds ?? 60) * TICKS_PER_SECOND,
      hostOf,
      (event) => {
        if (this.derived.length < this.maxDerived) this.derived.push(event);
        else this.derivedDropped++;
        onDerived?.(event);
      },
    );
    this.summaryContext = { table: this.table, drives: this.drives, timeOf, hostOf, childrenOf: () => [] };
  }

  /** ISO 8601 UTC of trace ticks, or null when the trace start time is unknown. */
  timeOf(ticks: number): string | null {
    if (this.startFileTime === undefined || !Number.isFinite(ticks)) return null;
    return fileTimeToIso(this.startFileTime + BigInt(Math.round(ticks)));
  }

  /** Takes in one event (in stream order); returns the process it belongs to (null when it has none). */
  observe(raw: RawEvent, decoded: DecodedEvent, seq: number): ProcessRecord | null {
    this.events++;
    const handler = HANDLERS.get(raw.providerId);
    let owner: ProcessRecord | null;
    if (this.definedRaw === raw) {
      owner = this.definedOwner;
      this.described = this.definedDescribed;
      this.definedRaw = this.definedOwner = this.definedDescribed = null;
    } else {
      owner = this.own(handler, raw, decoded);
    }
    if (handler !== undefined) this.account(handler, raw, decoded, owner, seq);
    if (owner !== null) {
      owner.activity.countEvent(
        decoded.entry ?? `${raw.providerId}#${raw.id}#${raw.opcode}`,
        decoded.providerName || raw.providerId,
        decoded.eventName,
      );
    }
    if (this.engine.hasFilterRules) {
      if (decoded.providerName !== '' && !this.providerNames.has(raw.providerId))
        this.providerNames.set(raw.providerId, decoded.providerName);
      this.engine.onEvent(raw, decoded, owner, seq, this.filterSubject);
    }
    return owner;
  }

  /**
   * The process-table half of observe() for `raw`, ahead of it: the process lifetimes, names,
   * threads and drive letters the event gives take effect, and the process the event belongs to is
   * returned — the one observe() will return. Call observe() with the same event next (it does the
   * rest without repeating this); nothing else may be observed or defined in between.
   */
  define(raw: RawEvent, decoded: DecodedEvent): ProcessRecord | null {
    const owner = this.own(HANDLERS.get(raw.providerId), raw, decoded);
    this.definedRaw = raw;
    this.definedOwner = owner;
    this.definedDescribed = this.described;
    return owner;
  }

  /** Closes the open netflow interval and completes partial PowerShell script blocks. Idempotent. */
  finish(): void {
    this.netflow.flush();
    for (const r of this.table.records) {
      const ps = r.activity.powershell;
      if (ps === null) continue;
      for (const block of ps.finish())
        this.engine.onPowerShellText(r, 'scriptblock', block.text, block.firstTicks, block.seqs);
    }
  }

  /** The process lifetime of `pid` at `ticks` (enrichment of any event), if known. */
  processOf(pid: number, ticks: number): ProcessRecord | undefined {
    return this.table.lookup(pid, ticks);
  }

  /**
   * The image that held `address` in process `pid` at `ticks` (stack frames). Kernel-space addresses
   * look among the drivers first — the images of the System process (pid 0 or 4) — then in `pid`.
   */
  moduleAt(pid: number, ticks: number, address: bigint, kernelSpace: boolean): ModuleRange | undefined {
    if (kernelSpace) {
      for (const system of SYSTEM_PIDS) {
        const found = this.table.lookup(system, ticks)?.activity.modules?.find(address, ticks);
        if (found !== undefined) return found;
      }
    }
    if (pid < 0) return undefined;
    return this.table.lookup(pid, ticks)?.activity.modules?.find(address, ticks);
  }

  /** The process an event belongs to, by the same conventions as observe() (without recording anything). */
  processForEvent(raw: RawEvent, decoded?: DecodedEvent): ProcessRecord | undefined {
    const props = decoded?.props;
    let pid = raw.pid;
    if (props !== undefined) {
      const h = HANDLERS.get(raw.providerId);
      if (h === Handler.ClassicProcess || h === Handler.ClassicThread || h === Handler.ClassicImage)
        pid = propInt(props, 'ProcessId', pid);
      else if (h === Handler.KernelNetwork || h === Handler.TcpIp || h === Handler.UdpIp)
        pid = propInt(props, 'PID', pid);
    }
    if (pid < 0 && raw.tid >= 0) pid = this.table.pidOfThread(raw.tid);
    return pid < 0 ? undefined : this.table.lookup(pid, raw.ticks);
  }

  /** The filter language's view of a process (cached until a fact changes). */
  processInfo(record: ProcessRecord): ProcessInfo {
    const cached = record.infoCache as CachedInfo | undefined;
    if (
      cached !== undefined &&
      cached.tableGeneration === this.table.generation &&
      cached.driveGeneration === this.drives.generation
    ) {
      return cached.info;
    }
    const parent = this.table.parentOf(record);
    const info: ProcessInfo = {
      name: record.name,
      path: this.drives.toDos(record.ntPath),
      cmdline: record.cmdline,
      parent: parent?.name ?? '',
    };
    if (record.ppid >= 0) info.ppid = record.ppid;
    record.infoCache = {
      tableGeneration: this.table.generation,
      driveGeneration: this.drives.generation,
      info,
    } satisfies CachedInfo;
    return info;
  }

  /** A FilterSubject for an observed event (props, names, process): a new object the caller may keep. */
  subject(raw: RawEvent, decoded: DecodedEvent, record: ProcessRecord | null): FilterSubject {
    return new EventSubject((r) => this.processInfo(r)).reset(raw, decoded, record);
  }

  /** Every process known, in the order they became known. */
  processes(): ProcessView[] {
    const ctx = this.contextWithChildren();
    return this.table.records.map((r) => processView(ctx, r));
  }

  processTree(): ProcessTreeNode[] {
    return processTree(this.contextWithChildren(), this.table.records);
  }

  summary(processKey: string): ProcessSummary | undefined {
    const record = this.table.get(processKey);
    return record === undefined ? undefined : processSummary(this.contextWithChildren(), record);
  }

  alerts(): readonly Alert[] {
    return this.engine.alerts;
  }

  /** Alerts suppressed because a rule reached its maximum, by rule id. */
  suppressedAlerts(): Record<string, number> {
    return this.engine.suppressed();
  }

  derivedEvents(): readonly DerivedEvent[] {
    return this.derived;
  }

  /** Derived events emitted beyond maxDerivedEvents (still passed to onDerived). */
  get droppedDerivedEvents(): number {
    return this.derivedDropped;
  }

  /** The file name of a FileObject/FileKey value, with drive letters. */
  fileName(objectOrKey: string | number): string | undefined {
    const name = this.files.nameOf(objectOrKey);
    return name === undefined ? undefined : this.drives.toDos(name);
  }

  /** An NT path with drive letters (when the trace maps its volumes). */
  toDosPath(ntPath: string): string {
    return this.drives.toDos(ntPath);
  }

  /** The DNS name an address was resolved from ('' when unknown). */
  hostOf(address: string): string {
    return this.hosts.get(address) ?? '';
  }

  private contextWithChildren(): SummaryContext {
    const children = new Map<ProcessRecord, ProcessRecord[]>();
    for (const r of this.table.records) {
      const parent = this.table.parentOf(r);
      if (parent === null) continue;
      const list = children.get(parent);
      if (list) list.push(r);
      else children.set(parent, [r]);
    }
    return { ...this.summaryContext, childrenOf: (r) => children.get(r) ?? [] };
  }

  // ---- ownership -------------------------------------------------------------------------------

  /** The header's process (the thread's process for records without a pid), learning from ext items. */
  private headerProcess(raw: RawEvent): ProcessRecord | null {
    let pid = raw.pid;
    if (pid < 0) {
      if (raw.tid < 0) return null;
      pid = this.table.pidOfThread(raw.tid);
      if (pid < 0) return null;
    }
    if (raw.ext.length === 0) return this.table.ensure(pid, raw.ticks);
    return this.withExtItems(raw, pid);
  }

  private withExtItems(raw: RawEvent, pid: number): ProcessRecord {
    let record: ProcessRecord | undefined;
    for (const item of raw.ext) {
      if (item.type === ExtType.ProcessStartKey && item.data.length >= 8) {
        const d = item.data;
        const lo =
          ((d[0] as number) |
            ((d[1] as number) << 8) |
            ((d[2] as number) << 16) |
            ((d[3] as number) << 24)) >>>
          0;
        const hi = (d[4] as number) | ((d[5] as number) << 8);
        record = this.table.withStartKey(pid, raw.ticks, normalizeStartKey(hi * 0x100000000 + lo));
      }
    }
    record ??= this.table.ensure(pid, raw.ticks);
    if (record.user === '') {
      for (const item of raw.ext) {
        if (item.type !== ExtType.Sid) continue;
        const sid = decodeExtendedData([item])?.sid;
        if (typeof sid === 'string') record.user = sid;
      }
    }
    return record;
  }

  /**
   * The first half of observe(): takes what the event says about processes into the table and returns
   * the process it belongs to; `described` is left at the process it describes, for account().
   */
  private own(handler: Handler | undefined, raw: RawEvent, d: DecodedEvent): ProcessRecord | null {
    this.described = null;
    if (handler === undefined) return this.headerProcess(raw); // its properties stay undecoded
    const props = d.props;
    switch (handler) {
      case Handler.KernelProcess:
        this.described = this.defineKernelProcess(raw, props);
        return this.headerProcess(raw);
      case Handler.ClassicProcess:
        return (this.described = this.defineClassicProcess(raw, props)) ?? this.headerProcess(raw);
      case Handler.ClassicThread:
        return (this.described = this.defineClassicThread(raw, props)) ?? this.headerProcess(raw);
      case Handler.ClassicImage: {
        const pid = propInt(props, 'ProcessId', raw.pid);
        if (classicImageKind(raw.opcode) === null || pid < 0) return this.headerProcess(raw);
        return (this.described = this.table.ensure(pid, raw.ticks));
      }
      case Handler.SysConfig:
        if (raw.opcode === VOLUME_MAPPING_OPCODE)
          this.drives.add(propStr(props, 'NtPath'), propStr(props, 'DosPath'));
        return this.headerProcess(raw);
      case Handler.KernelNetwork:
      case Handler.TcpIp:
      case Handler.UdpIp: {
        const o = this.net;
        const read =
          handler === Handler.KernelNetwork
            ? readKernelNetwork(raw, props, o)
            : readClassicNet(raw, props, handler === Handler.UdpIp, o);
        if (!read) return this.headerProcess(raw);
        return (this.described = this.table.ensure(o.pid >= 0 ? o.pid : raw.pid, raw.ticks));
      }
      case Handler.FileIo:
      case Handler.KernelFile:
      case Handler.Dns:
      case Handler.Wmi:
      case Handler.PowerShell:
      case Handler.EventTracing:
        return this.headerProcess(raw);
    }
  }

  /** The second half of observe(): activity, counts and alerts of an event of a known provider. */
  private account(
    handler: Handler,
    raw: RawEvent,
    d: DecodedEvent,
    owner: ProcessRecord | null,
    seq: number,
  ): void {
    const props = d.props;
    const described = this.described;
    switch (handler) {
      case Handler.KernelProcess:
        this.kernelProcess(raw, props, d.display, described, seq);
        return;
      case Handler.ClassicProcess:
        if (described !== null && isLifetimeOpcode(raw.opcode)) {
          if (raw.opcode === ClassicOpcode.Start) described.startSeq = seq;
          this.checkCommandLine(described, raw.ticks, seq);
        }
        return;
      case Handler.ClassicThread:
        if (described !== null && raw.opcode === ClassicOpcode.Start) {
          const tid = propInt(props, 'TThreadId');
          this.threadStart(
            raw.pid,
            described,
            tid,
            propAddress(props, d.display, START_ADDRESS),
            raw.ticks,
            seq,
          );
        }
        return;
      case Handler.ClassicImage: {
        const kind = classicImageKind(raw.opcode);
        if (described === null || kind === null) return;
        this.image(
          described,
          propStrOf(props, IMAGE_FILE),
          propAddress(props, d.display, IMAGE_BASE),
          propIntOf(props, IMAGE_SIZE, 0),
          raw.ticks,
          seq,
          kind,
        );
        return;
      }
      case Handler.FileIo:
        this.files.observeClassic(raw.opcode, props);
        return;
      case Handler.KernelFile:
        this.files.observeKernelFile(raw.id, props);
        return;
      case Handler.SysConfig:
        return;
      case Handler.KernelNetwork:
      case Handler.TcpIp:
      case Handler.UdpIp:
        if (described !== null) this.network(described, raw.ticks, seq);
        return;
      case Handler.Dns:
        if (owner !== null) this.dns(owner, raw, props);
        return;
      case Handler.Wmi:
        this.wmi(owner, raw, props, seq);
        return;
      case Handler.PowerShell:
        if (owner !== null) this.powershell(owner, raw, props, seq);
        return;
      case Handler.EventTracing:
        this.eventTracing(owner, raw, props, seq);
        return;
    }
  }

  // ---- processes, threads, images ----------------------------------------------------------------

  /** Kernel-Process lifetimes and threads into the table; the process the event describes. */
  private defineKernelProcess(raw: RawEvent, props: Props): ProcessRecord | null {
    const pid = propInt(props, 'ProcessID');
    const ticks = raw.ticks;
    switch (raw.id) {
      case KernelProcessEvent.ProcessStart:
        if (pid < 0) return null;
        return this.table.started(pid, ticks, { ...this.kernelProcessFacts(props), creatorPid: raw.pid }, -1);
      case KernelProcessEvent.ProcessRundown:
        if (pid >= 0) this.table.rundown(pid, ticks, this.kernelProcessFacts(props));
        return null;
      case KernelProcessEvent.ProcessStop:
        if (pid >= 0) {
          this.table.stopped(pid, ticks, {
            shortName: propStr(props, 'ImageName'),
            createTicks: propTicks(props, 'CreateTime', this.startFileTime),
            exitCode: propInt(props, 'ExitCode', -1),
          });
        }
        return null;
      case KernelProcessEvent.ThreadStart:
      case KernelProcessEvent.ThreadStop: {
        const tid = propInt(props, 'ThreadID');
        if (pid < 0 || tid < 0) return null;
        if (raw.id === KernelProcessEvent.ThreadStop) {
          this.table.threadStopped(tid);
          return null;
        }
        this.table.threadStarted(tid, pid);
        return this.table.ensure(pid, ticks);
      }
      case KernelProcessEvent.ImageLoad:
      case KernelProcessEvent.ImageUnload:
        return this.table.ensure(pid >= 0 ? pid : raw.pid, ticks);
      default:
        return null;
    }
  }

  /** What needs the seq of a Kernel-Process event: a child's start, a thread start, an image. */
  private kernelProcess(
    raw: RawEvent,
    props: Props,
    display: Display,
    described: ProcessRecord | null,
    seq: number,
  ): void {
    if (described === null) return;
    const ticks = raw.ticks;
    switch (raw.id) {
      case KernelProcessEvent.ProcessStart:
        described.startSeq = seq;
        this.checkCommandLine(described, ticks, seq);
        return;
      case KernelProcessEvent.ThreadStart:
        this.threadStart(
          raw.pid,
          described,
          propInt(props, 'ThreadID'),
          propAddress(props, display, START_ADDRESS),
          ticks,
          seq,
        );
        return;
      case KernelProcessEvent.ImageLoad:
      case KernelProcessEvent.ImageUnload:
        this.image(
          described,
          propStr(props, 'ImageName'),
          propAddress(props, display, KP_IMAGE_BASE),
          propInt(props, 'ImageSize', 0),
          ticks,
          seq,
          raw.id === KernelProcessEvent.ImageLoad ? 1 : -1,
        );
        return;
    }
  }

  private kernelProcessFacts(props: Props): ProcessFacts {
    const key = propInt(props, 'ProcessSequenceNumber');
    return {
      ppid: propInt(props, 'ParentProcessID'),
      ntPath: propStr(props, 'ImageName'),
      session: propInt(props, 'SessionID'),
      createTicks: propTicks(props, 'CreateTime', this.startFileTime),
      ...(key > 0 ? { startKey: normalizeStartKey(key) } : {}),
    };
  }

  /** A classic Process event into the table: the lifetime it describes (null: no ProcessId). */
  private defineClassicProcess(raw: RawEvent, props: Props): ProcessRecord | null {
    const pid = propInt(props, 'ProcessId');
    if (pid < 0) return null;
    const ticks = raw.ticks;
    const session = propInt(props, 'SessionId');
    const facts: ProcessFacts = {
      ppid: propInt(props, 'ParentId'),
      shortName: propStr(props, 'ImageFileName'),
      cmdline: propStr(props, 'CommandLine'),
      user: propStr(props, 'UserSID'),
      session: session === NO_SESSION ? -1 : session,
    };
    switch (raw.opcode) {
      case ClassicOpcode.Start:
        return this.table.started(pid, ticks, { ...facts, creatorPid: raw.pid }, -1);
      case ClassicOpcode.Stop:
      case ClassicOpcode.ProcessDefunct:
        return this.table.stopped(pid, ticks, { ...facts, exitCode: propInt(props, 'ExitStatus', -1) });
      case ClassicOpcode.ProcessTerminate:
        return this.table.stopped(pid, ticks, {});
      case ClassicOpcode.DCStart:
      case ClassicOpcode.DCStop:
        return this.table.rundown(pid, ticks, facts);
      default:
        return this.table.ensure(pid, ticks);
    }
  }

  /** A classic Thread start/stop/rundown into the thread map: the thread's process (null: not one). */
  private defineClassicThread(raw: RawEvent, props: Props): ProcessRecord | null {
    const op = raw.opcode;
    if (op < ClassicOpcode.Start || op > ClassicOpcode.DCStop) return null;
    const pid = propInt(props, 'ProcessId');
    if (pid < 0) return null;
    const tid = propInt(props, 'TThreadId');
    const target = this.table.ensure(pid, raw.ticks);
    if (op === ClassicOpcode.Stop || op === ClassicOpcode.DCStop) this.table.threadStopped(tid);
    else this.table.threadStarted(tid, pid);
    return target;
  }

  /** kind: 1 load, -1 unload, 0 rundown. */
  private image(
    record: ProcessRecord,
    ntPath: string,
    base: string,
    size: number,
    ticks: number,
    seq: number,
    kind: number,
  ): void {
    if (ntPath === '') return;
    const activity = record.activity;
    const modules = (activity.modules ??= new ModuleMap());
    if (kind < 0) modules.unload(base, size, ntPath, ticks);
    else modules.load(base, size, ntPath, ticks, kind === 0);
    const entry = activity.image(ntPath, base, size, ticks, seq, kind === 0);
    if (entry === null) return;
    if (kind > 0) entry.loads++;
    else if (kind < 0) entry.unloads++;
    if (kind < 0) return;
    const firstImage =
      activity.images?.size === 1 && entry.firstSeq === seq && (kind === 0 || record.origin === 'start');
    this.table.learnImage(record, ntPath, firstImage);
  }

  /** A thread start in `target` logged from the context of `creatorPid`: cross-process unless initial. */
  private threadStart(
    creatorPid: number,
    target: ProcessRecord,
    tid: number,
    startAddress: string,
    ticks: number,
    seq: number,
  ): void {
    const initial = target.activity.threadStarts === 0 && target.origin === 'start';
    target.activity.threadStarts++;
    if (initial || creatorPid < 0 || creatorPid === target.pid) return;
    const creator = this.table.ensure(creatorPid, ticks);
    if (creator === target) return;
    creator.activity.addRemoteThread(creator.activity.threadsCreatedElsewhere, {
      otherKey: target.key,
      otherPid: target.pid,
      tid,
      startAddress,
      ticks,
      seq,
    });
    target.activity.addRemoteThread(target.activity.threadsInjected, {
      otherKey: creator.key,
      otherPid: creator.pid,
      tid,
      startAddress,
      ticks,
      seq,
    });
    this.engine.onRemoteThread(creator, target, tid, startAddress, ticks, seq);
  }

  /** PowerShell command lines (and their -EncodedCommand script) go to the PowerShell rules once. */
  private checkCommandLine(record: ProcessRecord, ticks: number, seq: number): void {
    if (record.cmdlineChecked || record.cmdline === '') return;
    record.cmdlineChecked = true;
    const cmdline = record.cmdline;
    if (!/powershell|pwsh/i.test(cmdline) && !/powershell|pwsh/i.test(record.name)) return;
    this.engine.onPowerShellText(record, 'cmdline', cmdline, ticks, [seq]);
    const decoded = decodeEncodedCommand(cmdline);
    if (decoded === null) return;
    (record.activity.powershell ??= new PowerShellActivity()).addEncoded(cmdline, decoded, ticks, seq);
    this.engine.onPowerShellText(record, 'encoded', decoded, ticks, [seq]);
  }

  // ---- network -------------------------------------------------------------------------------------

  /** A network event read into `net` by own(), counted for its process `record`. */
  private network(record: ProcessRecord, ticks: number, seq: number): void {
    const o = this.net;
    const activity = record.activity;
    const endpoints = (activity.endpoints ??= new Map());
    const key = endpointKey(o);
    let ep = endpoints.get(key);
    if (ep === undefined) {
      if (endpoints.size >= MAX_ENDPOINTS) {
        activity.dropped.endpoints++;
        return;
      }
      ep = new EndpointStats(o, ticks);
      endpoints.set(key, ep);
    }
    if (ticks > ep.lastTicks) ep.lastTicks = ticks;
    let outbound = false;
    switch (o.op) {
      case NetOp.Send:
        ep.bytesSent += o.size;
        ep.sends++;
        ep.noteSendSeq(seq);
        outbound = true;
        break;
      case NetOp.Recv:
        ep.bytesReceived += o.size;
        ep.receives++;
        break;
      case NetOp.Connect:
      case NetOp.Reconnect:
        ep.connects++;
        outbound = true;
        break;
      case NetOp.Accept:
        ep.accepts++;
        break;
      case NetOp.Disconnect:
        ep.disconnects++;
        break;
      case NetOp.Retransmit:
        ep.retransmits++;
        break;
    }
    this.netflow.add(record, ep, o.op, o.size, ticks, seq);
    if (outbound) {
      const beacon = (ep.beacon ??= new BeaconTracker());
      if (beacon.onOutbound(ticks, seq, this.beaconGapTicks) && this.engine.wantsBeacons)
        this.engine.onContact(record, ep, ticks);
    }
    if (o.op === NetOp.Send && this.engine.exfilRuleCount > 0) {
      ep.sentWindows ??= this.engine.newSendWindows();
      this.engine.onSend(record, ep, o.size, ticks);
    }
  }

  // ---- DNS, WMI, PowerShell, ETW -----------------------------------------------------------------

  private dns(record: ProcessRecord, raw: RawEvent, props: Props): void {
    const answered = (record.activity.dns ??= new DnsActivity()).observe(raw.id, props, raw.ticks);
    if (answered !== null) {
      for (const address of answered.addresses) {
        if (this.hosts.size < MAX_HOSTS || this.hosts.has(address)) this.hosts.set(address, answered.name);
      }
    }
  }

  /** A WMI operation counts for its client process (given in the event), else for the logger. */
  private wmi(logger: ProcessRecord | null, raw: RawEvent, props: Props, seq: number): void {
    const clientPid = wmiClientPid(raw.id, props);
    const client = clientPid > 0 ? this.table.ensure(clientPid, raw.ticks) : logger;
    if (client !== null) (client.activity.wmi ??= new WmiActivity()).observe(raw.id, props, raw.ticks, seq);
  }

  private powershell(record: ProcessRecord, raw: RawEvent, props: Props, seq: number): void {
    const ticks = raw.ticks;
    switch (raw.id) {
      case PowerShellEvent.ScriptBlock: {
        const block = (record.activity.powershell ??= new PowerShellActivity()).observeScriptBlock(
          props,
          ticks,
          seq,
        );
        if (block !== null)
          this.engine.onPowerShellText(record, 'scriptblock', block.text, block.firstTicks, block.seqs);
        break;
      }
      case PowerShellEvent.Command: {
        const command = (record.activity.powershell ??= new PowerShellActivity()).observeCommand(
          props,
          ticks,
          seq,
        );
        this.engine.onPowerShellText(record, 'command', command.text, ticks, [seq]);
        break;
      }
      case PowerShellEvent.Error:
        (record.activity.powershell ??= new PowerShellActivity()).errors++;
        break;
    }
  }

  private eventTracing(record: ProcessRecord | null, raw: RawEvent, props: Props, seq: number): void {
    if (EventTracingEvent.SessionStop.has(raw.id)) {
      this.engine.onTamper(record, 'session-stop', propStr(props, 'SessionName'), '', raw.ticks, seq);
    } else if (raw.id === EventTracingEvent.ProviderDisable) {
      this.engine.onTamper(
        record,
        'provider-disable',
        propStr(props, 'SessionName'),
        propStr(props, 'ProviderName'),
        raw.ticks,
        seq,
      );
    }
  }
}

/** Classic Process opcodes that describe a lifetime (their command line goes to the PowerShell rules). */
function isLifetimeOpcode(opcode: number): boolean {
  switch (opcode) {
    case ClassicOpcode.Start:
    case ClassicOpcode.Stop:
    case ClassicOpcode.ProcessDefunct:
    case ClassicOpcode.ProcessTerminate:
    case ClassicOpcode.DCStart:
    case ClassicOpcode.DCStop:
      return true;
    default:
      return false;
  }
}

/** Classic Image opcodes: 1 load, -1 unload, 0 rundown; null for the others. */
function classicImageKind(opcode: number): number | null {
  switch (opcode) {
    case ClassicOpcode.ImageLoad:
      return 1;
    case ClassicOpcode.Stop:
      return -1;
    case ClassicOpcode.DCStart:
    case ClassicOpcode.DCStop:
      return 0;
    default:
      return null;
  }
}

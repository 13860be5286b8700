// What one process did: the incremental accumulators behind a process summary. One ProcessActivity
// hangs off every ProcessRecord; its parts are created on first use (most processes never touch
// DNS, WMI or PowerShell). Every collection is capped; what did not fit is counted in `dropped`.

import type { DnsActivity } from './dns';
import type { ModuleMap } from './module-map';
import type { EndpointStats } from './network';
import type { PowerShellActivity } from './powershell';
import type { WmiActivity } from './wmi';

export const MAX_ENDPOINTS = 16_384;
export const MAX_IMAGES = 4096;
export const MAX_REMOTE_THREADS = 1024;
const MAX_EVENT_KINDS = 4096;

export interface EventCount {
  provider: string;
  event: string;
  count: number;
}

export interface ImageLoad {
  /** Path as logged (NT form; the summary shows it with drive letters). */
  ntPath: string;
  base: string;
  size: number;
  loads: number;
  unloads: number;
  /** Listed by a rundown (DCStart/DCStop): loaded before the trace started or still loaded at its end. */
  rundown: boolean;
  firstTicks: number;
  firstSeq: number;
}

/** A thread started by one process inside another. */
export interface RemoteThread {
  /** The other process: the target (for threads this process created) or the creator. */
  otherKey: string;
  otherPid: number;
  tid: number;
  startAddress: string;
  ticks: number;
  seq: number;
}

export class ProcessActivity {
  events = 0;
  /** Counts by schema entry (an object, stable per event schema) or "providerId#id#opcode" when undecoded. */
  readonly eventCounts = new Map<object | string, EventCount>();
  endpoints: Map<number | string, EndpointStats> | null = null;
  dns: DnsActivity | null = null;
  images: Map<string, ImageLoad> | null = null;
  /** The same images by address and time (stack frames → module + offset). */
  modules: ModuleMap | null = null;
  /** Threads this process created in other processes. */
  readonly threadsCreatedElsewhere: RemoteThread[] = [];
  /** Threads other processes created in this one. */
  readonly threadsInjected: RemoteThread[] = [];
  /** Thread start events seen in this process (the first one of a new process is its initial thread). */
  threadStarts = 0;
  wmi: WmiActivity | null = null;
  powershell: PowerShellActivity | null = null;
  dropped = { eventKinds: 0, endpoints: 0, images: 0, remoteThreads: 0 };

  countEvent(key: object | string, provider: string, event: string): void {
    this.events++;
    const entry = this.eventCounts.get(key);
    if (entry !== undefined) {
      entry.count++;
      return;
    }
    if (this.eventCounts.size >= MAX_EVENT_KINDS) {
      this.dropped.eventKinds++;
      return;
    }
    this.eventCounts.set(key, { provider, event, count: 1 });
  }

  image(
    ntPath: string,
    base: string,
    size: number,
    ticks: number,
    seq: number,
    rundown: boolean,
  ): ImageLoad | null {
    const images = (this.images ??= new Map());
    // Keyed by the path as logged: the kernel names one file the same way each time.
    let entry = images.get(ntPath);
    if (entry === undefined) {
      if (images.size >= MAX_IMAGES) {
        this.dropped.images++;
        return null;
      }
      entry = { ntPath, base, size, loads: 0, unloads: 0, rundown, firstTicks: ticks, firstSeq: seq };
      images.set(ntPath, entry);
    }
    if (rundown) entry.rundown = true;
    return entry;
  }

  addRemoteThread(list: RemoteThread[], thread: RemoteThread): void {
    if (list.length >= MAX_REMOTE_THREADS) this.dropped.remoteThreads++;
    else list.push(thread);
  }
}

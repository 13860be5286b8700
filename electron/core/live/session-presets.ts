// Session naming and buffer presets (native-etw-notes §0.4-0.5, §4.5). Our sessions use stable
// "ETWExplorer-<purpose>" names so a relaunch reclaims them instead of leaking one per run; the addon
// reclaims and stops without `force` only names with this prefix.

import type { StartSessionOptions } from './addon';

export const SESSION_PREFIX = 'ETWExplorer-';

export function ourSessionName(purpose: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(purpose)) throw new Error(`bad session purpose: ${purpose}`);
  return SESSION_PREFIX + purpose;
}

export function isOurSession(name: string): boolean {
  return name.startsWith(SESSION_PREFIX);
}

export type SessionPreset = 'light' | 'heavy';

/**
 * Buffer sizing. light: 64 KB × (2×CPU .. 64) for ordinary user providers. heavy: 256 KB × 64..256 for
 * kernel file/registry, RPC, DNS and other bursty providers (rustinel PR #312 measured 0% loss there
 * where 32 KB × 24 lost 41-84%). Both flush every second (the live view's latency).
 */
export function sessionPreset(
  preset: SessionPreset,
  cpuCount: number,
): Required<Pick<StartSessionOptions, 'bufferKB' | 'minBuffers' | 'maxBuffers' | 'flushTimerMs'>> {
  const cpus = Math.max(1, Math.floor(cpuCount));
  if (preset === 'light') {
    const minBuffers = Math.min(2 * cpus, 1024);
    return { bufferKB: 64, minBuffers, maxBuffers: Math.max(64, minBuffers), flushTimerMs: 1000 };
  }
  const minBuffers = Math.min(Math.max(64, 2 * cpus), 1024);
  return { bufferKB: 256, minBuffers, maxBuffers: Math.max(256, minBuffers), flushTimerMs: 1000 };
}

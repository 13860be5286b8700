// Provider registrations from EnumerateTraceGuidsEx (EtwAddon.traceGuidList / traceGuidInfo): parses the
// raw TRACE_GUID_INFO block and answers "which providers does process N register" (logman query
// providers -pid N) and "which sessions enabled provider G, with which keywords" (TraceEvent
// GetEnabledProvidersForSession). Layout (evntrace.h, MS sample enumeratetraceguidsex.md):
//   TRACE_GUID_INFO { u32 InstanceCount; u32 Reserved }                                    8 bytes
//   InstanceCount × TRACE_PROVIDER_INSTANCE_INFO { u32 NextOffset; u32 EnableCount; u32 Pid; u32 Flags }
//     each followed by EnableCount × TRACE_ENABLE_INFO { u32 IsEnabled; u8 Level; u8 Reserved1;
//       u16 LoggerId; u32 EnableProperty; u32 Reserved2; u64 MatchAnyKeyword; u64 MatchAllKeyword } 32 bytes
//   NextOffset is relative to the instance; the next instance starts there.
// Corrupt or short blocks give diagnostics and keep what was read; never throws.

import type { EtwAddon, SessionInfo } from './addon';

export const TRACE_PROVIDER_FLAG_LEGACY = 0x1; // classic provider (RegisterTraceGuids)
export const TRACE_PROVIDER_FLAG_PRE_ENABLE = 0x2; // enabled before it registered

const GUID_INFO_SIZE = 8;
const INSTANCE_SIZE = 16;
const ENABLE_SIZE = 32;

export interface EnableInfo {
  isEnabled: boolean;
  level: number;
  loggerId: number;
  enableProperty: number;
  anyKeyword: bigint;
  allKeyword: bigint;
}

export interface ProviderInstance {
  pid: number;
  flags: number;
  legacy: boolean;
  preEnable: boolean;
  enables: EnableInfo[];
}

export interface TraceGuidDiagnostic {
  offset: number;
  message: string;
}

export interface ParsedTraceGuidInfo {
  instances: ProviderInstance[];
  diagnostics: TraceGuidDiagnostic[];
}

export function parseTraceGuidInfo(bytes: Uint8Array): ParsedTraceGuidInfo {
  const instances: ProviderInstance[] = [];
  const diagnostics: TraceGuidDiagnostic[] = [];
  if (bytes.length < GUID_INFO_SIZE) {
    diagnostics.push({
      offset: 0,
      message: `TRACE_GUID_INFO needs ${GUID_INFO_SIZE} bytes, got ${bytes.length}`,
    });
    return { instances, diagnostics };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  let at = GUID_INFO_SIZE;
  for (let i = 0; i < count; i++) {
    if (at + INSTANCE_SIZE > bytes.length) {
      diagnostics.push({
        offset: at,
        message: `instance ${i} of ${count} starts past the end (${bytes.length} bytes)`,
      });
      break;
    }
    const nextOffset = view.getUint32(at, true);
    const enableCount = view.getUint32(at + 4, true);
    const flags = view.getUint32(at + 12, true);
    const available = Math.floor((bytes.length - at - INSTANCE_SIZE) / ENABLE_SIZE);
    if (enableCount > available) {
      diagnostics.push({
        offset: at + 4,
        message: `instance ${i}: ${enableCount} enable entries, room for ${available}`,
      });
    }
    const enables: EnableInfo[] = [];
    for (let j = 0; j < Math.min(enableCount, available); j++) {
      const e = at + INSTANCE_SIZE + j * ENABLE_SIZE;
      enables.push({
        isEnabled: view.getUint32(e, true) !== 0,
        level: view.getUint8(e + 4),
        loggerId: view.getUint16(e + 6, true),
        enableProperty: view.getUint32(e + 8, true),
        anyKeyword: view.getBigUint64(e + 16, true),
        allKeyword: view.getBigUint64(e + 24, true),
      });
    }
    instances.push({
      pid: view.getUint32(at + 8, true),
      flags,
      legacy: (flags & TRACE_PROVIDER_FLAG_LEGACY) !== 0,
      preEnable: (flags & TRACE_PROVIDER_FLAG_PRE_ENABLE) !== 0,
      enables,
    });
    if (i + 1 < count) {
      if (nextOffset < INSTANCE_SIZE + enableCount * ENABLE_SIZE) {
        diagnostics.push({
          offset: at,
          message: `instance ${i}: NextOffset ${nextOffset} overlaps its own entries; ${count - i - 1} instances not read`,
        });
        break;
      }
      at += nextOffset;
    }
  }
  return { instances, diagnostics };
}

type RegistrationSource = Pick<EtwAddon, 'traceGuidList' | 'traceGuidInfo'>;

export interface ProcessProvider {
  guid: string;
  instance: ProviderInstance;
}

/** Providers registered by one process (EnumerateTraceGuidsEx List + Info, filtered by Pid). */
export function providersOfProcess(
  addon: RegistrationSource,
  pid: number,
): { providers: ProcessProvider[]; diagnostics: (TraceGuidDiagnostic & { guid: string })[] } {
  const providers: ProcessProvider[] = [];
  const diagnostics: (TraceGuidDiagnostic & { guid: string })[] = [];
  for (const guid of addon.traceGuidList()) {
    const bytes = addon.traceGuidInfo(guid);
    if (!bytes) continue; // unregistered between the two calls
    const parsed = parseTraceGuidInfo(bytes);
    for (const d of parsed.diagnostics) diagnostics.push({ ...d, guid });
    for (const instance of parsed.instances) if (instance.pid === pid) providers.push({ guid, instance });
  }
  return { providers, diagnostics };
}

export interface ProviderEnablement extends EnableInfo {
  /** Process that registered the provider instance (0 for pre-enabled, not yet registered). */
  pid: number;
  /** Name of the session with that logger id, when it is running. */
  session?: SessionInfo;
}

/** Which sessions enabled a provider, with which level and keywords (one entry per instance × session). */
export function sessionsEnablingProvider(
  addon: Pick<EtwAddon, 'traceGuidInfo' | 'listSessions'>,
  guid: string,
): { enablements: ProviderEnablement[]; diagnostics: TraceGuidDiagnostic[] } {
  const bytes = addon.traceGuidInfo(guid);
  if (!bytes) return { enablements: [], diagnostics: [] };
  const parsed = parseTraceGuidInfo(bytes);
  const byLogger = new Map(addon.listSessions().sessions.map((s) => [s.loggerId, s] as const));
  const enablements: ProviderEnablement[] = [];
  for (const instance of parsed.instances) {
    for (const e of instance.enables) {
      if (!e.isEnabled) continue;
      const session = byLogger.get(e.loggerId);
      enablements.push(session ? { ...e, pid: instance.pid, session } : { ...e, pid: instance.pid });
    }
  }
  return { enablements, diagnostics: parsed.diagnostics };
}

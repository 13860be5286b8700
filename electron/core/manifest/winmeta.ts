// The `win:` names every manifest may use without defining them (winmeta.xml of the Windows SDK):
// levels and opcodes (from the shared schema model), keywords, tasks and the global channels.
// Readers resolve `win:*` references here; models list only what a provider defines itself.
import {
  STANDARD_LEVELS,
  STANDARD_OPCODES,
  type ChannelSchema,
  type KeywordSchema,
  type LevelSchema,
  type OpcodeSchema,
  type TaskSchema,
} from '../../common/model/schema';

export const STANDARD_KEYWORDS: readonly KeywordSchema[] = [
  { name: 'win:AnyKeyword', mask: '0x0' },
  { name: 'win:ResponseTime', mask: '0x1000000000000' },
  { name: 'win:WDIContext', mask: '0x2000000000000' },
  { name: 'win:WDIDiag', mask: '0x4000000000000' },
  { name: 'win:SQM', mask: '0x8000000000000' },
  { name: 'win:AuditFailure', mask: '0x10000000000000' },
  { name: 'win:AuditSuccess', mask: '0x20000000000000' },
  { name: 'win:CorrelationHint', mask: '0x40000000000000' },
  { name: 'win:EventlogClassic', mask: '0x80000000000000' },
  ...[56, 57, 58, 59, 60, 61, 62, 63].map((bit) => ({
    name: `win:ReservedKeyword${bit}`,
    mask: `0x${(1n << BigInt(bit)).toString(16)}`,
  })),
];

export const STANDARD_TASKS: readonly TaskSchema[] = [{ name: 'win:None', value: 0 }];

/** Global channels (winmeta.xml); `importChannel` of these names takes their value. */
export const STANDARD_CHANNELS: readonly ChannelSchema[] = [
  { name: 'TraceClassic', value: 0 },
  { name: 'System', value: 8, type: 'Admin' },
  { name: 'Application', value: 9, type: 'Admin' },
  { name: 'Security', value: 10, type: 'Admin' },
  { name: 'TraceLogging', value: 11 },
  { name: 'ProviderMetadata', value: 12 },
];

/** First value mc.exe gives to a channel a manifest defines (or imports from another provider). */
export const FIRST_PROVIDER_CHANNEL = 16;

const byName = <T extends { name: string }>(list: readonly T[]) => new Map(list.map((x) => [x.name, x]));
const levels = byName(STANDARD_LEVELS);
const opcodes = byName(STANDARD_OPCODES);
const keywords = byName(STANDARD_KEYWORDS);
const tasks = byName(STANDARD_TASKS);
const channels = byName(STANDARD_CHANNELS);

/** Names reconstructed manifests (PerfView-style dumps) use for standard values. */
const LEVEL_ALIASES: Record<string, string> = { 'win:Always': 'win:LogAlways' };
const OPCODE_ALIASES: Record<string, string> = { 'win:DCStart': 'win:DC_Start', 'win:DCStop': 'win:DC_Stop' };

export const standardLevel = (name: string): LevelSchema | undefined =>
  levels.get(name) ?? levels.get(LEVEL_ALIASES[name] ?? '');
export const standardOpcode = (name: string): OpcodeSchema | undefined =>
  opcodes.get(name) ?? opcodes.get(OPCODE_ALIASES[name] ?? '');
export const standardKeyword = (name: string): KeywordSchema | undefined => keywords.get(name);
export const standardTask = (name: string): TaskSchema | undefined => tasks.get(name);
export const standardChannel = (name: string): ChannelSchema | undefined => channels.get(name);

/** True when (name, value) is the winmeta definition itself (binary manifests list them too). */
export function isStandardLevel(name: string, value: number): boolean {
  return levels.get(name)?.value === value;
}
export function isStandardOpcode(name: string, value: number, task?: number): boolean {
  return !task && opcodes.get(name)?.value === value;
}
export function isStandardKeyword(name: string, mask: string): boolean {
  return keywords.get(name)?.mask === mask;
}
export function isStandardTask(name: string, value: number): boolean {
  return tasks.get(name)?.value === value;
}

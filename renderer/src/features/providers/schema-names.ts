// Names for the numbers in an event definition, the way the manifest resolves them: the provider's own
// levels, tasks, opcodes (task-specific first, then global), channels and keywords, then the standard
// winmeta ones. Display names drop the "win:" prefix ("Informational"); the value stays in tooltips.
import {
  STANDARD_LEVELS,
  STANDARD_OPCODES,
  type EventSchema,
  type ProviderSchema,
} from '@common/model/schema';
import { formatMask, maskHas, parseMask } from './keyword-mask';

export const displayName = (name: string): string => (name.startsWith('win:') ? name.slice(4) : name);

export function levelName(p: ProviderSchema, value: number): string | undefined {
  const level = p.levels.find((l) => l.value === value) ?? STANDARD_LEVELS.find((l) => l.value === value);
  return level ? displayName(level.name) : undefined;
}

export const taskName = (p: ProviderSchema, value: number): string | undefined =>
  p.tasks.find((t) => t.value === value)?.name;

export function opcodeName(p: ProviderSchema, task: number, value: number): string | undefined {
  const opcode =
    p.opcodes.find((o) => o.value === value && o.task === task) ??
    p.opcodes.find((o) => o.value === value && o.task === undefined) ??
    STANDARD_OPCODES.find((o) => o.value === value);
  return opcode ? displayName(opcode.name) : undefined;
}

export function channelName(p: ProviderSchema, value: number | undefined): string | undefined {
  if (value === undefined) return undefined;
  const channel = p.channels.find((c) => c.value === value);
  return channel ? (channel.chid ?? channel.name) : undefined;
}

const RESERVED_BITS = 0xffff_0000_0000_0000n;

/** Names of the provider keywords set in `mask`; bits no keyword names are shown as hex. */
export function keywordNames(p: ProviderSchema, mask: string): string[] {
  let rest = parseMask(mask);
  const names: string[] = [];
  for (const k of p.keywords) {
    const bits = parseMask(k.mask);
    if (maskHas(rest, bits)) {
      names.push(displayName(k.name));
      rest &= ~bits;
    }
  }
  // Bits 48-63 are reserved: winmeta's standard keywords and the channels' implied bits (mc.exe).
  const reserved = rest & RESERVED_BITS;
  if (rest & ~RESERVED_BITS) names.push(formatMask(rest & ~RESERVED_BITS));
  if (reserved) names.push(`${formatMask(reserved)} (reserved)`);
  return names;
}

/** The event's display name: symbol or name, else "Task/Opcode", else "Event N". */
export function eventName(p: ProviderSchema, e: EventSchema): string {
  if (e.name) return e.name;
  if (e.symbol) return e.symbol;
  const task = taskName(p, e.task);
  const opcode = e.opcode !== 0 ? opcodeName(p, e.task, e.opcode) : undefined;
  if (task) return opcode ? `${task}/${opcode}` : task;
  return `Event ${e.id}`;
}

export const eventKey = (e: { id: number; version: number }): string => `${e.id}/${e.version}`;

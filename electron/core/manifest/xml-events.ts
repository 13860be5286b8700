// `<event>` elements and the names they refer to: a provider's channels (by chid or name), levels,
// tasks, opcodes (task-specific first), keywords (space-separated names → OR'd mask) and templates,
// falling back to the winmeta `win:*` names; mc.exe's channel keyword bits are added. A name that does
// not resolve is reported: task/opcode/level as a warning (value 0), channel/keyword/template as an error.
import type {
  ChannelSchema,
  EventSchema,
  FieldSchema,
  KeywordSchema,
  LevelSchema,
  OpcodeSchema,
  ProviderSchema,
  TaskSchema,
} from '../../common/model/schema';
import { standardChannel, standardKeyword, standardLevel, standardOpcode, standardTask } from './winmeta';
import {
  parseIntegerText,
  parseMaskText,
  report,
  requireInteger,
  resolveMessage,
  setIf,
  type XmlReadContext,
} from './xml-context';
import type { XmlElement } from './xml-tree';

/** Name tables an `<event>` refers into, indexed once per provider. */
export interface ProviderScope {
  channels: Map<string, number>;
  /** Keyword bit mc.exe gives events of a channel, by channel value (see channelKeywordBits). */
  channelKeywords: Map<number, bigint>;
  levels: Map<string, LevelSchema>;
  tasks: Map<string, TaskSchema>;
  /** Opcodes by "task value" + NUL + name; global opcodes under task "g". */
  opcodes: Map<string, OpcodeSchema>;
  /** Any opcode by name (the first defined), for events that name another task's opcode. */
  anyOpcode: Map<string, OpcodeSchema>;
  keywords: Map<string, KeywordSchema>;
  templates: ReadonlyMap<string, FieldSchema[]>;
}

function firstByName<T extends { name: string }>(list: readonly T[]): Map<string, T> {
  const m = new Map<string, T>();
  for (const x of list) if (!m.has(x.name)) m.set(x.name, x);
  return m;
}

export function buildProviderScope(
  p: Pick<ProviderSchema, 'channels' | 'levels' | 'tasks' | 'opcodes' | 'keywords'>,
  templates: ReadonlyMap<string, FieldSchema[]>,
): ProviderScope {
  const channels = new Map<string, number>();
  for (const c of p.channels) if (!channels.has(c.name)) channels.set(c.name, c.value);
  for (const c of p.channels) if (c.chid !== undefined) channels.set(c.chid, c.value);
  const opcodes = new Map<string, OpcodeSchema>();
  for (const o of p.opcodes) {
    const key = `${o.task ?? 'g'}\u0000${o.name}`;
    if (!opcodes.has(key)) opcodes.set(key, o);
  }
  return {
    channels,
    channelKeywords: channelKeywordBits(p.channels),
    levels: firstByName(p.levels),
    tasks: firstByName(p.tasks),
    opcodes,
    anyOpcode: firstByName(p.opcodes),
    keywords: firstByName(p.keywords),
    templates,
  };
}

/**
 * mc.exe reserves keyword bits 63..56 for channels: the n-th channel the provider declares (imported
 * ones included; the event log's channel sessions enable the provider with that bit) gets bit 63 - n,
 * and every event written to it carries the bit (Sealighter's one channel: event keywords 0x8000000000000001
 * for keyword mask 0x1; libfwevt's Security-channel event: 0x8000000000000000).
 */
export function channelKeywordBits(channels: readonly ChannelSchema[]): Map<number, bigint> {
  const bits = new Map<number, bigint>();
  channels.forEach((c, i) => {
    if (i < 8 && !bits.has(c.value)) bits.set(c.value, 1n << BigInt(63 - i));
  });
  return bits;
}

function resolveChannel(ref: string, scope: ProviderScope): number | undefined {
  return scope.channels.get(ref) ?? standardChannel(ref)?.value ?? parseIntegerText(ref);
}

function resolveOpcode(ref: string, task: number, scope: ProviderScope): OpcodeSchema | undefined {
  const found =
    scope.opcodes.get(`${task}\u0000${ref}`) ??
    scope.opcodes.get(`g\u0000${ref}`) ??
    standardOpcode(ref) ??
    scope.anyOpcode.get(ref);
  if (found) return found;
  const n = parseIntegerText(ref);
  return n === undefined ? undefined : { name: ref, value: n };
}

/** Space-separated keyword names → OR'd mask ("0x…"). */
export function resolveKeywordNames(names: string, scope: ProviderScope, ctx: XmlReadContext): string {
  let mask = 0n;
  for (const n of names.split(/[\s,]+/)) {
    if (!n) continue;
    const k = scope.keywords.get(n) ?? standardKeyword(n);
    const m = k?.mask ?? parseMaskText(n);
    if (m === undefined) report(ctx, 'UNRESOLVED_REFERENCE', `keyword "${n}" is not defined`);
    else mask |= BigInt(m);
  }
  return `0x${mask.toString(16)}`;
}

export function readEventElement(
  el: XmlElement,
  scope: ProviderScope,
  ctx: XmlReadContext,
): EventSchema | undefined {
  const id = requireInteger(el, 'value', ctx);
  if (id === undefined) return undefined;
  const a = el.attrs;
  const version = parseIntegerText(a.version) ?? 0;
  const label = `event ${id}${version ? ` v${version}` : ''}`;
  // A missing task/opcode/level name keeps value 0 (a warning: dumps of MOF classes name tasks they
  // never define); a missing channel, keyword or template loses data (an error).
  const unresolved = (what: string, ref: string) =>
    report(
      ctx,
      what === 'task' || what === 'opcode' || what === 'level' ? 'UNRESOLVED_NAME' : 'UNRESOLVED_REFERENCE',
      `${label}: ${what} "${ref}" is not defined`,
    );

  let level = 0;
  if (a.level) {
    const l = scope.levels.get(a.level) ?? standardLevel(a.level);
    const v = l?.value ?? parseIntegerText(a.level);
    if (v === undefined) unresolved('level', a.level);
    else level = v;
  }
  let task: TaskSchema | undefined;
  if (a.task) {
    task = scope.tasks.get(a.task) ?? standardTask(a.task);
    const n = task ? undefined : parseIntegerText(a.task);
    if (!task && n !== undefined) task = { name: a.task, value: n };
    if (!task) unresolved('task', a.task);
  }
  let opcode: OpcodeSchema | undefined;
  if (a.opcode) {
    opcode = resolveOpcode(a.opcode, task?.value ?? 0, scope);
    if (!opcode) unresolved('opcode', a.opcode);
  }
  const event: EventSchema = {
    id,
    version,
    level,
    opcode: opcode?.value ?? 0,
    task: task?.value ?? 0,
    keywords: a.keywords ? resolveKeywordNames(a.keywords, scope, ctx) : '0x0',
    fields: [],
  };
  if (a.channel) {
    const c = resolveChannel(a.channel, scope);
    if (c === undefined) unresolved('channel', a.channel);
    else event.channel = c;
    const bit = c === undefined ? undefined : scope.channelKeywords.get(c);
    if (bit !== undefined) event.keywords = `0x${(BigInt(event.keywords) | bit).toString(16)}`;
  }
  const name = a.symbol ?? eventNameFromTaskAndOpcode(task, opcode);
  setIf(event, 'name', name);
  setIf(event, 'symbol', a.symbol);
  setIf(event, 'message', resolveMessage(a.message, ctx));
  if (a.template) {
    event.template = a.template;
    const fields = scope.templates.get(a.template);
    if (fields) event.fields = fields;
    else unresolved('template', a.template);
  }
  return event;
}

/** "Task" or "Task/Opcode" (opcode omitted when it is win:Info). */
export function eventNameFromTaskAndOpcode(task?: TaskSchema, opcode?: OpcodeSchema): string | undefined {
  const opcodeName = opcode && opcode.value !== 0 ? opcode.name.replace(/^win:/, '') : undefined;
  if (task && task.value !== 0) return opcodeName ? `${task.name}/${opcodeName}` : task.name;
  return opcodeName;
}

// Raw CRIM provider records (crim.ts) + the message table → ProviderSchema, the same model the XML
// reader gives: winmeta entries (win:Informational, win:Info, ...) that mc.exe copies into every binary
// manifest are dropped (models list what a provider defines; win:* names resolve through winmeta.ts),
// names come from the blob, messages from the message table by id, template ids are the TEMP GUIDs.
import {
  STANDARD_OPCODES,
  type ChannelSchema,
  type EventSchema,
  type KeywordSchema,
  type LevelSchema,
  type MapSchema,
  type OpcodeSchema,
  type ProviderSchema,
  type SchemaSource,
  type TaskSchema,
} from '../../common/model/schema';
import type { CrimProvider, CrimReport } from './crim';
import type { CrimBlob, CrimMap } from './crim-entries';
import { templateFields } from './crim-template';
import type { MessageTable } from './message-table';
import { isStandardKeyword, isStandardLevel, isStandardOpcode, isStandardTask } from './winmeta';
import { eventNameFromTaskAndOpcode } from './xml-events';

const hex = (v: bigint) => `0x${v.toString(16)}`;

export function providerFromCrim(
  raw: CrimProvider,
  blob: CrimBlob,
  messages: MessageTable | undefined,
  source: SchemaSource,
  report: CrimReport,
): ProviderSchema {
  const message = (id: number | undefined) => (id === undefined ? undefined : messages?.get(id));
  const withMessage = <T extends object>(x: T, id: number | undefined): T => {
    const m = message(id);
    return m === undefined ? x : { ...x, message: m };
  };

  const channels: ChannelSchema[] = raw.channels.map((c) => {
    const ch: ChannelSchema = { name: c.name ?? `Channel${c.value}`, value: c.value };
    if (c.flags & 1) ch.imported = true;
    return withMessage(ch, c.messageId);
  });
  const levels: LevelSchema[] = raw.levels
    .filter((l) => !isStandardLevel(l.name ?? '', l.value))
    .map((l) => withMessage({ name: l.name ?? `Level${l.value}`, value: l.value }, l.messageId));
  const opcodes: OpcodeSchema[] = raw.opcodes
    .filter((o) => !isStandardOpcode(o.name ?? '', o.value, o.task))
    .map((o) => {
      const op: OpcodeSchema = { name: o.name ?? `Opcode${o.value}`, value: o.value };
      if (o.task !== 0) op.task = o.task;
      return withMessage(op, o.messageId);
    });
  const tasks: TaskSchema[] = raw.tasks
    .filter((t) => !isStandardTask(t.name ?? '', t.value))
    .map((t) => {
      const task: TaskSchema = { name: t.name ?? `Task${t.value}`, value: t.value };
      if (t.eventGuid !== '00000000-0000-0000-0000-000000000000') task.eventGuid = t.eventGuid;
      return withMessage(task, t.messageId);
    });
  const keywords: KeywordSchema[] = raw.keywords
    .filter((k) => !isStandardKeyword(k.name ?? '', hex(k.mask)))
    .map((k) => withMessage({ name: k.name ?? `Keyword${hex(k.mask)}`, mask: hex(k.mask) }, k.messageId));
  const maps: MapSchema[] = raw.maps.map((m) => ({
    name: m.name ?? `Map${m.offset.toString(16)}`,
    kind: m.kind,
    entries: m.entries.map((e) => ({ value: e.value, message: message(e.messageId) ?? '' })),
  }));

  const mapsByOffset = new Map<number, CrimMap>();
  for (const m of raw.maps) mapsByOffset.set(m.offset, m);
  const fieldsByOffset = new Map(
    raw.templates.map((t) => [
      t.offset,
      { guid: t.guid, fields: templateFields(t, { blob, report, mapsByOffset }) },
    ]),
  );
  const taskByValue = new Map(raw.tasks.map((t) => [t.value, t]));
  const opcodeByKey = new Map(raw.opcodes.map((o) => [`${o.task}/${o.value}`, o]));

  const events: EventSchema[] = raw.events.map((e) => {
    const event: EventSchema = {
      id: e.id,
      version: e.version,
      level: e.level,
      opcode: e.opcode,
      task: e.task,
      keywords: hex(e.keywords),
      fields: [],
    };
    if (e.channel !== 0) event.channel = e.channel;
    const task = taskByValue.get(e.task);
    const opcode = opcodeByKey.get(`${e.task}/${e.opcode}`) ?? opcodeByKey.get(`0/${e.opcode}`);
    const opcodeName = opcode?.name ?? standardOpcodeName(e.opcode);
    const name = eventNameFromTaskAndOpcode(
      task?.name !== undefined ? { name: task.name, value: task.value } : undefined,
      opcodeName !== undefined ? { name: opcodeName, value: e.opcode } : undefined,
    );
    if (name !== undefined) event.name = name;
    const m = message(e.messageId);
    if (m !== undefined) event.message = m;
    if (e.templateOffset !== 0) {
      const t = fieldsByOffset.get(e.templateOffset);
      if (t) {
        event.template = t.guid;
        event.fields = t.fields;
      } else {
        report(
          'UNRESOLVED_REFERENCE',
          e.offset + 20,
          `event ${e.id}: template at 0x${e.templateOffset.toString(16)} is not in the template table`,
        );
      }
    }
    return event;
  });

  const name = raw.attributes[0]?.text ?? message(raw.messageId) ?? `{${raw.guid}}`;
  const provider: ProviderSchema = {
    guid: raw.guid,
    name,
    source,
    events,
    keywords,
    levels,
    opcodes,
    tasks,
    channels,
    maps,
  };
  const providerMessage = message(raw.messageId);
  if (providerMessage !== undefined) provider.message = providerMessage;
  return provider;
}

function standardOpcodeName(value: number): string | undefined {
  return STANDARD_OPCODES.find((o) => o.value === value)?.name;
}

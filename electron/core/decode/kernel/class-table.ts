// The shape of one kernel (classic MOF) event class table, and its conversion to a ProviderSchema.
// A class is one GUID; its events are identified by event type (= EventSchema.opcode) and class version
// (= EventSchema.version), with EventSchema.id = 0, as classic events carry no event id. The tables in
// ./tables/ fill this shape; index.ts gathers them.

import type { EventSchema, OpcodeSchema, ProviderSchema } from '../../../common/model/schema';
import { parseFieldSpecs } from './field-spec';

export type KernelProviderName = 'Windows Kernel' | 'KernelTraceControl';

export interface KernelLayout {
  /** Event types (opcodes) that share this layout. */
  types: readonly number[];
  /** Class versions the layout describes. */
  versions: readonly number[];
  /**
   * Where the layout comes from: the MOF event-type class name in kerneltraceeventparser.mof (KMOF),
   * or, for newer versions, the class/template name of the documented layout (Windows 10 TDH dump,
   * TraceEvent). Becomes EventSchema.template.
   */
  source: string;
  /** Fields in payload order, in the notation of field-spec.ts. */
  fields: readonly string[];
}

export interface KernelClassTable {
  /** Class GUID, lowercase, no braces. */
  guid: string;
  provider: KernelProviderName;
  /** Task name: the class's display name as TraceEvent prints it (Process, DiskIO, Memory...). */
  task: string;
  /** Opcode name per event type (TraceEvent's names where it has one, else the MOF's). */
  opcodes: Readonly<Record<number, string>>;
  /**
   * Full event names that differ from "<task>/<opcode>" (type 0 prints as the task alone, TraceEvent's
   * rule; a few events TraceEvent files under another task, e.g. Thread type 50 "Dispatcher/ReadyThread").
   */
  names?: Readonly<Record<number, string>>;
  layouts: readonly KernelLayout[];
}

/** "<task>/<opcode>", or just the task for type 0, unless the table names the event itself. */
export function kernelEventName(table: KernelClassTable, type: number): string {
  const named = table.names?.[type];
  if (named) return named;
  if (type === 0) return table.task;
  return `${table.task}/${table.opcodes[type] ?? `Type${type}`}`;
}

/** Builds the ProviderSchema of one class table (one EventSchema per type and version). */
export function classTableToProvider(table: KernelClassTable): ProviderSchema {
  const events: EventSchema[] = [];
  for (const layout of table.layouts) {
    const fields = parseFieldSpecs(layout.fields);
    for (const version of layout.versions) {
      for (const type of layout.types) {
        events.push({
          id: 0,
          version,
          level: 0,
          opcode: type,
          task: 0,
          keywords: '0x0',
          name: kernelEventName(table, type),
          template: layout.source,
          // Each event gets its own array so a consumer that edits one schema cannot affect another.
          fields: fields.map((f) => ({ ...f })),
        });
      }
    }
  }
  events.sort((a, b) => a.opcode - b.opcode || a.version - b.version);
  const opcodes: OpcodeSchema[] = Object.entries(table.opcodes)
    .map(([value, name]) => ({ name, value: Number(value), task: 0 }))
    .sort((a, b) => a.value - b.value);
  return {
    guid: table.guid,
    name: table.provider,
    source: { kind: 'mof' },
    events,
    keywords: [],
    levels: [],
    opcodes,
    tasks: [{ name: table.task, value: 0, eventGuid: table.guid }],
    channels: [],
    maps: [],
  };
}

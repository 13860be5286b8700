// The provider schema model: one shape for every schema source (instrumentation manifest XML,
// WEVT_TEMPLATE/CRIM in PE files, TRACE_EVENT_INFO from TDH or merged-trace metadata, TraceLogging
// self-describing metadata, in-stream EventSource manifests, classic kernel MOF layouts).
// The manifest explorer shows it, the decoder compiles it, the CLI prints it as JSON (`etwx manifest
// --json`) and writes it back as manifest XML. Everything here is plain JSON data: it crosses IPC as is.
// Keyword masks are hex strings ("0x8000000000000000") because they are 64-bit.

export type SchemaSourceKind =
  | 'xml' // instrumentation manifest file (.man/.xml)
  | 'wevt' // WEVT_TEMPLATE resource (CRIM) in a PE file, or a raw CRIM blob
  | 'tdh' // TRACE_EVENT_INFO / PROVIDER_FIELD_INFO blobs from the live system (Windows)
  | 'etl-metadata' // KernelTraceControl metadata events inside a merged .etl
  | 'tracelogging' // self-describing TraceLogging metadata in the stream
  | 'eventsource' // .NET EventSource manifest found in the stream (event 0xFFFE)
  | 'mof' // classic kernel / MOF class layouts (built in)
  | 'builtin';

export interface SchemaSource {
  kind: SchemaSourceKind;
  /** File the schema came from, when it came from a file. */
  path?: string;
}

export interface FieldSchema {
  name: string;
  /** TDH in-type name without `win:` (e.g. "UnicodeString", "Int32", "Struct"). */
  inType: string;
  /** TDH out-type name (e.g. "String", "HexInt32", "IPv4"); absent = default for the in-type. */
  outType?: string;
  /** Fixed length (strings in chars, binary in bytes) or the name of the field holding it. */
  length?: number | string;
  /** Fixed element count, or the name of the field holding it; present = array. */
  count?: number | string;
  /** Name of a value or bit map in the provider. */
  map?: string;
  /** Members, when inType is "Struct". */
  fields?: FieldSchema[];
}

export interface EventSchema {
  id: number;
  version: number;
  level: number;
  opcode: number;
  task: number;
  /** Hex string, e.g. "0x10". */
  keywords: string;
  channel?: number;
  /** Symbolic name: the manifest `symbol`, TraceLogging event name, or task/opcode names joined. */
  name?: string;
  symbol?: string;
  /** Message string (with %1..%n inserts), resolved from the string table where possible. */
  message?: string;
  /** Template id the fields came from. */
  template?: string;
  fields: FieldSchema[];
}

export interface KeywordSchema {
  name: string;
  /** Hex string mask. */
  mask: string;
  message?: string;
}
export interface LevelSchema {
  name: string;
  value: number;
  message?: string;
}
export interface OpcodeSchema {
  name: string;
  value: number;
  /** Task this opcode belongs to (absent for global opcodes). */
  task?: number;
  message?: string;
}
export interface TaskSchema {
  name: string;
  value: number;
  message?: string;
  eventGuid?: string;
}
export interface ChannelSchema {
  name: string;
  value: number;
  /** Admin, Operational, Analytic, Debug (when known). */
  type?: string;
  chid?: string;
  message?: string;
  imported?: boolean;
}
export interface MapEntrySchema {
  value: number;
  message: string;
}
export interface MapSchema {
  name: string;
  kind: 'value' | 'bitmap';
  entries: MapEntrySchema[];
}

export interface ProviderSchema {
  /** Lowercase GUID without braces: "22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716". */
  guid: string;
  name: string;
  symbol?: string;
  resourceFileName?: string;
  messageFileName?: string;
  message?: string;
  source: SchemaSource;
  /** Every source merged into this provider (catalogs merge duplicates by GUID). */
  sources?: SchemaSource[];
  events: EventSchema[];
  keywords: KeywordSchema[];
  levels: LevelSchema[];
  opcodes: OpcodeSchema[];
  tasks: TaskSchema[];
  channels: ChannelSchema[];
  maps: MapSchema[];
}

/** A problem found while reading a schema source; reading goes on. */
export interface SchemaDiagnostic {
  path?: string;
  offset?: number;
  code: string;
  message: string;
}

/** The standard levels every provider has unless it redefines them (winmeta.xml). */
export const STANDARD_LEVELS: readonly LevelSchema[] = [
  { name: 'win:LogAlways', value: 0 },
  { name: 'win:Critical', value: 1 },
  { name: 'win:Error', value: 2 },
  { name: 'win:Warning', value: 3 },
  { name: 'win:Informational', value: 4 },
  { name: 'win:Verbose', value: 5 },
];

/** The standard opcodes (winmeta.xml). */
export const STANDARD_OPCODES: readonly OpcodeSchema[] = [
  { name: 'win:Info', value: 0 },
  { name: 'win:Start', value: 1 },
  { name: 'win:Stop', value: 2 },
  { name: 'win:DC_Start', value: 3 },
  { name: 'win:DC_Stop', value: 4 },
  { name: 'win:Extension', value: 5 },
  { name: 'win:Reply', value: 6 },
  { name: 'win:Resume', value: 7 },
  { name: 'win:Suspend', value: 8 },
  { name: 'win:Send', value: 9 },
  { name: 'win:Receive', value: 240 },
];

export function normalizeGuid(text: string): string {
  return text
    .trim()
    .replace(/^\{|\}$/g, '')
    .toLowerCase();
}

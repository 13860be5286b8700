// Schemas the decoder brings itself, for events that no manifest describes:
// - the trace header (EventTrace type 0, TRACE_LOGFILE_HEADER + session and file names), with its
//   three FILETIMEs and TIME_ZONE_INFORMATION decoded (the kernel tables carry the same layout with
//   raw numbers; this one is registered after them so `etwx dump` shows readable times);
// - the envelope of .NET EventSource "ManifestData" events (id 0xFFFE), whose chunks the registry
//   consumes to learn the provider's manifest.
// Layouts: shared/docs/etw-formats.md §3 (TRACE_LOGFILE_HEADER) and §5 (ManifestEnvelope).

import type { EventSchema, FieldSchema, ProviderSchema } from '../../common/model/schema';

export const EVENT_TRACE_CLASS_GUID = '68fdd900-4a3e-11d1-84f4-0000f80464e3';

const f = (name: string, inType: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({
  name,
  inType,
  ...extra,
});

/** TIME_ZONE_INFORMATION (172 bytes) and the 4 bytes that align BootTime to 8. */
const TIME_ZONE: FieldSchema = f('TimeZoneInformation', 'Struct', {
  fields: [
    f('Bias', 'Int32'),
    f('StandardName', 'UnicodeString', { length: 32 }),
    f('StandardDate', 'Binary', { length: 16 }),
    f('StandardBias', 'Int32'),
    f('DaylightName', 'UnicodeString', { length: 32 }),
    f('DaylightDate', 'Binary', { length: 16 }),
    f('DaylightBias', 'Int32'),
    f('Padding', 'UInt32'),
  ],
});

const HEADER_FIELDS: FieldSchema[] = [
  f('BufferSize', 'UInt32'),
  f('Version', 'UInt32'),
  f('ProviderVersion', 'UInt32'),
  f('NumberOfProcessors', 'UInt32'),
  f('EndTime', 'FILETIME'),
  f('TimerResolution', 'UInt32'),
  f('MaxFileSize', 'UInt32'),
  f('LogFileMode', 'UInt32', { outType: 'HexInt32' }),
  f('BuffersWritten', 'UInt32'),
  f('StartBuffers', 'UInt32'),
  f('PointerSize', 'UInt32'),
  f('EventsLost', 'UInt32'),
  f('CPUSpeed', 'UInt32'),
  f('LoggerName', 'Pointer'),
  f('LogFileName', 'Pointer'),
  TIME_ZONE,
  f('BootTime', 'FILETIME'),
  f('PerfFreq', 'UInt64'),
  f('StartTime', 'FILETIME'),
  f('ReservedFlags', 'UInt32'),
  f('BuffersLost', 'UInt32'),
  f('SessionNameString', 'UnicodeString'),
  f('LogFileNameString', 'UnicodeString'),
];

const headerEvent = (version: number): EventSchema => ({
  id: 0,
  version,
  level: 0,
  opcode: 0,
  task: 0,
  keywords: '0x0',
  name: 'EventTrace/Header',
  template: 'EventTrace_Header',
  fields: HEADER_FIELDS,
});

/** The classic EventTrace class with only its header event (type 0, versions 0-2). */
export const EVENT_TRACE_HEADER_PROVIDER: ProviderSchema = {
  guid: EVENT_TRACE_CLASS_GUID,
  name: 'Windows Kernel',
  source: { kind: 'builtin' },
  events: [headerEvent(0), headerEvent(1), headerEvent(2)],
  keywords: [],
  levels: [],
  opcodes: [{ name: 'Header', value: 0 }],
  tasks: [{ name: 'EventTrace', value: 0 }],
  channels: [],
  maps: [],
};

/** ManifestData (event 0xFFFE): the ManifestEnvelope; the XML chunk after it is not a property. */
export const MANIFEST_DATA_EVENT: EventSchema = {
  id: 0xfffe,
  version: 1,
  level: 0,
  opcode: 0xfe,
  task: 0xfffe,
  keywords: '0xffffffffffffffff',
  name: 'ManifestData',
  fields: [
    f('Format', 'UInt8'),
    f('MajorVersion', 'UInt8'),
    f('MinorVersion', 'UInt8'),
    f('Magic', 'UInt8'),
    f('TotalChunks', 'UInt16'),
    f('ChunkNumber', 'UInt16'),
  ],
};

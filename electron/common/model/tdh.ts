// TDH in-types and out-types: the one table of type names shared by manifests (XML, WEVT_TEMPLATE),
// TRACE_EVENT_INFO, TraceLogging metadata, the decoder and the UI. Values follow tdh.h TDH_INTYPE /
// TDH_OUTTYPE (also docs: shared/docs/etw-formats.md §4 and §6). Names are the manifest names without
// the `win:` prefix (XML uses `win:UnicodeString`, `xs:string`...).

export const InType = {
  Null: 0,
  UnicodeString: 1,
  AnsiString: 2,
  Int8: 3,
  UInt8: 4,
  Int16: 5,
  UInt16: 6,
  Int32: 7,
  UInt32: 8,
  Int64: 9,
  UInt64: 10,
  Float: 11,
  Double: 12,
  Boolean: 13,
  Binary: 14,
  GUID: 15,
  Pointer: 16,
  FILETIME: 17,
  SYSTEMTIME: 18,
  SID: 19,
  HexInt32: 20,
  HexInt64: 21,
  CountedString: 22,
  CountedAnsiString: 23,
  Struct: 24,
  CountedBinary: 25,
  // WBEM / MOF types (appear in TRACE_EVENT_INFO of classic events)
  WbemCountedString: 300,
  WbemCountedAnsiString: 301,
  ReversedCountedString: 302,
  ReversedCountedAnsiString: 303,
  NonNullTerminatedString: 304,
  NonNullTerminatedAnsiString: 305,
  UnicodeChar: 306,
  AnsiChar: 307,
  SizeT: 308,
  HexDump: 309,
  WbemSID: 310,
} as const;
export type InTypeName = keyof typeof InType;

export const OutType = {
  Null: 0,
  String: 1,
  DateTime: 2,
  Byte: 3,
  UnsignedByte: 4,
  Short: 5,
  UnsignedShort: 6,
  Int: 7,
  UnsignedInt: 8,
  Long: 9,
  UnsignedLong: 10,
  Float: 11,
  Double: 12,
  Boolean: 13,
  GUID: 14,
  HexBinary: 15,
  HexInt8: 16,
  HexInt16: 17,
  HexInt32: 18,
  HexInt64: 19,
  PID: 20,
  TID: 21,
  Port: 22,
  IPv4: 23,
  IPv6: 24,
  SocketAddress: 25,
  CIMDateTime: 26,
  ETWTime: 27,
  Xml: 28,
  ErrorCode: 29,
  Win32Error: 30,
  NTSTATUS: 31,
  HResult: 32,
  CultureInsensitiveDateTime: 33,
  Json: 34,
  Utf8: 35,
  Pkcs7WithTypeInfo: 36,
  CodePointer: 37,
  DateTimeUtc: 38,
} as const;
export type OutTypeName = keyof typeof OutType;

const inTypeNames = new Map<number, InTypeName>(Object.entries(InType).map(([k, v]) => [v, k as InTypeName]));
const outTypeNames = new Map<number, OutTypeName>(
  Object.entries(OutType).map(([k, v]) => [v, k as OutTypeName]),
);

export function inTypeName(value: number): string {
  return inTypeNames.get(value) ?? `InType${value}`;
}
export function outTypeName(value: number): string {
  return outTypeNames.get(value) ?? `OutType${value}`;
}

/** Inverse of inTypeName: a stored in-type name ("UInt32", "InType300") to its value. */
export function inTypeValue(name: string): number | undefined {
  const known = (InType as Record<string, number>)[name];
  if (known !== undefined) return known;
  const m = /^InType(\d+)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}
/** Inverse of outTypeName: a stored out-type name ("HexInt32", "OutType40") to its value. */
export function outTypeValue(name: string): number | undefined {
  const known = (OutType as Record<string, number>)[name];
  if (known !== undefined) return known;
  const m = /^OutType(\d+)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** Manifest XML type name (`win:UnicodeString`, `xs:string`, `UnicodeString`) to the numeric in-type. */
export function parseInType(name: string): number | undefined {
  const bare = name.replace(/^(win|xs|trace):/, '');
  const alias: Record<string, number> = {
    Pointer: InType.Pointer,
    SizeT: InType.SizeT,
    ManifestCountedString: InType.CountedString,
    ManifestCountedAnsiString: InType.CountedAnsiString,
    ManifestCountedBinary: InType.CountedBinary,
  };
  return (InType as Record<string, number>)[bare] ?? alias[bare];
}

/** Manifest XML out-type name (`xs:string`, `win:HexInt32`, `win:IPv4`) to the numeric out-type. */
export function parseOutType(name: string): number | undefined {
  const bare = name.replace(/^(win|xs|trace):/, '');
  const lower = bare.toLowerCase();
  const xs: Record<string, number> = {
    string: OutType.String,
    datetime: OutType.DateTime,
    byte: OutType.Byte,
    unsignedbyte: OutType.UnsignedByte,
    short: OutType.Short,
    unsignedshort: OutType.UnsignedShort,
    int: OutType.Int,
    unsignedint: OutType.UnsignedInt,
    long: OutType.Long,
    unsignedlong: OutType.UnsignedLong,
    float: OutType.Float,
    double: OutType.Double,
    boolean: OutType.Boolean,
    guid: OutType.GUID,
    hexbinary: OutType.HexBinary,
  };
  if (name.startsWith('xs:') && xs[lower] !== undefined) return xs[lower];
  const direct = (OutType as Record<string, number>)[bare];
  if (direct !== undefined) return direct;
  for (const [k, v] of Object.entries(OutType)) if (k.toLowerCase() === lower) return v;
  return xs[lower];
}

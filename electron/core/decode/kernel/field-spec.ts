// The compact field notation of the kernel tables: "Name:type", turned into FieldSchema here.
// Types (in-type names from common/model/tdh.ts; sizes per shared/docs/etw-formats.md §6-§7):
//   u8 u16 u32 u64 i8 i16 i32 i64   UInt8..Int64          x8 x16 x32 x64  same, shown hex
//   f32 f64    Float / Double        bool  Boolean (4 bytes)     bool8  UInt8 shown as Boolean
//   ptr        Pointer (4 or 8 bytes, by the record's header type; MOF `pointer`, extension("SizeT"))
//   sid        WbemSID (MOF extension("Sid"): u32 0, or TOKEN_USER of 2 pointers + SID)
//   astr wstr  NUL-terminated ANSI / UTF-16 string;  astr[N] wstr[N]: fixed N characters
//   astrs wstrs  NUL-terminated strings, one after the other: wstrs[Field] = Field strings
//   wchar      one UTF-16 code unit      guid  GUID (16 bytes)     time  UInt64 (WmiTime clock value)
//   filetime   FILETIME (UTC, 100 ns since 1601)
//   ipv4       UInt32 shown IPv4          ipv6  Binary[16] shown IPv6      port  UInt16 shown Port
//   bin[N]     N raw bytes; bin[Field]: length from Field; bin[*]: the rest of the payload (a Binary
//              field without a length, which the decoder reads to the end, as TDH does)
// A trailing [N], [Field] or [*] on any other type makes an array: fixed count, count from an
// earlier field, or as many elements as the rest of the payload holds ([*] = KERNEL_REST_OF_PAYLOAD).
// An optional "=OutType" overrides the out-type (e.g. "Status:u32=NTSTATUS").

import type { FieldSchema } from '../../../common/model/schema';

/**
 * Array count meaning "as many elements as the rest of the payload holds" (StackWalk frames). The
 * schema model has no other way to say it; the decoder treats this value specially.
 */
export const KERNEL_REST_OF_PAYLOAD = '*rest*';

interface BaseType {
  inType: string;
  outType?: string;
  length?: number;
}

const BASE: Readonly<Record<string, BaseType>> = {
  u8: { inType: 'UInt8' },
  u16: { inType: 'UInt16' },
  u32: { inType: 'UInt32' },
  u64: { inType: 'UInt64' },
  i8: { inType: 'Int8' },
  i16: { inType: 'Int16' },
  i32: { inType: 'Int32' },
  i64: { inType: 'Int64' },
  x8: { inType: 'UInt8', outType: 'HexInt8' },
  x16: { inType: 'UInt16', outType: 'HexInt16' },
  x32: { inType: 'UInt32', outType: 'HexInt32' },
  x64: { inType: 'UInt64', outType: 'HexInt64' },
  f32: { inType: 'Float' },
  f64: { inType: 'Double' },
  bool: { inType: 'Boolean' },
  bool8: { inType: 'UInt8', outType: 'Boolean' },
  ptr: { inType: 'Pointer' },
  sid: { inType: 'WbemSID' },
  astr: { inType: 'AnsiString' },
  wstr: { inType: 'UnicodeString' },
  wstrs: { inType: 'UnicodeString' },
  astrs: { inType: 'AnsiString' },
  wchar: { inType: 'UnicodeChar' },
  guid: { inType: 'GUID' },
  time: { inType: 'UInt64' },
  filetime: { inType: 'FILETIME' },
  ipv4: { inType: 'UInt32', outType: 'IPv4' },
  ipv6: { inType: 'Binary', outType: 'IPv6', length: 16 },
  port: { inType: 'UInt16', outType: 'Port' },
  bin: { inType: 'Binary' },
};

const SPEC =
  /^([A-Za-z_][A-Za-z0-9_]*):([a-z0-9]+)(?:\[([0-9]+|[A-Za-z_][A-Za-z0-9_]*|\*)\])?(?:=([A-Za-z0-9]+))?$/;

/** Parses one "Name:type" spec. Throws on a malformed spec: the tables are code, so that is a bug. */
export function parseFieldSpec(spec: string): FieldSchema {
  const m = SPEC.exec(spec);
  if (!m) throw new Error(`kernel table: malformed field spec "${spec}"`);
  const [, name = '', type = '', bracket, outOverride] = m;
  const base = BASE[type];
  if (!base) throw new Error(`kernel table: unknown type "${type}" in "${spec}"`);
  const field: FieldSchema = { name, inType: base.inType };
  if (base.outType) field.outType = base.outType;
  if (base.length !== undefined) field.length = base.length;
  if (bracket !== undefined) {
    const size: number | string =
      bracket === '*' ? KERNEL_REST_OF_PAYLOAD : /^[0-9]+$/.test(bracket) ? Number(bracket) : bracket;
    if ((type === 'astrs' || type === 'wstrs') && bracket === '*') {
      throw new Error(`kernel table: string lists need a count in "${spec}"`);
    } else if (type === 'bin' && bracket === '*') {
      // no length: Binary runs to the end of the payload
    } else if (type === 'astr' || type === 'wstr' || type === 'bin') {
      if (bracket === '*') throw new Error(`kernel table: strings take no [*] in "${spec}"`);
      field.length = size; // strings and raw bytes take the bracket as their length
    } else {
      field.count = size; // everything else becomes an array
    }
  } else if (type === 'bin' || type === 'astrs' || type === 'wstrs') {
    throw new Error(`kernel table: ${type} needs a bracket in "${spec}"`);
  }
  if (outOverride) field.outType = outOverride;
  return field;
}

/** Parses a field list. */
export function parseFieldSpecs(specs: readonly string[]): FieldSchema[] {
  return specs.map(parseFieldSpec);
}

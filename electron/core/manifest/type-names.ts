// Manifest type names → TDH names. Besides the winmeta names (`win:UnicodeString`, `xs:string`) that
// electron/common/model/tdh.ts knows, reconstructed manifests (PerfView-style dumps of MOF classes,
// dissect.etl, the PerfView kernel .man.xml) use MOF/WMI names (`win:SInt32`, `win:WString`,
// `trace:IPAddrV4`, `trace:WmiTime`...) and bare numbers (`win:29`) for in-types TDH reported.
// Each maps to the TDH in-type (and the out-type the MOF qualifier implies).
import { inTypeName, outTypeName, parseInType, parseOutType } from '../../common/model/tdh';

export interface ResolvedType {
  inType: string;
  outType?: string;
}

const MOF_ALIASES: Record<string, ResolvedType> = {
  SInt8: { inType: 'Int8' },
  SInt16: { inType: 'Int16' },
  SInt32: { inType: 'Int32' },
  SInt64: { inType: 'Int64' },
  WString: { inType: 'UnicodeString' },
  String: { inType: 'AnsiString' },
  WChar: { inType: 'UnicodeChar' },
  Char: { inType: 'AnsiChar' },
  IPAddr: { inType: 'UInt32', outType: 'IPv4' },
  IPAddrV4: { inType: 'UInt32', outType: 'IPv4' },
  IPAddrV6: { inType: 'Binary', outType: 'IPv6' },
  Port: { inType: 'UInt16', outType: 'Port' },
  WmiTime: { inType: 'UInt64', outType: 'ETWTime' },
  WBEMSid: { inType: 'WbemSID' },
  WbemSid: { inType: 'WbemSID' },
  CountedUtf16String: { inType: 'CountedString' },
  CountedUnicodeString: { inType: 'CountedString' },
  CountedMbcsString: { inType: 'CountedAnsiString' },
  CountedString: { inType: 'CountedString' },
  CountedAnsiString: { inType: 'CountedAnsiString' },
};

const bare = (name: string) => name.trim().replace(/^(win|xs|trace):/, '');

/** In-type name as written → TDH name; numbers become the TDH name of that value ("InType29" if none). */
export function resolveInTypeName(written: string): ResolvedType | undefined {
  const n = parseInType(written);
  if (n !== undefined) return { inType: inTypeName(n) };
  const b = bare(written);
  const alias = MOF_ALIASES[b];
  if (alias) return alias;
  const numeric = /^(?:InType)?([0-9]{1,5})$/.exec(b);
  if (numeric) return { inType: inTypeName(Number(numeric[1])) };
  return undefined;
}

/** Out-type name as written → TDH name ("OutType40" style and bare numbers too). */
export function resolveOutTypeName(written: string): string | undefined {
  const n = parseOutType(written);
  if (n !== undefined) return outTypeName(n);
  const numeric = /^(?:OutType)?([0-9]{1,5})$/.exec(bare(written));
  return numeric ? outTypeName(Number(numeric[1])) : undefined;
}

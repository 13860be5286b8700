// The numeric codes of decode plans: how a field's bytes are read (Read), how its value gets a display
// string (Display) or a JSON shape (Shape), and how arrays and lengths are sized. Plain objects of
// constants, shared by the plan compiler, the payload decoder and the generated prefix readers.

/** How a field's bytes are read. */
export const Read = {
  Int8: 1,
  UInt8: 2,
  Int16: 3,
  UInt16: 4,
  Int32: 5,
  UInt32: 6,
  Int64: 7,
  UInt64: 8,
  Float: 9,
  Double: 10,
  Bool32: 11,
  Guid: 12,
  Pointer: 13,
  FileTime: 14,
  SystemTime: 15,
  Sid: 16,
  WbemSid: 17,
  Utf16Z: 18,
  AnsiZ: 19,
  Utf16Fixed: 20, // length in chars (fixed or from a slot)
  AnsiFixed: 21,
  Utf16Counted: 22, // u16 byte length prefix
  AnsiCounted: 23,
  Utf16CountedBE: 24,
  AnsiCountedBE: 25,
  Utf16Rest: 26, // to the end of the payload
  AnsiRest: 27,
  Char16: 28,
  Char8: 29,
  BinaryFixed: 30, // length in bytes (fixed or from a slot)
  BinaryCounted: 31, // u16 length prefix
  BinaryRest: 32,
  HexDump: 33, // u32 length prefix
  Struct: 34,
  Null: 35,
  SizeT: 36,
} as const;

/** How a decoded value gets a display string (besides its JSON value). */
export const Display = {
  None: 0,
  Hex: 1, // numbers as 0x...
  Win32Error: 2,
  NtStatus: 3,
  HResult: 4,
  ValueMap: 5,
  BitMap: 6,
} as const;

/** How a decoded number is turned into its JSON value. */
export const Shape = {
  Plain: 0,
  Boolean: 1, // integer → true/false
  Port: 2, // u16 in network order
  IPv4: 3, // u32 in network order → dotted string
  IPv6: 4, // 16 binary bytes → text
  SocketAddress: 5,
  Utf8: 6, // 8-bit strings/arrays decode as UTF-8
  String: 7, // arrays of 8/16-bit integers read as text
  FileTime: 8, // 64-bit integers that are FILETIMEs
} as const;

/** Scalar, fixed count, count from a slot, u16 count before the elements, or up to the payload's end. */
export const ArrayKind = { Scalar: 0, Fixed: 1, FromSlot: 2, Prefixed: 3, Rest: 4 } as const;
export const LengthKind = { None: 0, Fixed: 1, FromSlot: 2 } as const;

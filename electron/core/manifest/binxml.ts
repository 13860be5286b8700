// BinXML of a WEVT_TEMPLATE TEMP (the XML shape of an event's EventData/UserData): the EVTX token
// grammar ([MS-EVEN6] "BinXml", libevtx documentation) in the WEVT dialect, where element and attribute
// names are inline (u16 hash, u16 chars, UTF-16, u16 NUL) instead of chunk string-table offsets.
// We only need what the template says about its substitutions: which element (and `Name` attribute)
// each substitution index fills and its value type (0x80 bit = array). Bounded by the fragment and a
// nesting limit; anything unexpected stops the walk with a BinaryParseError (caller reports it).
import { BinaryParseError, ByteReader, textDecoders } from '../binary/byte-reader';

export interface BinXmlSubstitution {
  index: number;
  /** BinXML value type (EVT_VARIANT_TYPE; 0x80 bit = array). */
  valueType: number;
  isArray: boolean;
  optional: boolean;
  /** Element the substitution is the content of (e.g. "Data"). */
  element: string;
  /** Value of that element's `Name` attribute, when it has one (e.g. "json"). */
  dataName?: string;
}

export interface BinXmlSummary {
  /** Name of the outermost element ("EventData" or "UserData"). */
  root?: string;
  substitutions: BinXmlSubstitution[];
  /** Bytes consumed (through the EOF token). */
  length: number;
}

const MAX_DEPTH = 64;
const MAX_TOKENS = 1 << 16;

/** Value types whose inline values have a fixed size (BinXML "Value" tokens in templates). */
const FIXED_VALUE_SIZES: Record<number, number> = {
  0x03: 1,
  0x04: 1,
  0x05: 2,
  0x06: 2,
  0x07: 4,
  0x08: 4,
  0x09: 8,
  0x0a: 8,
  0x0b: 4,
  0x0c: 8,
  0x0d: 4,
  0x0f: 16,
  0x11: 8,
  0x12: 16,
  0x14: 4,
  0x15: 8,
};

/** Walks a template fragment starting at r.pos; r's offsets are reported as file offsets. */
export function readTemplateBinXml(r: ByteReader): BinXmlSummary {
  const start = r.pos;
  const substitutions: BinXmlSubstitution[] = [];
  const stack: { name: string; dataName?: string }[] = [];
  let root: string | undefined;
  let pendingAttribute: string | undefined;
  const inlineName = (): string => {
    r.u16(); // name hash
    const chars = r.u16();
    const name = r.utf16(chars);
    r.u16(); // NUL
    return name;
  };
  const skipValue = (type: number): string | undefined => {
    if (type === 0x01) return r.utf16(r.u16());
    if (type === 0x02) return textDecoders.latin1.decode(r.sub(r.u16()));
    const size = FIXED_VALUE_SIZES[type];
    if (size === undefined)
      r.fail('BAD_BINXML', `value type 0x${type.toString(16)} cannot be sized`, r.pos - 1);
    r.skip(size);
    return undefined;
  };
  for (let tokens = 0; tokens < MAX_TOKENS; tokens++) {
    const at = r.pos;
    const token = r.u8();
    switch (token & 0xbf) {
      case 0x00: // EOF
        return { ...(root !== undefined ? { root } : {}), substitutions, length: r.pos - start };
      case 0x0f: // fragment header: major, minor, flags
        r.skip(3);
        break;
      case 0x01: {
        // open start element: u16 dependency id, u32 data size, name, [u32 attribute list size]
        r.u16();
        r.u32();
        const name = inlineName();
        if (token & 0x40) r.u32();
        if (stack.length >= MAX_DEPTH) r.fail('BAD_BINXML', `elements nested deeper than ${MAX_DEPTH}`, at);
        stack.push({ name });
        root ??= name;
        break;
      }
      case 0x02: // close start element
        pendingAttribute = undefined;
        break;
      case 0x03: // close empty element
      case 0x04: // end element
        if (!stack.pop()) r.fail('BAD_BINXML', 'end of an element that was not opened', at);
        pendingAttribute = undefined;
        break;
      case 0x06: // attribute: name, then its value token
        pendingAttribute = inlineName();
        break;
      case 0x05: {
        // value: u8 type, then the value
        const text = skipValue(r.u8());
        const top = stack[stack.length - 1];
        if (pendingAttribute === 'Name' && top && text !== undefined) top.dataName = text;
        break;
      }
      case 0x07: // CDATA
        r.skip(r.u16() * 2);
        break;
      case 0x08: // character reference
        r.u16();
        break;
      case 0x09: // entity reference
      case 0x0a: // processing instruction target
        inlineName();
        break;
      case 0x0b: // processing instruction data
        r.skip(r.u16() * 2);
        break;
      case 0x0d:
      case 0x0e: {
        // normal / optional substitution: u16 index, u8 value type
        const index = r.u16();
        const valueType = r.u8();
        const top = stack[stack.length - 1];
        if (pendingAttribute === undefined) {
          substitutions.push({
            index,
            valueType,
            isArray: (valueType & 0x80) !== 0,
            optional: (token & 0xbf) === 0x0e,
            element: top?.name ?? '',
            ...(top?.dataName !== undefined ? { dataName: top.dataName } : {}),
          });
        }
        break;
      }
      default:
        r.fail('BAD_BINXML', `unexpected token 0x${token.toString(16)}`, at);
    }
  }
  throw new BinaryParseError(
    'BAD_BINXML',
    r.base + r.pos,
    'template BinXML',
    `more than ${MAX_TOKENS} tokens`,
  );
}

// Bytes → text for XML manifests: byte-order marks (UTF-8, UTF-16LE/BE), BOM-less UTF-16 sniffed
// from the first `<`, then the `encoding` of the XML declaration (UTF-8 by default; windows-1252 /
// ISO-8859-1 / US-ASCII decode as Latin-1). Used by the file loader before parseManifestXml.

export interface DecodedText {
  text: string;
  /** The encoding used: 'utf-8', 'utf-16le', 'utf-16be' or 'latin1'. */
  encoding: string;
}

const decoders = new Map<string, InstanceType<typeof TextDecoder>>();
function decoder(label: string): InstanceType<typeof TextDecoder> {
  let d = decoders.get(label);
  if (!d) {
    d = new TextDecoder(label);
    decoders.set(label, d);
  }
  return d;
}

/** Which text encoding the bytes of an XML document use, from the BOM or the first characters. */
export function detectXmlEncoding(bytes: Uint8Array): { encoding: string; bomLength: number } {
  const [b0, b1, b2] = [bytes[0], bytes[1], bytes[2]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (b0 === 0x3c && b1 === 0x00) return { encoding: 'utf-16le', bomLength: 0 };
  if (b0 === 0x00 && b1 === 0x3c) return { encoding: 'utf-16be', bomLength: 0 };
  // 8-bit: look at the declaration (ASCII-compatible by now).
  const head = decoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 200)));
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (declared && /^(windows-1252|cp1252|iso-8859-1|latin1|us-ascii|ascii)$/.test(declared)) {
    return { encoding: 'latin1', bomLength: 0 };
  }
  return { encoding: 'utf-8', bomLength: 0 };
}

export function decodeXmlBytes(bytes: Uint8Array): DecodedText {
  const { encoding, bomLength } = detectXmlEncoding(bytes);
  let body = bytes.subarray(bomLength);
  if (encoding.startsWith('utf-16') && body.length % 2 === 1) body = body.subarray(0, body.length - 1);
  return { text: decoder(encoding).decode(body), encoding };
}

/** True when the bytes look like an XML document (after any BOM, optional whitespace, then `<`). */
export function looksLikeXml(bytes: Uint8Array): boolean {
  const { encoding, bomLength } = detectXmlEncoding(bytes);
  const step = encoding.startsWith('utf-16') ? 2 : 1;
  const lo = encoding === 'utf-16be' ? 1 : 0;
  for (let i = bomLength; i + step <= bytes.length && i < 4096; i += step) {
    const c = bytes[i + lo] as number;
    if (step === 2 && bytes[i + 1 - lo] !== 0) return false;
    if (c === 0x3c) return true;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return false;
}

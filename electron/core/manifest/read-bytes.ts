// One entry for "here are the bytes of a schema file, give me providers": decides by content whether
// they are manifest XML (any of UTF-8/UTF-16, with or without BOM), a PE image (MZ: WEVT_TEMPLATE
// resource + RT_MESSAGETABLE), or a raw CRIM blob (mc.exe's TEMP.BIN, optionally with its message
// table). Portable: the node loader (load.node.ts) and the catalog call it with bytes they read.
import type { SchemaDiagnostic, SchemaSource } from '../../common/model/schema';
import { looksLikeXml, decodeXmlBytes } from './text-decoding';
import { parseManifestXml, type ManifestReadResult } from './xml-reader';
import { readBinaryManifest } from './binary-manifest';

export type ManifestFormat = 'xml' | 'pe' | 'crim' | 'unknown';

export function sniffManifestFormat(bytes: Uint8Array): ManifestFormat {
  if (bytes.length >= 2 && bytes[0] === 0x4d && bytes[1] === 0x5a) return 'pe';
  if (bytes.length >= 4 && bytes[0] === 0x43 && bytes[1] === 0x52 && bytes[2] === 0x49 && bytes[3] === 0x4d) {
    return 'crim';
  }
  return looksLikeXml(bytes) ? 'xml' : 'unknown';
}

export interface ReadBytesOptions {
  path?: string;
  /** RT_MESSAGETABLE bytes for a raw CRIM blob (mc.exe writes them to MSG00001.bin). */
  messageTable?: Uint8Array;
}

export function readManifestBytes(bytes: Uint8Array, options: ReadBytesOptions = {}): ManifestReadResult {
  const format = sniffManifestFormat(bytes);
  const path = options.path;
  if (format === 'xml') {
    const source: SchemaSource = { kind: 'xml' };
    if (path !== undefined) source.path = path;
    return parseManifestXml(decodeXmlBytes(bytes).text, source);
  }
  if (format === 'pe' || format === 'crim') return readBinaryManifest(bytes, format, options);
  const d: SchemaDiagnostic = {
    code: 'UNKNOWN_FORMAT',
    offset: 0,
    message: 'not a manifest: neither XML, a PE image (MZ) nor a CRIM blob',
  };
  if (path !== undefined) d.path = path;
  return { providers: [], diagnostics: [d] };
}

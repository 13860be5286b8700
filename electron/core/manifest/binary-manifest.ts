// Binary manifests: a PE image's WEVT_TEMPLATE resources (names and messages from the image's own
// RT_MESSAGETABLE, when it has one) or a raw CRIM blob (mc.exe's <name>TEMP.BIN, with MSG00001.bin as its
// message table when given). Problems are diagnostics with file offsets; nothing here throws.
import type { ProviderSchema, SchemaDiagnostic, SchemaSource } from '../../common/model/schema';
import { readCrim, type CrimReport } from './crim';
import { CrimBlob } from './crim-entries';
import { providerFromCrim } from './crim-provider';
import { parseMessageTable, type MessageTable } from './message-table';
import { readPeImage, resourcesOfType, RT_MESSAGETABLE, WEVT_TEMPLATE, type PeResource } from './pe';
import type { ManifestReadResult } from './xml-reader';

export interface BinaryReadOptions {
  path?: string;
  /** RT_MESSAGETABLE bytes for a raw CRIM blob. */
  messageTable?: Uint8Array;
}

function diagnostic(code: string, offset: number, message: string, path?: string): SchemaDiagnostic {
  const d: SchemaDiagnostic = { code, offset, message };
  if (path !== undefined) d.path = path;
  return d;
}

/** Providers of one CRIM blob. `fileOffset` = where the blob starts in its file; `where` prefixes messages. */
export function readCrimBlob(
  bytes: Uint8Array,
  messages: MessageTable | undefined,
  source: SchemaSource,
  fileOffset = 0,
  where = 'CRIM',
): ManifestReadResult {
  const diagnostics: SchemaDiagnostic[] = [];
  const report: CrimReport = (code, crimOffset, message) =>
    diagnostics.push(diagnostic(code, fileOffset + crimOffset, `${where}: ${message}`, source.path));
  const blob = new CrimBlob(bytes, 0, fileOffset);
  const manifest = readCrim(blob, report);
  if (!manifest) return { providers: [], diagnostics };
  const providers: ProviderSchema[] = manifest.providers.map((p) =>
    providerFromCrim(p, blob, messages, source, report),
  );
  if (!messages && manifest.providers.some((p) => p.events.some((e) => e.messageId !== undefined))) {
    diagnostics.push(
      diagnostic(
        'NO_MESSAGE_TABLE',
        fileOffset,
        `${where}: no message table: event and name messages are absent`,
        source.path,
      ),
    );
  }
  return { providers, diagnostics };
}

function pickMessageTable(resources: PeResource[]): PeResource | undefined {
  return resources.find((r) => r.language === 1033) ?? resources[0];
}

export function readBinaryManifest(
  bytes: Uint8Array,
  format: 'pe' | 'crim',
  options: BinaryReadOptions = {},
): ManifestReadResult {
  const { path } = options;
  const source: SchemaSource = { kind: 'wevt' };
  if (path !== undefined) source.path = path;
  if (format === 'crim') {
    const diagnostics: SchemaDiagnostic[] = [];
    let messages: MessageTable | undefined;
    if (options.messageTable) {
      const table = parseMessageTable(options.messageTable, path);
      diagnostics.push(...table.diagnostics);
      messages = table.messages;
    }
    const result = readCrimBlob(bytes, messages, source);
    return { providers: result.providers, diagnostics: [...diagnostics, ...result.diagnostics] };
  }
  const pe = readPeImage(bytes, path);
  const diagnostics = [...pe.diagnostics];
  if (!pe.image) return { providers: [], diagnostics };
  const templates = resourcesOfType(pe.image, WEVT_TEMPLATE);
  if (templates.length === 0) {
    diagnostics.push(
      diagnostic('NO_WEVT_TEMPLATE', 0, 'the image has no WEVT_TEMPLATE resource (no manifest)', path),
    );
    return { providers: [], diagnostics };
  }
  let messages: MessageTable | undefined;
  const tableResource = pickMessageTable(resourcesOfType(pe.image, RT_MESSAGETABLE));
  if (tableResource) {
    const table = parseMessageTable(tableResource.data, path);
    for (const d of table.diagnostics)
      diagnostics.push({ ...d, offset: tableResource.offset + (d.offset ?? 0) });
    messages = table.messages;
  }
  const providers: ProviderSchema[] = [];
  for (const res of templates) {
    const where = `WEVT_TEMPLATE ${String(res.name)}/${res.language} at 0x${res.offset.toString(16)}`;
    const result = readCrimBlob(res.data, messages, source, res.offset, where);
    providers.push(...result.providers);
    diagnostics.push(...result.diagnostics);
  }
  return { providers, diagnostics };
}

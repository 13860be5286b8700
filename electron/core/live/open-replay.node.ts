// Node adapter: opens a capture (.etl, or the .etl inside a .zip) to be played by a ReplayBackend, and
// finds what it holds — the providers (EVENT_HEADER provider ids and classic class GUIDs) and whether
// it has kernel events — with the reader's fast header-only scan, so that "replay this capture" can
// enable everything in it as a live session would. Every failure is an error value naming the file.
import { fileNameOf } from '../../common/ipc/file-kinds';
import { err, ok, type Result } from '../../common/result';
import { FileSourceError, openFileSource } from '../etl/file-source.node.js';
import { EtlOpenError, openEtl } from '../etl/reader';
import { ZipEtlError } from '../etl/zip-entry';
import { EtlFileSource } from '../pipeline/sources/etl-file-source';
import type { ProviderSelection } from './enable-merge';
import { ALL_KERNEL_FLAGS, EVENT_TRACE_CLASS, RT_LOST_EVENT_CLASS, isKernelRecord } from './enable-match';

export interface ReplayCapture {
  source: EtlFileSource;
  /** Every provider in the capture, enabled at every level and keyword. */
  providers: ProviderSelection[];
  /** Kernel flags that let every kernel event of the capture through (0 when it has none). */
  kernelFlags: number;
  events: number;
}

export function openReplayCapture(path: string): Result<ReplayCapture> {
  try {
    const reader = openEtl(openFileSource(path));
    const scan = reader.scan();
    const source = new EtlFileSource(reader, { kind: 'capture', label: fileNameOf(path), path });
    const session = (id: string) => id === EVENT_TRACE_CLASS || id === RT_LOST_EVENT_CLASS;
    const kernelRecord = (p: { id: string; group: number }) =>
      isKernelRecord({ providerId: p.id, group: p.group });
    const providers: ProviderSelection[] = scan.providers
      .filter((p) => !session(p.id) && !kernelRecord(p))
      .map((p) => ({
        guid: p.id,
        level: 0,
        anyKeyword: 0n,
        allKeyword: 0n,
        ...(p.name ? { name: p.name } : {}),
      }));
    const kernel = scan.providers.some((p) => !session(p.id) && kernelRecord(p));
    return ok({ source, providers, kernelFlags: kernel ? ALL_KERNEL_FLAGS : 0, events: scan.records });
  } catch (e) {
    if (e instanceof FileSourceError)
      return err(e.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'IO_ERROR', e.message, { detail: path });
    if (e instanceof EtlOpenError) return err('PARSE_ERROR', e.message, { offset: e.offset, detail: path });
    if (e instanceof ZipEtlError) return err('PARSE_ERROR', e.message, { detail: path });
    return err('IO_ERROR', `${path}: ${e instanceof Error ? e.message : String(e)}`, { detail: path });
  }
}

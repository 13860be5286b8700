// Node adapter: reads manifest files from disk and hands the bytes to readManifestBytes (portable).
// A path may be one file (format decided by content) or a folder (walked recursively; files with a
// manifest-like extension are read, others skipped). A raw CRIM blob (mc.exe `<name>TEMP.BIN`) is
// paired with the message table `MSG*.bin` next to it. (Import this module as './load.node.js': tsx
// takes a bare './load.node' for a native addon.)
import { readFileSync, statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { SchemaDiagnostic } from '../../common/model/schema';
import { ManifestCatalog } from './catalog';
import { readManifestBytes, sniffManifestFormat } from './read-bytes';
import type { ManifestReadResult } from './xml-reader';

/** Extensions read when walking a folder (a single file is always tried). */
export const MANIFEST_EXTENSIONS = new Set([
  '.man',
  '.xml',
  '.manifest',
  '.dll',
  '.exe',
  '.sys',
  '.mui',
  '.bin',
  '.crim',
]);
const MESSAGE_TABLE_FILE = /^MSG\d+\.bin$/i;
const MAX_DEPTH = 16;
const MAX_FILE_BYTES = 512 * 1024 * 1024;
const YIELD_EVERY_MS = 50;

export interface FileReadResult extends ManifestReadResult {
  path: string;
}

function ioDiagnostic(path: string, e: unknown): SchemaDiagnostic {
  return { path, code: 'IO_ERROR', message: e instanceof Error ? e.message : String(e) };
}

/** Every file to read under `path` (or `[path]` for a file). */
export async function listManifestFiles(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const files: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < MAX_DEPTH) await walk(full, depth + 1);
      } else if (MANIFEST_EXTENSIONS.has(extname(e.name).toLowerCase()) && !MESSAGE_TABLE_FILE.test(e.name)) {
        files.push(full);
      }
    }
  };
  await walk(path, 0);
  return files;
}

async function siblingMessageTable(path: string): Promise<Uint8Array | undefined> {
  try {
    const names = (await readdir(dirname(path))).filter((n) => MESSAGE_TABLE_FILE.test(n)).sort();
    return names[0] ? await readFile(join(dirname(path), names[0])) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads and parses one file; never throws (I/O errors are diagnostics). */
export async function loadManifestFile(path: string): Promise<FileReadResult> {
  try {
    const info = await stat(path);
    if (info.size > MAX_FILE_BYTES) return tooLarge(path, info.size);
    return await parseFile(path, await readFile(path));
  } catch (e) {
    return { path, providers: [], diagnostics: [ioDiagnostic(path, e)] };
  }
}

function tooLarge(path: string, size: number): FileReadResult {
  return {
    path,
    providers: [],
    diagnostics: [{ path, code: 'TOO_LARGE', message: `${size} bytes (limit ${MAX_FILE_BYTES})` }],
  };
}

async function parseFile(path: string, bytes: Uint8Array): Promise<FileReadResult> {
  const messageTable =
    sniffManifestFormat(bytes) === 'crim' && !MESSAGE_TABLE_FILE.test(basename(path))
      ? await siblingMessageTable(path)
      : undefined;
  return { path, ...readManifestBytes(bytes, { path, ...(messageTable ? { messageTable } : {}) }) };
}

/**
 * Per-file results for a file or folder, in path order. Files are read synchronously (page-cache
 * reads of many small files cost far less than a thread-pool round trip each), yielding to the event
 * loop between files so a caller's timers and I/O still run; heavy use belongs in a worker.
 */
export async function loadManifestFiles(path: string): Promise<FileReadResult[]> {
  let files: string[];
  try {
    files = await listManifestFiles(path);
  } catch (e) {
    return [{ path, providers: [], diagnostics: [ioDiagnostic(path, e)] }];
  }
  const results: FileReadResult[] = [];
  let lastYield = performance.now();
  for (const file of files) {
    try {
      const size = statSync(file).size;
      results.push(size > MAX_FILE_BYTES ? tooLarge(file, size) : await parseFile(file, readFileSync(file)));
    } catch (e) {
      results.push({ path: file, providers: [], diagnostics: [ioDiagnostic(file, e)] });
    }
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
  }
  return results;
}

/** Providers and diagnostics of a file or a folder (decides XML vs binary by content). */
export async function loadManifestPath(path: string): Promise<ManifestReadResult> {
  const results = await loadManifestFiles(path);
  return {
    providers: results.flatMap((r) => r.providers),
    diagnostics: results.flatMap((r) => r.diagnostics),
  };
}

/** A catalog of every provider under the given files/folders (duplicates merged by GUID). */
export async function loadCatalog(paths: readonly string[]): Promise<ManifestCatalog> {
  const catalog = new ManifestCatalog();
  for (const path of paths) {
    for (const r of await loadManifestFiles(path)) catalog.add(r.providers, r.diagnostics);
  }
  return catalog;
}

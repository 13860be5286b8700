// The provider catalog the Providers view browses: every manifest, binary (WEVT_TEMPLATE) and raw CRIM
// blob the user opened (and web mode's --manifests), merged by provider GUID in one ManifestCatalog
// (core/manifest/catalog.ts), plus, on Windows, the providers registered on the machine through the
// `system` seam (the live addon's TDH enumeration plugs in there; elsewhere the listing says why not).
// Opens run one at a time; reads wait for a running open, so a listing never shows half a folder.
// The files are parsed in worker threads (workers/catalog-parser.ts) when the catalog worker is
// there (the built app and web mode), so the service keeps answering while a big folder loads; this
// thread only lists the folder, merges the parsed providers and builds the search index.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  CatalogHit,
  CatalogListing,
  CatalogSearchResult,
  LiveEtwStatus,
  ManifestOpened,
  ManifestXml,
  ProviderListItem,
  SystemProvidersStatus,
} from '../common/ipc/messages';
import {
  normalizeGuid,
  type ProviderSchema,
  type SchemaDiagnostic,
  type SchemaSourceKind,
} from '../common/model/schema';
import { err, ok, type Result } from '../common/result';
import { ManifestCatalog, type SearchHit } from '../core/manifest/catalog';
import { isWarning } from '../core/manifest/diagnostics';
import { listManifestFiles, MANIFEST_EXTENSIONS, type FileReadResult } from '../core/manifest/load.node.js';
import { writeManifestXml } from '../core/manifest/xml-writer';
import type { WorkerScript } from './engine-host';
import { createManifestParser } from './workers/catalog-parser';

/** Diagnostics returned by one open (the counts stay complete). */
export const MAX_OPEN_DIAGNOSTICS = 500;
const DEFAULT_SEARCH_LIMIT = 200;

/** Providers registered on this machine (Windows: TDH through the live addon), read once on first use. */
export interface SystemProviderSource {
  load(): Promise<Result<{ providers: ProviderSchema[]; diagnostics: SchemaDiagnostic[] }>>;
}

export interface CatalogServiceDeps {
  /** The catalog worker; undefined = dist/workers/catalog.worker.cjs beside a CommonJS bundle, else
   * (and with null) the files are parsed in this thread. */
  worker?: WorkerScript | null;
  /** Worker threads one open may use (default: one per CPU, 2..4). */
  parseThreads?: number;
  system?: SystemProviderSource;
  /** Why there is no `system` source here, shown beside the provider list. */
  systemUnavailableReason?: string;
}

export interface CatalogService {
  openManifest(path: string): Promise<Result<ManifestOpened>>;
  list(search?: string): Promise<Result<CatalogListing>>;
  provider(guid: string): Promise<Result<ProviderSchema>>;
  search(text: string, limit?: number): Promise<Result<CatalogSearchResult>>;
  manifestXml(guid: string): Promise<Result<ManifestXml>>;
}

export function createCatalogService(deps: CatalogServiceDeps = {}): CatalogService {
  const parser = createManifestParser({
    worker: deps.worker === undefined ? findCatalogWorker() : deps.worker,
    threads: deps.parseThreads,
  });
  const catalog = new ManifestCatalog();
  /** Every file read so far: reopening shows its providers and diagnostics again, adds nothing twice. */
  const filesRead = new Map<string, { guids: string[]; diagnostics: SchemaDiagnostic[] }>();
  let system: SystemProvidersStatus = deps.system
    ? { available: true }
    : { available: false, reason: deps.systemUnavailableReason ?? 'system providers need Windows' };
  let systemLoaded = !deps.system;

  // Writers (opens, the system load) run one after the other; readers wait for the current writer.
  let writes: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = writes.then(work, work);
    writes = run.catch(() => undefined);
    return run;
  };
  const settled = async (): Promise<void> => {
    if (!systemLoaded) await exclusive(loadSystem);
    await writes;
  };

  async function loadSystem(): Promise<void> {
    if (systemLoaded || !deps.system) return;
    systemLoaded = true;
    const loaded = await deps.system.load();
    if (loaded.ok) catalog.add(loaded.value.providers, loaded.value.diagnostics);
    else system = { available: false, reason: loaded.error.message };
  }

  const listItem = (p: ProviderSchema): ProviderListItem => {
    const kinds: SchemaSourceKind[] = [];
    for (const s of p.sources ?? [p.source]) if (!kinds.includes(s.kind)) kinds.push(s.kind);
    return {
      guid: p.guid,
      name: p.name,
      source: p.source.kind,
      sources: kinds,
      events: p.events.length,
      keywords: p.keywords.length,
    };
  };

  /** Per-file results in path order; files already read are not read again (their providers are in). */
  async function filesOf(path: string): Promise<FileReadResult[]> {
    let listed: string[];
    try {
      listed = await listManifestFiles(path);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return [{ path, providers: [], diagnostics: [{ path, code: 'IO_ERROR', message }] }];
    }
    const parsed = await parser.parse(listed.filter((f) => !filesRead.has(f)));
    let next = 0;
    return listed.map((f) => {
      const known = filesRead.get(f);
      return known
        ? { path: f, providers: [], diagnostics: known.diagnostics }
        : (parsed[next++] as FileReadResult);
    });
  }

  async function read(path: string): Promise<Result<ManifestOpened>> {
    const results = await filesOf(path);
    if (results.length === 0) {
      return err(
        'NOT_FOUND',
        `no manifest or binary in ${path} (looked for ${[...MANIFEST_EXTENSIONS].join(' ')})`,
        {
          detail: path,
        },
      );
    }
    const guids = new Set<string>();
    const diagnostics: SchemaDiagnostic[] = [];
    for (const file of results) {
      diagnostics.push(...file.diagnostics);
      const known = filesRead.get(file.path);
      if (known) {
        for (const g of known.guids) guids.add(g);
        continue;
      }
      catalog.add(file.providers, file.diagnostics);
      const mine = file.providers.map((p) => p.guid);
      filesRead.set(file.path, { guids: mine, diagnostics: file.diagnostics });
      for (const g of mine) guids.add(g);
    }
    if (guids.size === 0) return noProviders(path, results, diagnostics);
    // Requests that arrived while the results came in are answered before the index build (tens of ms).
    await new Promise((resolve) => setImmediate(resolve));
    catalog.buildIndex(); // now, so the first search across providers answers at once
    const errors = diagnostics.filter((d) => !isWarning(d));
    const ordered = errors.length === 0 ? diagnostics : [...errors, ...diagnostics.filter(isWarning)];
    const providers = [...guids]
      .map((g) => catalog.get(g))
      .filter((p): p is ProviderSchema => p !== undefined)
      .map(listItem)
      .sort(byName);
    return ok({
      path,
      files: results.length,
      providers,
      diagnostics: ordered.slice(0, MAX_OPEN_DIAGNOSTICS),
      diagnosticCount: diagnostics.length,
      errorCount: errors.length,
    });
  }

  return {
    openManifest(path) {
      // Queued now (not after the path check), so a listing asked for after this call waits for it.
      return exclusive(async () => {
        const checked = await checkPath(path);
        return checked.ok ? read(path) : checked;
      });
    },

    async list(search) {
      await settled();
      const providers: ProviderListItem[] = [];
      for (const summary of catalog.listProviders(search ?? '')) {
        const p = catalog.get(summary.guid);
        if (p) providers.push(listItem(p));
      }
      return ok({ providers, total: catalog.providers.length, system });
    },

    async provider(guid) {
      await settled();
      const p = catalog.get(guid);
      return p ? ok(p) : notInCatalog(guid);
    },

    async search(text, limit = DEFAULT_SEARCH_LIMIT) {
      await settled();
      const found = catalog.search(text, limit);
      const names = eventNames(catalog);
      const hits = found.hits.map((h) => toCatalogHit(h, names));
      return ok({ hits, total: found.total, truncated: found.total > hits.length });
    },

    async manifestXml(guid) {
      await settled();
      const p = catalog.get(guid);
      if (!p) return notInCatalog(guid);
      try {
        return ok({ guid: p.guid, fileName: manifestFileName(p.name), xml: writeManifestXml([p]) });
      } catch (e) {
        return err(
          'INTERNAL',
          `cannot write the manifest of ${p.name}: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    },
  };
}

const byName = (a: ProviderListItem, b: ProviderListItem) =>
  a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0;

const notInCatalog = (guid: string): Result<never> =>
  err('NOT_FOUND', `no provider {${normalizeGuid(guid)}} in the catalog: open its manifest or binary first`, {
    detail: normalizeGuid(guid),
  });

/** The bundled catalog worker beside a CommonJS bundle (dist/main → dist/workers); ESM hosts pass it in. */
function findCatalogWorker(): WorkerScript | null {
  if (typeof __dirname !== 'string') return null;
  const script = join(__dirname, '..', 'workers', 'catalog.worker.cjs');
  return existsSync(script) ? { script } : null;
}

/** A file or a folder that exists and can be read; anything else is NOT_FOUND / IO_ERROR with the path. */
async function checkPath(path: string): Promise<Result<true>> {
  try {
    const info = await stat(path);
    if (!info.isFile() && !info.isDirectory())
      return err('IO_ERROR', `${path} is neither a file nor a folder`, { detail: path });
    return ok(true);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return err('NOT_FOUND', `no such file or folder: ${path}`, { detail: path });
    if (code === 'EACCES' || code === 'EPERM')
      return err('IO_ERROR', `permission denied reading ${path}`, { detail: path });
    return err('IO_ERROR', `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, {
      detail: path,
    });
  }
}

/** Nothing usable: the first real problem says why (with its file and offset). */
function noProviders(path: string, files: FileReadResult[], diagnostics: SchemaDiagnostic[]): Result<never> {
  const first = diagnostics.find((d) => !isWarning(d)) ?? diagnostics[0];
  const where = files.length === 1 ? path : `${files.length} files under ${path}`;
  if (!first) return err('PARSE_ERROR', `no provider defined in ${where}`, { detail: path });
  const at = first.offset !== undefined ? ` at offset ${first.offset}` : '';
  const file = first.path && first.path !== path ? ` (${first.path}${at})` : at;
  return err('PARSE_ERROR', `no provider read from ${where}: ${first.code}: ${first.message}${file}`, {
    detail: first.path ?? path,
    ...(first.offset !== undefined ? { offset: first.offset } : {}),
  });
}

/** Event display names by provider, built per search for the providers the hits touch. */
function eventNames(
  catalog: ManifestCatalog,
): (guid: string, id: number, version: number) => string | undefined {
  const cache = new Map<string, Map<string, string>>();
  return (guid, id, version) => {
    let names = cache.get(guid);
    if (!names) {
      names = new Map();
      for (const e of catalog.get(guid)?.events ?? []) {
        const name = e.name ?? e.symbol;
        if (name) names.set(`${e.id}/${e.version}`, name);
      }
      cache.set(guid, names);
    }
    return names.get(`${id}/${version}`);
  };
}

function toCatalogHit(
  h: SearchHit,
  names: (guid: string, id: number, version: number) => string | undefined,
): CatalogHit {
  const hit: CatalogHit = { guid: h.providerGuid, providerName: h.providerName, where: h.kind, text: h.text };
  if (h.eventId !== undefined) {
    hit.eventId = h.eventId;
    hit.eventVersion = h.eventVersion ?? 0;
    const name = names(h.providerGuid, h.eventId, hit.eventVersion);
    if (name !== undefined) hit.eventName = name;
  }
  return hit;
}

/** "Microsoft-Windows-Kernel-Process.man": path separators and reserved characters become "_". */
export function manifestFileName(providerName: string): string {
  const safe = [...providerName]
    .map((c) => (c < ' ' ? '_' : c))
    .join('')
    .replace(/[<>:"/\\|?*{}]+/g, '_')
    .replace(/^[._]+|[._ ]+$/g, '')
    .slice(0, 120);
  return `${safe || 'provider'}.man`;
}

/** Why the registered providers are not listed, from the live-ETW verdict of app.info. */
export function systemProvidersReason(liveEtw: LiveEtwStatus): string {
  if (liveEtw.code === 'UNSUPPORTED_PLATFORM') return 'system providers need Windows';
  if (!liveEtw.available)
    return `system providers need the native ETW addon (${liveEtw.reason ?? 'it could not be loaded'})`;
  return 'reading the providers registered on this machine (TDH) is not built yet';
}

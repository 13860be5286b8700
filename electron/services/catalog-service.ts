// The provider catalog: manifests and binaries opened by the user (and, on Windows, the providers
// registered on the machine). Opening checks the file for real; parsing manifests and searching
// answer "not implemented yet" until the manifest readers are wired in here.
import type { Result } from '../common/result';
import type { CatalogHit, ManifestOpened, ProviderListItem } from '../common/ipc/messages';
import type { ProviderSchema } from '../common/model/schema';
import { probeFile, type FileProbe } from './file-probe';
import { notImplemented } from './not-implemented';

export interface CatalogService {
  openManifest(path: string): Promise<Result<ManifestOpened>>;
  list(search?: string): Result<{ providers: ProviderListItem[] }>;
  provider(guid: string): Result<ProviderSchema>;
  search(text: string, limit?: number): Result<{ hits: CatalogHit[]; truncated: boolean }>;
}

export function createCatalogService(deps: { probe?: FileProbe } = {}): CatalogService {
  const probe = deps.probe ?? probeFile;
  return {
    async openManifest(path) {
      const file = await probe(path);
      if (!file.ok) return file;
      return notImplemented(`reading manifests and binaries (${file.value.fileName})`);
    },
    list: () => notImplemented('the provider catalog'),
    provider: () => notImplemented('the provider catalog'),
    search: () => notImplemented('searching the provider catalog'),
  };
}

// Worker entry for the provider catalog: parses manifest files (XML, PE WEVT_TEMPLATE, raw CRIM blobs)
// off the service thread. Each batch from the host (catalog-parser.ts) is parsed file by file, in
// order, and every result is posted as soon as it exists (protocol: catalog-protocol.ts). The readers
// never throw: a bad file is a result with diagnostics.
import { parentPort } from 'node:worker_threads';
import { loadManifestFile } from '../../core/manifest/load.node.js';
import type { CatalogBatch, CatalogWorkerMessage } from './catalog-protocol';

const port = parentPort;
if (!port) throw new Error('catalog.worker must run in a worker thread');
const post = (message: CatalogWorkerMessage) => port.postMessage(message);

port.on('message', async (batch: CatalogBatch) => {
  for (const { index, path } of batch.files)
    post({ type: 'file', index, result: await loadManifestFile(path) });
  post({ type: 'done' });
});
post({ type: 'ready' });

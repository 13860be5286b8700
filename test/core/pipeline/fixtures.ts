// Paths of the real fixtures the pipeline tests read in place, and the Windows 7 manifests they
// decode Kernel-Network and Kernel-Process events with (loaded once per test file).
import { resolve } from 'node:path';
import type { ProviderSchema } from '../../../electron/common/model/schema';
import { loadManifestPath } from '../../../electron/core/manifest/load.node.js';

const fixtures = resolve(__dirname, '../../../..', 'shared', 'fixtures');
export const etlPath = (name: string) => resolve(fixtures, 'etl', name);
export const KERNEL_NETWORK = etlPath('tx/KernelNetwork.etl');
export const PROCESS = etlPath('tx/Process.etl');
/** Events in KernelNetwork.etl: 8,923 Kernel-Network events and the header event. */
export const KERNEL_NETWORK_EVENTS = 8924;

let windows7: Promise<ProviderSchema[]> | undefined;
export function windows7Manifests(): Promise<ProviderSchema[]> {
  windows7 ??= loadManifestPath(resolve(fixtures, 'manifests', 'windows7-dump')).then((r) => r.providers);
  return windows7;
}

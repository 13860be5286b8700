// The decode layer's public face: a registry loaded with the built-in schemas (kernel MOF tables,
// KernelTraceControl, the trace header) plus whatever manifests the caller has, and the decoder
// over it. Everything else here is reachable for tests and tools through its own module.

import type { ProviderSchema } from '../../common/model/schema';
import { EventDecoder } from './decoder';
import { kernelProviders } from './kernel/index';
import { SchemaRegistry } from './registry';

export { EventDecoder, eventJsonOf, type DecodedEvent } from './decoder';
export { SchemaRegistry, EventEntry, ProviderEntry, KERNEL_TRACE_CONTROL_METADATA_GUID } from './registry';
export { parseTraceEventInfo, parseEventMapInfo, type TraceEventInfo } from './trace-event-info';
export { decodeExtendedData } from './ext-data';

/** A registry with the kernel tables and `providers` (manifests) in it. */
export function createRegistry(providers: readonly ProviderSchema[] = []): SchemaRegistry {
  const registry = new SchemaRegistry();
  registry.addProviders(kernelProviders());
  registry.addProviders(providers);
  return registry;
}

/** A decoder over createRegistry(providers). */
export function createDecoder(providers: readonly ProviderSchema[] = []): EventDecoder {
  return new EventDecoder(createRegistry(providers));
}

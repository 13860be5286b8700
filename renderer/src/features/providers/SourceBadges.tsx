// Small tags naming where a provider's schema came from: xml (manifest file), wevt (binary manifest in a
// PE or CRIM blob), tdh (registered on the machine), etl-metadata, tracelogging, eventsource, mof.
// A provider merged from several sources shows one tag per kind.
import type { SchemaSourceKind } from '@common/model/schema';

const TITLES: Record<SchemaSourceKind, string> = {
  xml: 'Instrumentation manifest (.man/.xml)',
  wevt: 'Binary manifest: WEVT_TEMPLATE resource of a .dll/.exe/.sys, or a CRIM blob',
  tdh: 'Registered on this machine (TDH)',
  'etl-metadata': 'Schema carried inside a merged .etl',
  tracelogging: 'TraceLogging self-describing metadata',
  eventsource: '.NET EventSource manifest',
  mof: 'Classic MOF class layouts',
  builtin: 'Built into ETW Explorer',
};

export function SourceBadges({ kinds, paths }: { kinds: readonly SchemaSourceKind[]; paths?: string[] }) {
  return (
    <span className="source-badges">
      {kinds.map((k) => (
        <span key={k} className={`source-badge source-${k}`} title={[TITLES[k], ...(paths ?? [])].join('\n')}>
          {k}
        </span>
      ))}
    </span>
  );
}

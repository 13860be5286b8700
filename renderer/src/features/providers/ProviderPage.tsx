// One provider: a header (name, GUID with copy, source tags and files, symbol, counts; Export XML and
// "Start session with this selection") and the tabs Events, Keywords, Levels, Tasks & opcodes,
// Channels, Maps and XML. The tab and the selected event live in the providers store, so they survive a
// visit to another view.
import type { ReactElement } from 'react';
import type { ProviderSchema } from '@common/model/schema';
import { Tabs } from '../../components/Tabs';
import { useUiStore } from '../../stores/ui-store';
import { EventsTab } from './EventsTab';
import { KeywordsTab } from './KeywordsTab';
import { MapsTab } from './MapsTab';
import { ChannelsTab, levelRows, LevelsTab } from './LevelsChannelsTabs';
import { useProvidersStore, type ProviderTab } from './providers-store';
import { SessionHandoffButton } from './SessionHandoff';
import { SourceBadges } from './SourceBadges';
import { TasksTab } from './TasksTab';
import { exportManifest, XmlTab } from './XmlTab';

const TABS: { id: ProviderTab; label: string; count?(p: ProviderSchema): number }[] = [
  { id: 'events', label: 'Events', count: (p) => p.events.length },
  { id: 'keywords', label: 'Keywords', count: (p) => p.keywords.length },
  { id: 'levels', label: 'Levels', count: (p) => levelRows(p).length },
  { id: 'tasks', label: 'Tasks & opcodes', count: (p) => p.tasks.length + p.opcodes.length },
  { id: 'channels', label: 'Channels', count: (p) => p.channels.length },
  { id: 'maps', label: 'Maps', count: (p) => p.maps.length },
  { id: 'xml', label: 'XML' },
];

const TAB_BODIES: Record<ProviderTab, (p: { provider: ProviderSchema }) => ReactElement> = {
  events: EventsTab,
  keywords: KeywordsTab,
  levels: LevelsTab,
  tasks: TasksTab,
  channels: ChannelsTab,
  maps: MapsTab,
  xml: ({ provider }) => <XmlTab guid={provider.guid} />,
};

function copyGuid(guid: string) {
  const text = `{${guid}}`;
  void navigator.clipboard.writeText(text).then(
    () =>
      useUiStore
        .getState()
        .notify({ tone: 'info', title: 'Copied', message: `${text} is on the clipboard.` }),
    () =>
      useUiStore
        .getState()
        .notify({ tone: 'error', title: 'Cannot copy', message: 'The clipboard refused the text.' }),
  );
}

function ProviderHeader({ provider }: { provider: ProviderSchema }) {
  const sources = provider.sources ?? [provider.source];
  const kinds = [...new Set(sources.map((s) => s.kind))];
  const paths = sources.map((s) => s.path).filter((p): p is string => !!p);
  const details = [
    provider.symbol ? `symbol ${provider.symbol}` : '',
    provider.resourceFileName ? `resource ${provider.resourceFileName}` : '',
    provider.messageFileName && provider.messageFileName !== provider.resourceFileName
      ? `messages ${provider.messageFileName}`
      : '',
  ].filter(Boolean);
  return (
    <header className="provider-head">
      <div className="provider-head-main">
        <h2 className="provider-title" data-testid="provider-title">
          {provider.name}
        </h2>
        <div className="provider-meta">
          <span className="mono provider-guid" data-testid="provider-guid">
            {`{${provider.guid}}`}
          </span>
          <button
            type="button"
            className="link-button"
            title="Copy the GUID"
            onClick={() => copyGuid(provider.guid)}
          >
            copy
          </button>
          <SourceBadges kinds={kinds} paths={paths} />
        </div>
        <div className="provider-sub mono" title={[...details, ...paths].join('\n')}>
          {[
            ...details,
            ...(paths[0] ? [paths.length > 1 ? `${paths[0]} (+${paths.length - 1} more)` : paths[0]] : []),
          ].join('  ·  ')}
        </div>
        {provider.message ? <p className="provider-message">{provider.message}</p> : null}
      </div>
      <div className="provider-head-actions">
        <button
          type="button"
          className="button"
          data-testid="export-manifest"
          onClick={() => void exportManifest(provider.guid)}
          title="Save this provider as an instrumentation manifest (.man)"
        >
          Export XML…
        </button>
        <SessionHandoffButton provider={provider} label="Start session…" />
      </div>
    </header>
  );
}

export function ProviderPage({ provider }: { provider: ProviderSchema }) {
  const tab = useProvidersStore((s) => s.tab);
  const setTab = useProvidersStore((s) => s.setTab);
  const Body = TAB_BODIES[tab];
  return (
    <div className="provider-page" data-testid="provider-page" data-guid={provider.guid}>
      <ProviderHeader provider={provider} />
      <Tabs
        label="Provider definitions"
        tabs={TABS.map((t) => ({ id: t.id, label: t.label, count: t.count?.(provider) }))}
        selected={tab}
        onSelect={setTab}
        panelClassName="page-body"
      >
        <Body provider={provider} />
      </Tabs>
    </div>
  );
}

// The Levels and Channels tabs: the provider's levels (and the standard winmeta ones its events use or
// any session can ask for) and its channels, each with how many events use it. Tasks & opcodes and Maps
// have their own files; countBy is shared with them.
import { useMemo } from 'react';
import {
  STANDARD_LEVELS,
  type ChannelSchema,
  type LevelSchema,
  type ProviderSchema,
} from '@common/model/schema';
import { DataGrid, type DataGridColumn } from '../../components/DataGrid';
import { countColumn, messageColumn, nameColumn, valueColumn } from './schema-columns';

export function countBy<K>(items: readonly K[]): Map<K, number> {
  const out = new Map<K, number>();
  for (const k of items) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

interface LevelRow {
  level: LevelSchema;
  standard: boolean;
  events: number;
}

/** The provider's levels, then the standard ones (1-5, and any its events use) it does not redefine. */
export function levelRows(provider: ProviderSchema): LevelRow[] {
  const used = countBy(provider.events.map((e) => e.level));
  const own = provider.levels.map((level) => ({
    level,
    standard: false,
    events: used.get(level.value) ?? 0,
  }));
  const standard = STANDARD_LEVELS.filter(
    (l) => !provider.levels.some((o) => o.value === l.value) && (used.has(l.value) || l.value >= 1),
  ).map((level) => ({ level, standard: true, events: used.get(level.value) ?? 0 }));
  return [...own, ...standard];
}

export function LevelsTab({ provider }: { provider: ProviderSchema }) {
  const rows = useMemo(() => levelRows(provider), [provider]);
  const columns: DataGridColumn<LevelRow>[] = [
    valueColumn((r) => r.level.value),
    nameColumn('Name', (r) => r.level.name, { width: 200, grow: 1 }),
    {
      id: 'origin',
      label: 'Defined by',
      width: 110,
      render: (r) => (r.standard ? <span className="faint">winmeta</span> : 'provider'),
      sort: (r) => (r.standard ? 1 : 0),
    },
    countColumn((r) => r.events),
    messageColumn((r) => r.level.message, { width: 200, grow: 2 }),
  ];
  return (
    <DataGrid
      rows={rows}
      columns={columns}
      rowKey={(r) => `${r.level.value}|${r.level.name}`}
      label="Levels"
      testId="levels-grid"
      defaultSort={{ column: 'value', descending: false }}
    />
  );
}

interface ChannelRow {
  channel: ChannelSchema;
  events: number;
}

export function ChannelsTab({ provider }: { provider: ProviderSchema }) {
  const rows = useMemo<ChannelRow[]>(() => {
    const used = countBy(provider.events.map((e) => e.channel));
    return provider.channels.map((channel) => ({ channel, events: used.get(channel.value) ?? 0 }));
  }, [provider]);
  const columns: DataGridColumn<ChannelRow>[] = [
    valueColumn((r) => r.channel.value),
    {
      id: 'name',
      label: 'Name',
      width: 220,
      grow: 1.2,
      render: (r) => r.channel.chid ?? r.channel.name,
      sort: (r) => r.channel.name,
      title: (r) => r.channel.name,
    },
    {
      id: 'type',
      label: 'Type',
      width: 100,
      render: (r) => r.channel.type ?? '',
      sort: (r) => r.channel.type ?? '',
    },
    {
      id: 'imported',
      label: 'Imported',
      width: 76,
      align: 'center',
      render: (r) => (r.channel.imported ? 'yes' : ''),
      sort: (r) => (r.channel.imported ? 1 : 0),
    },
    countColumn((r) => r.events),
    messageColumn((r) => r.channel.message, { width: 200, grow: 1.5 }),
  ];
  return (
    <DataGrid
      rows={rows}
      columns={columns}
      rowKey={(r) => `${r.channel.value}|${r.channel.name}`}
      label="Channels"
      testId="channels-grid"
      defaultSort={{ column: 'value', descending: false }}
      empty="This provider defines no channels."
    />
  );
}

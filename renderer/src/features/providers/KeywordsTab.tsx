// The Keywords tab: the provider's keywords (mask, name, message, how many events carry each) with a tick
// box per keyword, and the picker above them: MatchAnyKeyword is the OR of the ticked masks (0x10 and
// 0x40 give 0x50), MatchAllKeyword the same when "require all" is on (else 0), a maximum level, how many
// events the selection lets through, and the hand-off to the Sessions view.
import { useMemo } from 'react';
import type { KeywordSchema, ProviderSchema } from '@common/model/schema';
import { formatCount } from '../../lib/format';
import { DataGrid, type DataGridColumn } from '../../components/DataGrid';
import { eventPasses, formatMask, maskHas, orMasks, parseMask } from './keyword-mask';
import { usePicker, useProvidersStore } from './providers-store';
import { countColumn, messageColumn, nameColumn } from './schema-columns';
import { levelName } from './schema-names';
import { LiveNote, SessionHandoffButton } from './SessionHandoff';

/** Levels a session can ask for (EnableTraceEx2 Level: events at or below it). */
const SESSION_LEVELS = [1, 2, 3, 4, 5, 255];

interface KeywordRow {
  keyword: KeywordSchema;
  bits: bigint;
  events: number;
}

/** One of the session masks the ticks build, in hex. */
function MaskOutput(props: { name: string; mask: bigint; testId: string; title: string }) {
  return (
    <div className="picker-mask" title={props.title}>
      <span className="picker-label">{props.name}</span>
      <output className="picker-value mono" data-testid={props.testId}>
        {formatMask(props.mask)}
      </output>
    </div>
  );
}

function KeywordPicker({ provider }: { provider: ProviderSchema }) {
  const picker = usePicker(provider.guid);
  const setRequireAll = useProvidersStore((s) => s.setRequireAll);
  const setLevel = useProvidersStore((s) => s.setLevel);
  const clearPicker = useProvidersStore((s) => s.clearPicker);
  const any = orMasks(picker.ticked);
  const all = picker.requireAll ? any : 0n;
  const passing = useMemo(() => {
    const selection = { matchAny: any, matchAll: all, level: picker.level };
    return provider.events.filter((e) => eventPasses(e.keywords, e.level, selection)).length;
  }, [provider, any, all, picker.level]);
  const levelLabel = (v: number) => (v === 255 ? 'All levels' : (levelName(provider, v) ?? `Level ${v}`));

  return (
    <div className="picker" data-testid="keyword-picker" aria-label="Keyword selection">
      <div className="picker-masks">
        <MaskOutput
          name="MatchAnyKeyword"
          mask={any}
          testId="mask-any"
          title="EnableTraceEx2 MatchAnyKeyword: an event passes if it has any of these bits (0 = every event)"
        />
        <MaskOutput
          name="MatchAllKeyword"
          mask={all}
          testId="mask-all"
          title="EnableTraceEx2 MatchAllKeyword: an event passes only if it has all of these bits"
        />
        <label className="check">
          <input
            type="checkbox"
            data-testid="require-all"
            checked={picker.requireAll}
            onChange={(e) => setRequireAll(e.target.checked)}
          />
          Require all ticked
        </label>
        <label className="picker-level">
          <span className="picker-label">Level ≤</span>
          <select
            className="select"
            data-testid="picker-level"
            value={picker.level}
            onChange={(e) => setLevel(Number(e.target.value))}
          >
            {SESSION_LEVELS.map((v) => (
              <option key={v} value={v}>
                {levelLabel(v)} ({v})
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="picker-actions">
        <span className="picker-count" data-testid="picker-count">
          {picker.ticked.length} keyword{picker.ticked.length === 1 ? '' : 's'} ticked ·{' '}
          {formatCount(passing)} of {formatCount(provider.events.length)} events pass
        </span>
        <button
          type="button"
          className="button"
          onClick={clearPicker}
          disabled={picker.ticked.length === 0 && !picker.requireAll && picker.level === 5}
        >
          Clear
        </button>
        <SessionHandoffButton provider={provider} />
      </div>
      <LiveNote />
    </div>
  );
}

export function KeywordsTab({ provider }: { provider: ProviderSchema }) {
  const picker = usePicker(provider.guid);
  const toggleKeyword = useProvidersStore((s) => s.toggleKeyword);
  const highlight = useProvidersStore((s) => s.highlight);
  const rows = useMemo<KeywordRow[]>(() => {
    const masks = provider.events.map((e) => parseMask(e.keywords));
    return provider.keywords.map((keyword) => {
      const bits = parseMask(keyword.mask);
      return { keyword, bits, events: masks.filter((m) => maskHas(m, bits)).length };
    });
  }, [provider]);
  const marked =
    highlight?.where === 'keyword' ? rows.find((r) => r.keyword.name === highlight.text) : undefined;
  const keyOf = (r: KeywordRow) => `${r.keyword.mask}|${r.keyword.name}`;

  const columns: DataGridColumn<KeywordRow>[] = [
    {
      id: 'pick',
      label: '',
      width: 32,
      align: 'center',
      headerTitle: 'Tick keywords to build the session masks',
      render: (r) => (
        <input
          type="checkbox"
          aria-label={`Select ${r.keyword.name}`}
          data-testid="keyword-check"
          checked={picker.ticked.includes(r.keyword.mask)}
          onChange={() => toggleKeyword(r.keyword.mask)}
          onClick={(e) => e.stopPropagation()}
        />
      ),
    },
    {
      id: 'mask',
      label: 'Mask',
      width: 170,
      mono: true,
      align: 'right',
      render: (r) => r.keyword.mask,
      sort: (r) => r.bits,
    },
    nameColumn('Name', (r) => r.keyword.name, { width: 220, grow: 1 }),
    countColumn((r) => r.events),
    messageColumn((r) => r.keyword.message, { width: 200, grow: 1.5, sortable: true }),
  ];

  return (
    <div className="tab-stack">
      <KeywordPicker provider={provider} />
      <DataGrid
        rows={rows}
        columns={columns}
        rowKey={keyOf}
        label="Keywords"
        testId="keywords-grid"
        selectedKey={marked ? keyOf(marked) : undefined}
        onSelect={(r) => toggleKeyword(r.keyword.mask)}
        defaultSort={{ column: 'mask', descending: false }}
        rowClassName={(r) => (picker.ticked.includes(r.keyword.mask) ? 'keyword-row-ticked' : undefined)}
        empty="This provider defines no keywords."
      />
    </div>
  );
}

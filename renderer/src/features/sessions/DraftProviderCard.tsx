// One provider of the new live session: its level, the keyword picker (ticked keywords OR into
// MatchAnyKeyword; "require all" puts them in MatchAllKeyword too; masks can also be typed), the
// EnableProperty options, and the kernel-side filters with live validation against ETW's limits —
// each filter says when it cannot be pushed down to the kernel, and why. Keywords come from the
// catalog's schema of the provider, when it has one.
import { useEffect, useState } from 'react';
import type { KeywordSchema, ProviderSchema } from '@common/model/schema';
import type { RestrictedProviderInfo } from '@common/ipc/session-messages';
import { ENABLE_PROPERTIES, KERNEL_FILTER_LIMITS, exeNamesBytes } from '@common/ipc/session-options';
import { etw } from '../../api/etw';
import { useSessionDraftStore, type SessionDraftProvider } from '../../stores/session-draft-store';
import { parseNameList, parseNumberList, providerRequest } from './session-request';
import { NO_EXTRAS, useSessionsStore } from './sessions-store';

export const LEVELS: { value: number; label: string }[] = [
  { value: 1, label: 'Critical (1)' },
  { value: 2, label: 'Error (2)' },
  { value: 3, label: 'Warning (3)' },
  { value: 4, label: 'Information (4)' },
  { value: 5, label: 'Verbose (5)' },
  { value: 255, label: 'Every level (255)' },
];

const maskOf = (text: string): bigint => {
  try {
    return BigInt(text.trim() || '0');
  } catch {
    return 0n;
  }
};
const hex = (v: bigint) => `0x${v.toString(16)}`;

function useSchema(guid: string): ProviderSchema | null | undefined {
  const [schema, setSchema] = useState<ProviderSchema | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void etw.invoke('catalog.provider', { guid }).then((r) => {
      if (live) setSchema(r.ok ? r.value : null);
    });
    return () => {
      live = false;
    };
  }, [guid]);
  return schema;
}

function KeywordPicker({ draft, keywords }: { draft: SessionDraftProvider; keywords: KeywordSchema[] }) {
  const put = useSessionDraftStore((s) => s.put);
  const any = maskOf(draft.matchAnyKeyword);
  const all = maskOf(draft.matchAllKeyword);
  const requireAll = all !== 0n && all === any;
  const toggle = (mask: bigint) => {
    const ticked = (any & mask) === mask && mask !== 0n;
    const next = ticked ? any & ~mask : any | mask;
    put({
      ...draft,
      matchAnyKeyword: hex(next),
      matchAllKeyword: requireAll ? hex(next) : draft.matchAllKeyword,
    });
  };
  return (
    <div className="ses-keywords">
      {keywords.map((k) => {
        const mask = maskOf(k.mask);
        return (
          <label key={`${k.mask}|${k.name}`} className="ses-check" title={k.message ?? k.mask}>
            <input
              type="checkbox"
              checked={mask !== 0n && (any & mask) === mask}
              onChange={() => toggle(mask)}
            />
            <span>{k.name}</span>
            <span className="ses-mono ses-faint">{k.mask}</span>
          </label>
        );
      })}
      <label className="ses-check ses-require-all">
        <input
          type="checkbox"
          checked={requireAll}
          onChange={(e) => put({ ...draft, matchAllKeyword: e.target.checked ? hex(any) : '0x0' })}
        />
        <span>Require all ticked (MatchAllKeyword)</span>
      </label>
    </div>
  );
}

function FilterField(props: {
  label: string;
  value: string;
  placeholder: string;
  usage?: string;
  over?: boolean;
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <label className="ses-filter">
      <span className="ses-filter-label">
        {props.label}
        {props.usage ? (
          <span className={`ses-usage ${props.over ? 'ses-usage-over' : ''}`}>{props.usage}</span>
        ) : null}
      </span>
      <input
        className="text-input"
        value={props.value}
        placeholder={props.placeholder}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

export function DraftProviderCard({
  draft,
  restricted,
}: {
  draft: SessionDraftProvider;
  restricted?: RestrictedProviderInfo;
}) {
  const put = useSessionDraftStore((s) => s.put);
  const remove = useSessionDraftStore((s) => s.remove);
  const extras = useSessionsStore((s) => s.extras[draft.guid]) ?? NO_EXTRAS;
  const setExtras = useSessionsStore((s) => s.setExtras);
  const schema = useSchema(draft.guid);
  const check = providerRequest(draft, extras);
  const L = KERNEL_FILTER_LIMITS;
  const ids = parseNumberList(extras.eventIds, 0xffff, 'event IDs').values.length;
  const pids = parseNumberList(extras.pids, 0xffffffff, 'process IDs').values.length;
  const exe = parseNameList(extras.exeNames, /[;,\n]+/);
  const exeBytes = exe.length ? exeNamesBytes(exe) : 0;
  const traceLogging = extras.traceLogging || schema?.source.kind === 'tracelogging';
  useEffect(() => {
    if (schema?.source.kind === 'tracelogging' && !extras.traceLogging)
      setExtras(draft.guid, { traceLogging: true });
  }, [schema, extras.traceLogging, draft.guid, setExtras]);

  return (
    <section className={`ses-draft ${restricted ? 'ses-draft-restricted' : ''}`} data-testid="draft-provider">
      <header className="ses-draft-header">
        <strong>{draft.name || draft.guid}</strong>
        <span className="ses-mono ses-faint">{draft.guid}</span>
        <span className="ses-grow" />
        <button type="button" className="link-button" onClick={() => remove(draft.guid)}>
          Remove
        </button>
      </header>
      {restricted ? (
        <p className="ses-warning" data-testid="restricted">
          Cannot be used in a live session: {restricted.reason}.
        </p>
      ) : null}
      <div className="ses-row">
        <label className="ses-inline">
          <span className="ses-filter-label">Level ≤</span>
          <select
            className="select"
            value={draft.level}
            onChange={(e) => put({ ...draft, level: Number(e.target.value) })}
          >
            {LEVELS.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="ses-row ses-masks">
        <label className="ses-inline">
          <span className="ses-filter-label">Any</span>
          <input
            className="text-input ses-mask"
            value={draft.matchAnyKeyword}
            onChange={(e) => put({ ...draft, matchAnyKeyword: e.target.value })}
            title="MatchAnyKeyword: an event passes if it has any of these bits (0 = every event)"
          />
        </label>
        <label className="ses-inline">
          <span className="ses-filter-label">All</span>
          <input
            className="text-input ses-mask"
            value={draft.matchAllKeyword}
            onChange={(e) => put({ ...draft, matchAllKeyword: e.target.value })}
            title="MatchAllKeyword: an event passes only if it has all of these bits"
          />
        </label>
      </div>
      {schema === undefined ? (
        <p className="ses-faint">Loading keywords…</p>
      ) : schema && schema.keywords.length > 0 ? (
        <KeywordPicker draft={draft} keywords={schema.keywords} />
      ) : (
        <p className="ses-faint">
          No keywords known for this provider (open its manifest to pick them by name).
        </p>
      )}
      <div className="ses-props">
        {ENABLE_PROPERTIES.map((p) => (
          <label key={p.name} className="ses-check" title={p.detail}>
            <input
              type="checkbox"
              checked={extras.properties[p.name] === true}
              onChange={(e) =>
                setExtras(draft.guid, { properties: { ...extras.properties, [p.name]: e.target.checked } })
              }
            />
            <span>{p.label}</span>
          </label>
        ))}
        <label
          className="ses-check"
          title="TraceLogging providers ignore event-ID filters; filter by event name"
        >
          <input
            type="checkbox"
            checked={traceLogging}
            onChange={(e) => setExtras(draft.guid, { traceLogging: e.target.checked })}
          />
          <span>TraceLogging</span>
        </label>
      </div>
      <div className="ses-filters">
        <FilterField
          label="Event IDs"
          value={extras.eventIds}
          placeholder="1, 2, 10-12"
          usage={ids ? `${ids}/${L.eventIds}` : undefined}
          over={ids > L.eventIds}
          testId="filter-event-ids"
          onChange={(eventIds) => setExtras(draft.guid, { eventIds })}
        />
        <label className="ses-check ses-exclude">
          <input
            type="checkbox"
            checked={extras.excludeEventIds}
            onChange={(e) => setExtras(draft.guid, { excludeEventIds: e.target.checked })}
          />
          <span>Exclude these IDs</span>
        </label>
        <FilterField
          label="Process IDs"
          value={extras.pids}
          placeholder="4, 1234"
          usage={pids ? `${pids}/${L.pids}` : undefined}
          over={pids > L.pids}
          testId="filter-pids"
          onChange={(value) => setExtras(draft.guid, { pids: value })}
        />
        <FilterField
          label="Executable names"
          value={extras.exeNames}
          placeholder="powershell.exe; cmd.exe"
          usage={exe.length ? `${exeBytes}/${L.exeNamesBytes} bytes` : undefined}
          over={exeBytes > L.exeNamesBytes}
          testId="filter-exe-names"
          onChange={(exeNames) => setExtras(draft.guid, { exeNames })}
        />
        <FilterField
          label="TraceLogging event names"
          value={extras.tlEventNames}
          placeholder="ProcessStart, ProcessStop"
          testId="filter-tl-names"
          onChange={(tlEventNames) => setExtras(draft.guid, { tlEventNames })}
        />
      </div>
      {check.errors.map((e) => (
        <p key={e} className="field-error" data-testid="filter-error">
          {e}
        </p>
      ))}
      {check.pushDown.map((p) => (
        <p
          key={`${p.filter}/${p.kind}`}
          className={p.kind === 'partial' ? 'ses-note' : 'ses-warning'}
          data-testid="push-down-note"
        >
          <span className="ses-mono">{p.filter}</span>{' '}
          {p.kind === 'limit'
            ? 'cannot be pushed down'
            : p.kind === 'ignored'
              ? 'is ignored by Windows'
              : 'is only partly applied'}
          : {p.message}.
        </p>
      ))}
    </section>
  );
}

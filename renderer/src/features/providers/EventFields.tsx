// The selected event's definition: its identity (id, version, level, opcode, task, keywords, channel,
// template), its message with the %n inserts marked, and its fields as a tree (structs expand to their
// members) with in-type, out-type, length, count and value map. A field named by a followed search hit
// is marked; a map name opens the Maps tab at that map.
import { Fragment, useState, type ReactNode } from 'react';
import type { EventSchema, FieldSchema, ProviderSchema } from '@common/model/schema';
import { channelName, eventName, keywordNames, levelName, opcodeName, taskName } from './schema-names';
import { useProvidersStore } from './providers-store';

interface FieldRow {
  field: FieldSchema;
  depth: number;
  path: string;
}

function flatten(
  fields: readonly FieldSchema[],
  collapsed: ReadonlySet<string>,
  depth = 0,
  prefix = '',
): FieldRow[] {
  const out: FieldRow[] = [];
  fields.forEach((field, i) => {
    const path = `${prefix}${i}:${field.name}`;
    out.push({ field, depth, path });
    if (field.fields && !collapsed.has(path))
      out.push(...flatten(field.fields, collapsed, depth + 1, `${path}/`));
  });
  return out;
}

const sizeText = (v: number | string | undefined) => (v === undefined ? '' : String(v));

/** Message escapes (mc.exe): %n new line, %t tab, %b space, %r carriage return, %0 end, %% %. %! "% " themselves. */
const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '',
  '%': '%',
  '.': '.',
  '!': '!',
  ' ': ' ',
  b: ' ',
  '0': '',
};

/** Message text with the %1…%n inserts (and %1!format! specs) marked and the escapes applied. */
function MessageText({ text }: { text: string }) {
  const parts = text.split(/(%[1-9]\d*(?:![^!]*!)?|%[ntr%.! b0])/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 0 ? (
          <Fragment key={i}>{part}</Fragment>
        ) : /^%[1-9]/.test(part) ? (
          <span key={i} className="msg-insert">
            {part}
          </span>
        ) : (
          <Fragment key={i}>{ESCAPES[part.slice(1)] ?? part}</Fragment>
        ),
      )}
    </>
  );
}

function Fact({ label, children, title }: { label: string; children: ReactNode; title?: string }) {
  return (
    <div className="fact" title={title}>
      <span className="fact-label">{label}</span>
      <span className="fact-value">{children}</span>
    </div>
  );
}

export function EventFields({ provider, event }: { provider: ProviderSchema; event: EventSchema }) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const highlight = useProvidersStore((s) => s.highlight);
  const openMap = useProvidersStore((s) => s.openMap);
  const rows = flatten(event.fields, collapsed);
  const marked = highlight?.where === 'field' ? highlight.text.toLowerCase() : undefined;
  const toggle = (path: string) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  const kw = keywordNames(provider, event.keywords);
  const level = levelName(provider, event.level);
  const task = taskName(provider, event.task);
  const opcode = opcodeName(provider, event.task, event.opcode);
  const channel = channelName(provider, event.channel);

  return (
    <section className="event-detail" data-testid="event-detail" aria-label="Event definition">
      <header className="event-detail-head">
        <h3>
          {eventName(provider, event)}
          <span className="event-detail-id mono">
            #{event.id} v{event.version}
          </span>
        </h3>
        <div className="facts">
          <Fact label="Level">
            {level ?? '—'} <span className="mono faint">({event.level})</span>
          </Fact>
          <Fact label="Opcode">
            {opcode ?? '—'} <span className="mono faint">({event.opcode})</span>
          </Fact>
          <Fact label="Task">
            {task ?? '—'} <span className="mono faint">({event.task})</span>
          </Fact>
          <Fact label="Keywords" title={kw.join('\n')}>
            <span className="mono">{event.keywords}</span>{' '}
            {kw.length ? <span className="faint">{kw.join(', ')}</span> : null}
          </Fact>
          {event.channel !== undefined ? (
            <Fact label="Channel">
              {channel ?? '—'} <span className="mono faint">({event.channel})</span>
            </Fact>
          ) : null}
          {event.template ? (
            <Fact label="Template">
              <span className="mono">{event.template}</span>
            </Fact>
          ) : null}
          {event.symbol && event.symbol !== eventName(provider, event) ? (
            <Fact label="Symbol">
              <span className="mono">{event.symbol}</span>
            </Fact>
          ) : null}
        </div>
        {event.message?.trim() ? (
          <p className="event-message">
            <MessageText text={event.message.trim()} />
          </p>
        ) : null}
      </header>
      {event.fields.length === 0 ? (
        <div className="detail-empty">This event has no fields (no template).</div>
      ) : (
        <table className="field-table" data-testid="event-fields">
          <thead>
            <tr>
              <th>Field</th>
              <th>In type</th>
              <th>Out type</th>
              <th className="num">Length</th>
              <th className="num">Count</th>
              <th>Map</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ field, depth, path }) => {
              const isStruct = !!field.fields;
              const open = isStruct && !collapsed.has(path);
              const hit = marked !== undefined && field.name.toLowerCase() === marked;
              return (
                <tr key={path} className={hit ? 'row-marked' : undefined} data-testid="field-row">
                  <td>
                    <span className="tree-cell" style={{ paddingLeft: depth * 16 }}>
                      {isStruct ? (
                        <button
                          type="button"
                          className="tree-toggle"
                          aria-expanded={open}
                          aria-label={`${open ? 'Collapse' : 'Expand'} ${field.name}`}
                          onClick={() => toggle(path)}
                        >
                          {open ? '▾' : '▸'}
                        </button>
                      ) : (
                        <span className="tree-leaf" />
                      )}
                      <span className="field-name">{field.name}</span>
                      {isStruct ? <span className="faint"> ({field.fields?.length} members)</span> : null}
                    </span>
                  </td>
                  <td className="mono">{field.inType}</td>
                  <td className="mono">{field.outType ?? ''}</td>
                  <td className="num mono">{sizeText(field.length)}</td>
                  <td className="num mono">{sizeText(field.count)}</td>
                  <td>
                    {field.map ? (
                      <button
                        type="button"
                        className="link-button mono"
                        onClick={() => openMap(field.map as string)}
                      >
                        {field.map}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

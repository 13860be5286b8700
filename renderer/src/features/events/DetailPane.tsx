// The detail pane of the selected event: header fields, every property with its schema type, value
// and display text (structs and arrays nested), extended data, the call stack (frames as
// `module+offset`, the image's path and the address in a tooltip, the bare address where no image
// covered it; "Copy stack" puts it on the clipboard), the process, and the payload as a hex dump.
// Values can be copied; nothing here is decoded in the renderer.
import type { CallStack, DetailProperty, EventDetail, StackFrame } from '@common/ipc/messages';
import type { PropValue } from '@common/model/event';
import { Icon } from '../../components/Icon';
import { useUiStore } from '../../stores/ui-store';
import { levelText } from './columns';
import { useEventsStore } from './events-store';

export function DetailPane() {
  const detail = useEventsStore((s) => s.detail);
  const error = useEventsStore((s) => s.detailError);
  const setOpen = useEventsStore((s) => s.setDetailOpen);
  return (
    <aside className="ev-detail" aria-label="Event details" data-testid="event-detail">
      <header className="ev-detail-head">
        <span className="ev-detail-title">{detail ? detail.event.event.name : 'Details'}</span>
        <button
          type="button"
          className="icon-button"
          aria-label="Close details"
          onClick={() => setOpen(false)}
        >
          <Icon name="close" size={14} />
        </button>
      </header>
      <div className="ev-detail-body">
        {error && !detail ? <p className="field-error">{error.message}</p> : null}
        {detail ? (
          <DetailContent detail={detail} />
        ) : (
          <p className="ev-muted">Select an event to see its fields.</p>
        )}
      </div>
    </aside>
  );
}

function DetailContent({ detail }: { detail: EventDetail }) {
  const e = detail.event;
  const header: Array<[string, string]> = [
    ['Time', e.ts],
    ['Provider', e.provider.name ? `${e.provider.name} {${e.provider.guid}}` : `{${e.provider.guid}}`],
    ['Event', `${e.event.name} (id ${e.event.id}, version ${e.event.version})`],
    ['Task / opcode', `${detail.names.task ?? e.event.task} / ${detail.names.opcode ?? e.event.opcode}`],
    ['Level', `${detail.names.level ?? levelText(e.event.level)} (${e.event.level})`],
    ['Keywords', e.event.keywords],
    ['Channel', String(e.event.channel)],
    ['PID / TID / CPU', `${e.pid} / ${e.tid} / ${e.cpu}`],
    ['Sequence', `#${detail.seq}`],
  ];
  if (detail.names.schemaSource) header.push(['Schema', detail.names.schemaSource]);
  return (
    <>
      <Section title="Event">
        <KeyValues pairs={header} />
      </Section>
      {detail.process ? (
        <Section title="Process">
          <KeyValues
            pairs={[
              ['Name', `${detail.process.name} (${detail.process.pid})`],
              ['Path', detail.process.path],
              ['Command line', detail.process.cmdline],
              [
                'Parent',
                detail.process.parent +
                  (detail.process.ppid !== undefined ? ` (${detail.process.ppid})` : ''),
              ],
            ].filter((p): p is [string, string] => p[1] !== '' && p[1] !== undefined)}
          />
        </Section>
      ) : null}
      <Section title={`Properties (${detail.properties.length})`}>
        {detail.decodeError ? <p className="field-error">Decoding stopped: {detail.decodeError}</p> : null}
        {detail.properties.length === 0 ? (
          <p className="ev-muted">
            No decoded properties{detail.payloadLength > 0 ? ' (see the raw bytes)' : ''}.
          </p>
        ) : (
          <table className="ev-props" data-testid="detail-props">
            <tbody>
              {detail.properties.map((p) => (
                <PropertyRow key={p.name} property={p} />
              ))}
            </tbody>
          </table>
        )}
      </Section>
      {e.ext && Object.keys(e.ext).filter((k) => k !== 'stack').length > 0 ? (
        <Section title="Extended data">
          <KeyValues
            pairs={Object.entries(e.ext)
              .filter(([k]) => k !== 'stack')
              .map(([k, v]) => [k, valueText(v)])}
          />
        </Section>
      ) : null}
      {detail.callStack ? <StackSection stack={detail.callStack} /> : null}
      <Section title={`Raw payload (${detail.payloadLength} bytes)`}>
        <pre className="ev-hex" data-testid="detail-hex">
          {hexDump(detail.rawHex)}
        </pre>
      </Section>
    </>
  );
}

const STACK_SOURCES: Record<CallStack['source'], string> = {
  'extended-data': 'from the event (extended data)',
  'stack-walk': 'from kernel StackWalk events',
  'stack-key': 'from kernel stack keys',
};

/** The call stack, innermost frame first: module+offset where an image covered the address. */
function StackSection({ stack }: { stack: CallStack }) {
  const resolved = stack.frames.filter((f) => f.module !== undefined).length;
  return (
    <Section title={`Stack (${stack.frames.length} frames)`}>
      <div className="ev-stack-head">
        <span className="ev-muted">
          {STACK_SOURCES[stack.source]}
          {stack.pid >= 0 ? `, process ${stack.pid}` : ''}; {resolved} of {stack.frames.length} in a known
          image
        </span>
        <button
          type="button"
          className="button button-small"
          disabled={stack.frames.length === 0}
          onClick={() => copyStack(stack.frames)}
        >
          Copy stack
        </button>
      </div>
      {stack.note ? <p className="ev-muted">{stack.note}</p> : null}
      <ol className="ev-stack mono" data-testid="detail-stack">
        {stack.frames.map((frame, i) => (
          <li key={i} title={frame.path !== undefined ? `${frame.path}\n${frame.address}` : frame.address}>
            {frame.module !== undefined ? (
              <>
                <span className="ev-frame-module">{frame.module}</span>+{frame.offset}
              </>
            ) : (
              <span className="ev-frame-raw">{frame.address}</span>
            )}
          </li>
        ))}
      </ol>
    </Section>
  );
}

/** One frame per line: `ntdll.dll+0x1a2b3  0x7ffa1b2c3d4`, or the bare address. */
function stackText(frames: readonly StackFrame[]): string {
  return frames
    .map((f) => (f.module !== undefined ? `${f.module}+${f.offset ?? ''}  ${f.address}` : f.address))
    .join('\n');
}

function copyStack(frames: readonly StackFrame[]) {
  const notify = useUiStore.getState().notify;
  void navigator.clipboard.writeText(stackText(frames)).then(
    () => notify({ tone: 'info', title: 'Copied', message: `${frames.length} frames are on the clipboard.` }),
    () => notify({ tone: 'error', title: 'Cannot copy', message: 'The clipboard refused the text.' }),
  );
}

function Section(props: { title: string; children: React.ReactNode }) {
  return (
    <section className="ev-detail-section">
      <h3 className="section-title">{props.title}</h3>
      {props.children}
    </section>
  );
}

function KeyValues({ pairs }: { pairs: Array<[string, string]> }) {
  return (
    <dl className="ev-kv">
      {pairs.map(([k, v]) => (
        <div key={k} className="ev-kv-row">
          <dt>{k}</dt>
          <dd className="mono">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function PropertyRow({ property }: { property: DetailProperty }) {
  const value = valueText(property.value);
  return (
    <tr>
      <th scope="row" title={property.name}>
        {property.name}
      </th>
      <td className="ev-prop-type mono">{property.type}</td>
      <td className="mono ev-prop-value">
        {property.display !== undefined && property.display !== value ? (
          <>
            {property.display} <span className="ev-muted">({value})</span>
          </>
        ) : (
          value
        )}
      </td>
    </tr>
  );
}

function valueText(value: PropValue): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** 16 bytes per line: offset, hex, ASCII. */
function hexDump(hex: string): string {
  const lines: string[] = [];
  for (let at = 0; at < hex.length; at += 32) {
    const chunk = hex.slice(at, at + 32);
    const bytes = chunk.match(/../g) ?? [];
    const ascii = bytes
      .map((b) => {
        const c = parseInt(b, 16);
        return c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
      })
      .join('');
    lines.push(`${(at / 2).toString(16).padStart(6, '0')}  ${bytes.join(' ').padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n') || '(empty)';
}

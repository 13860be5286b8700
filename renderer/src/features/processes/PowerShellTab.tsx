// PowerShell tab: the script blocks the process ran (4104, reassembled from their parts), the commands
// it invoked (4103), and the -EncodedCommand arguments of its command line with their decoded script.
// What the PowerShell alert rules look for is highlighted (the patterns come with the details, so
// the highlighting follows the user's rules); each block links to its events.
import { useMemo, type ReactNode } from 'react';
import type { ProcessDetails, TextPattern } from '@common/ipc/messages';
import { formatCount } from '../../lib/format';
import { powershellFilter } from './event-filters';
import { ticksClock } from './format';
import { showInEvents } from './show-in-events';

/** Characters of one text shown (longer scripts are cut, with a note). */
const MAX_SHOWN_CHARS = 100_000;
const MAX_MARKS = 500;

interface Compiled {
  name: string;
  re: RegExp;
}

function compile(patterns: readonly TextPattern[]): Compiled[] {
  const out: Compiled[] = [];
  for (const p of patterns) {
    try {
      out.push({ name: p.name, re: new RegExp(p.regex, `${p.flags.replace(/[gy]/g, '')}g`) });
    } catch {
      // The services validated the rules; a pattern this engine cannot compile is just not highlighted.
    }
  }
  return out;
}

/** The text with the patterns' matches marked (overlaps merged, names in the tooltip). */
function Highlighted({ text, patterns }: { text: string; patterns: Compiled[] }) {
  const shown = text.length > MAX_SHOWN_CHARS ? text.slice(0, MAX_SHOWN_CHARS) : text;
  const parts = useMemo(() => {
    const ranges: Array<{ from: number; to: number; names: Set<string> }> = [];
    for (const p of patterns) {
      p.re.lastIndex = 0;
      for (let m = p.re.exec(shown); m !== null && ranges.length < MAX_MARKS; m = p.re.exec(shown)) {
        if (m[0].length === 0) {
          p.re.lastIndex++;
          continue;
        }
        ranges.push({ from: m.index, to: m.index + m[0].length, names: new Set([p.name]) });
      }
    }
    ranges.sort((a, b) => a.from - b.from);
    const merged: typeof ranges = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r.from <= last.to) {
        last.to = Math.max(last.to, r.to);
        for (const n of r.names) last.names.add(n);
      } else merged.push(r);
    }
    const out: ReactNode[] = [];
    let at = 0;
    merged.forEach((r, i) => {
      if (r.from > at) out.push(shown.slice(at, r.from));
      out.push(
        <mark key={i} className="pv-mark" title={[...r.names].join(', ')}>
          {shown.slice(r.from, r.to)}
        </mark>,
      );
      at = r.to;
    });
    if (at < shown.length) out.push(shown.slice(at));
    return out;
  }, [shown, patterns]);
  return (
    <pre className="pv-script mono">
      {parts}
      {shown.length < text.length ? (
        <span className="pv-faint">{`\n… ${formatCount(text.length - shown.length)} more characters`}</span>
      ) : null}
    </pre>
  );
}

export function PowerShellTab({ details }: { details: ProcessDetails }) {
  const p = details.process;
  const ps = details.powershell;
  const start = details.status.startTime;
  const patterns = useMemo(() => compile(details.powershellPatterns), [details.powershellPatterns]);
  const nothing = ps.scriptBlocks.length + ps.commands.length + ps.encodedCommands.length === 0;
  if (nothing) {
    return (
      <div className="pv-tab-note">
        No PowerShell activity{ps.errors > 0 ? ` (${ps.errors} error events)` : ''}. Script blocks need the
        Microsoft-Windows-PowerShell provider (event 4104) in the capture.
      </div>
    );
  }
  return (
    <div className="pv-tab-scroll">
      {ps.encodedCommands.length > 0 ? (
        <section className="pv-section">
          <h3 className="pv-section-title">Encoded commands ({ps.encodedCommands.length})</h3>
          {ps.encodedCommands.map((e, i) => (
            <div key={i} className="pv-card">
              <div className="pv-card-head">
                <span className="pv-faint">{ticksClock(start, e.ticks)}</span>
                <span className="pv-faint mono pv-ellipsis" title={e.commandLine}>
                  {e.commandLine}
                </span>
              </div>
              <Highlighted text={e.decoded} patterns={patterns} />
            </div>
          ))}
        </section>
      ) : null}
      {ps.scriptBlocks.length > 0 ? (
        <section className="pv-section">
          <h3 className="pv-section-title">Script blocks ({ps.scriptBlocks.length})</h3>
          {ps.scriptBlocks.map((b) => (
            <div key={b.id} className="pv-card" data-testid="script-block">
              <div className="pv-card-head">
                <button
                  type="button"
                  className="pv-link mono"
                  title="Show this script block’s events"
                  onClick={() => void showInEvents(powershellFilter(p, b))}
                >
                  {b.id}
                </button>
                <span className="pv-faint">{ticksClock(start, b.firstTicks)}</span>
                <span className="pv-faint">
                  {b.parts}/{b.total} part{b.total === 1 ? '' : 's'}
                  {b.complete ? '' : ' (incomplete)'}
                  {b.truncated ? ', cut' : ''}
                </span>
                {b.path ? <span className="pv-faint mono pv-ellipsis">{b.path}</span> : null}
              </div>
              <Highlighted text={b.text} patterns={patterns} />
            </div>
          ))}
        </section>
      ) : null}
      {ps.commands.length > 0 ? (
        <section className="pv-section">
          <h3 className="pv-section-title">Commands ({ps.commands.length})</h3>
          <table className="pv-table">
            <thead>
              <tr>
                <th>Command</th>
                <th className="pv-right">Count</th>
                <th>First</th>
                <th>Parameters (first call)</th>
              </tr>
            </thead>
            <tbody>
              {ps.commands.map((c) => (
                <tr key={c.name}>
                  <td className="mono">{c.name}</td>
                  <td className="pv-right">{formatCount(c.count)}</td>
                  <td className="pv-faint">{ticksClock(start, c.firstTicks)}</td>
                  <td>
                    <Highlighted text={c.sample} patterns={patterns} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {ps.errors > 0 ? (
        <div className="pv-tab-note">{formatCount(ps.errors)} PowerShell error event(s).</div>
      ) : null}
    </div>
  );
}

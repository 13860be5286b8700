// The live figures of one session of this app, refreshed every second: events/s (number and a
// one-minute sparkline), totals, loss counted by source (ETW EventsLost, real-time buffers lost,
// in-stream lost-event records by type, our own queue drops), queue depths, buffers, kernel flags, and
// for each provider what it is enabled with and where each kernel-side filter runs — and why not in
// the kernel when it could not be pushed down.
import type { SessionFigures } from '@common/ipc/session-messages';
import { formatBytes, formatCount } from '../../lib/format';
import { Sparkline } from './Sparkline';

function LossCell({ label, value, title }: { label: string; value: number; title: string }) {
  return (
    <div className={`ses-loss ${value > 0 ? 'ses-loss-bad' : ''}`} title={title}>
      <span className="ses-loss-value">{formatCount(value)}</span>
      <span className="ses-loss-label">{label}</span>
    </div>
  );
}

const PLACE: Record<string, string> = { kernel: 'in the kernel', user: 'in user mode', none: 'not applied' };

export function FiguresPanel({
  figures,
  history,
  onShowEvents,
}: {
  figures: SessionFigures;
  history: number[];
  onShowEvents?: () => void;
}) {
  const f = figures;
  const inStream = f.loss.inStream.events + f.loss.inStream.buffers + f.loss.inStream.files;
  return (
    <section className="ses-card" data-testid={`figures-${f.name}`}>
      <header className="ses-card-header">
        <span className={`ses-state ses-state-${f.state}`}>
          {f.state === 'running' ? 'Running' : 'Ended'}
        </span>
        <strong className="ses-card-title">{f.name}</strong>
        <span className="ses-chip">
          {f.source === 'replay' ? 'replay' : f.kind === 'attached' ? 'attached' : 'live'}
        </span>
        {f.kind === 'kernel' ? <span className="ses-chip">kernel</span> : null}
        <span className="ses-grow" />
        {onShowEvents ? (
          <button type="button" className="link-button" onClick={onShowEvents}>
            Show events
          </button>
        ) : null}
      </header>
      <div className="ses-card-body">
        <div className="ses-rate">
          <div>
            <span className="ses-rate-value" data-testid="events-per-second">
              {formatCount(Math.round(f.eventsPerSecond))}
            </span>
            <span className="ses-rate-unit">events/s</span>
          </div>
          <Sparkline values={history} label={`events per second of ${f.name}, last minute`} />
          <div className="ses-totals">
            <span data-testid="events-total">{formatCount(f.events)} events</span>
            <span>{formatBytes(f.bytes)}</span>
            <span>{formatCount(f.batches)} batches</span>
          </div>
        </div>
        <div className="ses-loss-grid" aria-label="Events lost, by source">
          <LossCell
            label="ETW lost"
            value={f.loss.etwEventsLost}
            title="EventsLost: events the providers could not write (no free buffer)"
          />
          <LossCell
            label="RT buffers"
            value={f.loss.realtimeBuffersLost}
            title="RealTimeBuffersLost: buffers the real-time consumer missed"
          />
          <LossCell
            label="in stream"
            value={inStream}
            title={`RT_LostEvent records: ${f.loss.inStream.events} lost events, ${f.loss.inStream.buffers} lost buffers, ${f.loss.inStream.files} lost log file`}
          />
          <LossCell
            label="our drops"
            value={f.loss.queueDropped.consumer + f.loss.queueDropped.views}
            title={`Dropped by ETW Explorer's queues: ${f.loss.queueDropped.consumer} at the consumer, ${f.loss.queueDropped.views} at the views`}
          />
        </div>
        <dl className="ses-facts">
          <dt>Queue</dt>
          <dd>
            {f.queue.consumer} consumer · {f.queue.views}/{f.queue.viewLimit} view
          </dd>
          {f.buffers ? (
            <>
              <dt>Buffers</dt>
              <dd>
                {f.buffers.count} × {f.buffers.sizeKB} KB, {f.buffers.free} free,{' '}
                {formatCount(f.buffers.written)} written
              </dd>
            </>
          ) : null}
          <dt>Views</dt>
          <dd>{f.views}</dd>
          {f.kernelFlags?.length ? (
            <>
              <dt>Kernel</dt>
              <dd>{f.kernelFlags.join(', ')}</dd>
            </>
          ) : null}
          {f.diagnostics > 0 ? (
            <>
              <dt>Bad batches</dt>
              <dd title={f.lastDiagnostic}>{f.diagnostics}</dd>
            </>
          ) : null}
        </dl>
      </div>
      {f.providers.length > 0 ? (
        <table className="ses-providers">
          <thead>
            <tr>
              <th>Provider</th>
              <th>Level</th>
              <th>Any</th>
              <th>All</th>
              <th>Views</th>
              <th>Kernel-side filters</th>
            </tr>
          </thead>
          <tbody>
            {f.providers.map((p) => (
              <tr key={p.guid}>
                <td title={p.guid}>
                  {p.name ?? <span className="ses-mono">{p.guid}</span>}
                  {p.properties.length ? (
                    <span className="ses-faint"> +{p.properties.join(', ')}</span>
                  ) : null}
                </td>
                <td>{p.level === 0 ? 'all' : p.level}</td>
                <td className="ses-mono">{p.anyKeyword}</td>
                <td className="ses-mono">{p.allKeyword}</td>
                <td>{p.views}</td>
                <td>
                  {p.filters.length === 0 ? (
                    <span className="ses-faint">none</span>
                  ) : (
                    p.filters.map((x) => (
                      <div key={x.filter} className={`ses-place ses-place-${x.where}`} title={x.reason}>
                        <span className="ses-mono">{x.filter}</span> {PLACE[x.where]}
                        {x.reason ? <span className="ses-faint"> — {x.reason}</span> : null}
                      </div>
                    ))
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

// The bar above the timeline: what is shown (rows of the view, events read, reading progress with a
// stop button), the timeline's time range as a removable chip, absolute/relative time, follow tail
// for streams, the "Count by" panel's toggle, the column chooser and saved filters.
import { etw } from '../../api/etw';
import { formatCount } from '../../lib/format';
import { ColumnChooser } from './ColumnChooser';
import { useEventsStore } from './events-store';
import { secondsLiteral } from './filter-text';
import { SavedFilters } from './SavedFilters';

export function EventsToolbar() {
  const total = useEventsStore((s) => s.total);
  const progress = useEventsStore((s) => s.progress);
  const range = useEventsStore((s) => s.range);
  const timeMode = useEventsStore((s) => s.timeMode);
  const follow = useEventsStore((s) => s.follow);
  const sourceKind = useEventsStore((s) => s.sourceKind);
  const captureId = useEventsStore((s) => s.captureId);
  const groupsOpen = useEventsStore((s) => s.groupsOpen);
  const { setRange, setTimeMode, setFollow, setGroups } = useEventsStore.getState();
  const reading = progress?.phase === 'reading' || progress?.phase === 'live';
  const streaming = sourceKind === 'live' || sourceKind === 'replay';
  const fraction =
    progress && progress.bytesTotal > 0 ? Math.min(1, progress.bytesRead / progress.bytesTotal) : undefined;

  return (
    <div className="ev-toolbar" data-testid="events-toolbar">
      <span className="ev-count" data-testid="events-count">
        {formatCount(total)} rows
        {progress ? <span className="ev-muted"> of {formatCount(progress.events)} events</span> : null}
      </span>
      {reading ? (
        <span className="ev-progress" data-testid="events-progress">
          {progress?.phase === 'live' ? (
            <span className="ev-live-dot" aria-hidden="true" />
          ) : (
            <span className="ev-progress-bar" aria-hidden="true">
              <span style={{ width: `${Math.round((fraction ?? 0) * 100)}%` }} />
            </span>
          )}
          {progress?.phase === 'live'
            ? sourceKind === 'replay'
              ? 'Replaying'
              : 'Live'
            : `Reading ${fraction !== undefined ? `${Math.round(fraction * 100)}%` : ''}${
                progress?.estimatedEvents ? ` · ~${formatCount(progress.estimatedEvents)} events` : ''
              }`}
          <button
            type="button"
            className="button button-small"
            data-testid="capture-stop"
            onClick={() => captureId && void etw.invoke('capture.cancel', { captureId })}
            title={
              progress?.phase === 'live'
                ? 'Stop the stream (what arrived stays)'
                : 'Stop reading (what was read stays)'
            }
          >
            Stop
          </button>
        </span>
      ) : progress?.phase === 'cancelled' ? (
        <span className="ev-muted">Stopped</span>
      ) : progress?.phase === 'failed' ? (
        <span className="status-error" title={progress.error?.message}>
          Reading failed: {progress.error?.message}
        </span>
      ) : null}
      {range ? (
        <span className="ev-chip" data-testid="range-chip">
          time {secondsLiteral(range.fromTicks)} – {secondsLiteral(range.toTicks)}
          <button type="button" aria-label="Remove the time range" onClick={() => void setRange(undefined)}>
            ×
          </button>
        </span>
      ) : null}
      <span className="ev-spacer" />
      {streaming ? (
        <label className="check-row" title="Keep the newest events in view">
          <input
            type="checkbox"
            checked={follow}
            onChange={(e) => void setFollow(e.target.checked)}
            data-testid="follow-tail"
          />
          Follow
        </label>
      ) : null}
      <div className="segmented" role="group" aria-label="Time display">
        <button
          type="button"
          aria-pressed={timeMode === 'absolute'}
          onClick={() => setTimeMode('absolute')}
          title="Clock time (UTC)"
        >
          Clock
        </button>
        <button
          type="button"
          aria-pressed={timeMode === 'relative'}
          onClick={() => setTimeMode('relative')}
          title="Seconds since the trace start"
          data-testid="time-relative"
        >
          Relative
        </button>
      </div>
      <button
        type="button"
        className={`button button-small ${groupsOpen ? 'button-pressed' : ''}`}
        aria-pressed={groupsOpen}
        title="Count the view's events by provider, event, process… and narrow it with a click"
        data-testid="count-by-toggle"
        onClick={() => setGroups(!groupsOpen)}
      >
        Count by
      </button>
      <ColumnChooser />
      <SavedFilters />
    </div>
  );
}

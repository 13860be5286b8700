// "About this capture": what the services know about the open capture (`capture.info`): file and
// size, time span, OS version, CPUs, pointer size, events, providers, loss, kernel stacks, and the
// problems found while reading (with their file offsets). Opened from the status bar's source item;
// refreshes while the capture is still being read (use-capture-info.ts).
import type { CaptureSummary, LossCounters } from '@common/ipc/messages';
import { Dialog } from '../../components/Dialog';
import { formatBytes, formatCount } from '../../lib/format';
import { useUiStore } from '../../stores/ui-store';
import { DIAGNOSTICS_SHOWN, formatDiagnostic, formatSpan, formatTraceTime } from './capture-info-format';
import { useCaptureInfo } from './use-capture-info';
import './capture-info.css';

const LOSS_LABELS: Array<[keyof LossCounters, string]> = [
  ['etwEventsLost', 'ETW events lost'],
  ['realtimeBuffersLost', 'real-time buffers lost'],
  ['inStreamLost', 'lost-event records'],
  ['queueDropped', 'dropped by our queues'],
];

export function CaptureInfoDialog(props: { captureId: string }) {
  const close = useUiStore((s) => s.closeDialog);
  const info = useCaptureInfo(props.captureId);
  return (
    <Dialog title="About this capture" onClose={close} width={640} testId="capture-info-dialog">
      {info.state === 'loading' ? <p className="dialog-text">Loading…</p> : null}
      {info.state === 'failed' ? (
        <p className="dialog-text" role="alert">
          {info.error.message}
        </p>
      ) : null}
      {info.state === 'ready' ? <CaptureFacts summary={info.summary} reading={info.reading} /> : null}
    </Dialog>
  );
}

function CaptureFacts({ summary, reading }: { summary: CaptureSummary; reading: boolean }) {
  const span = formatSpan(summary.startTime, summary.endTime);
  const lost = LOSS_LABELS.filter(([k]) => summary.loss[k] > 0);
  return (
    <>
      {reading ? (
        <p className="dialog-note capture-info-reading" role="status">
          Still reading: the figures grow until the whole file is read.
        </p>
      ) : null}
      <dl className="about-list capture-info-list" data-testid="capture-info-facts">
        <dt>File</dt>
        <dd className="capture-info-path" title={summary.path}>
          {summary.path}
        </dd>
        <dt>Size</dt>
        <dd>
          {formatBytes(summary.fileSize)} ({formatCount(summary.fileSize)} bytes)
        </dd>
        <dt>Start</dt>
        <dd>{summary.startTime ? formatTraceTime(summary.startTime) : '—'}</dd>
        <dt>End</dt>
        <dd>{summary.endTime ? formatTraceTime(summary.endTime) : '—'}</dd>
        <dt>Duration</dt>
        <dd>{span ?? '—'}</dd>
        <dt>OS version</dt>
        <dd>{summary.osVersion ?? '—'}</dd>
        <dt>CPUs</dt>
        <dd data-testid="capture-info-cpus">{summary.cpuCount ?? '—'}</dd>
        <dt>Pointer size</dt>
        <dd>{summary.pointerSize ? `${summary.pointerSize} bytes (${summary.pointerSize * 8}-bit)` : '—'}</dd>
        <dt>Events</dt>
        <dd data-testid="capture-info-events">{formatCount(summary.events)}</dd>
        <dt>Providers</dt>
        <dd>{formatCount(summary.providers)}</dd>
        <dt>Loss</dt>
        <dd className={lost.length > 0 ? 'status-warn' : ''}>
          {lost.length === 0
            ? 'None'
            : lost.map(([k, label]) => `${formatCount(summary.loss[k])} ${label}`).join(' · ')}
        </dd>
        <dt>Stacks</dt>
        <dd>
          {summary.stacks
            ? `${formatCount(summary.stacks.records)} records · ${formatCount(summary.stacks.attached)} attached · ${formatCount(summary.stacks.unmatched)} unmatched`
            : 'None (no kernel StackWalk records)'}
        </dd>
      </dl>
      <Diagnostics
        diagnostics={summary.diagnostics}
        total={summary.diagnosticCount ?? summary.diagnostics.length}
      />
    </>
  );
}

function Diagnostics({ diagnostics, total }: { diagnostics: CaptureSummary['diagnostics']; total: number }) {
  if (total === 0)
    return (
      <p className="dialog-note" data-testid="capture-info-diagnostics">
        No problems found while reading.
      </p>
    );
  const shown = diagnostics.slice(0, DIAGNOSTICS_SHOWN);
  const rest = total - shown.length;
  return (
    <section className="capture-info-diagnostics" data-testid="capture-info-diagnostics">
      <h3>Problems found while reading ({formatCount(total)})</h3>
      <ul>
        {shown.map((d, i) => (
          <li key={i}>{formatDiagnostic(d)}</li>
        ))}
      </ul>
      {rest > 0 ? <p className="dialog-note">…and {formatCount(rest)} more.</p> : null}
    </section>
  );
}

// State of File › Export: whether the dialog is open and the export it started (its request, what
// `export.start` answered and the latest `export.progress`). The export runs in the services; the
// dialog may be closed meanwhile — a notification says how it ended — and reopened to watch it.
import { create } from 'zustand';
import type { ExportProgressEvent, ExportRequest, ExportStarted } from '@common/ipc/messages';
import type { AppError } from '@common/result';
import { etw } from '../../api/etw';
import { formatCount } from '../../lib/format';
import { useUiStore } from '../../stores/ui-store';
import { useEventsStore } from '../events/events-store';

export interface ExportJob {
  request: ExportRequest;
  started: ExportStarted;
  progress?: ExportProgressEvent;
}

interface ExportState {
  open: boolean;
  /** An `export.start` is on its way. */
  starting: boolean;
  job?: ExportJob;
  openDialog(): void;
  closeDialog(): void;
  /** Starts an export; answers the error when it could not start. */
  start(request: ExportRequest): Promise<AppError | undefined>;
  cancel(): Promise<void>;
  /** Forgets a finished export (the dialog shows its form again). */
  reset(): void;
}

let unsubscribe: (() => void) | undefined;
/** Progress that arrived before `export.start` answered (kept until the job is known). */
let early: ExportProgressEvent | undefined;

/** Follows `export.progress` for our export (subscribed on first use, kept for the page's life). */
function follow(): void {
  unsubscribe ??= etw.on('export.progress', (progress) => {
    const job = useExportStore.getState().job;
    if (!job) early = progress;
    if (!job || job.started.exportId !== progress.exportId) return;
    useExportStore.setState({ job: { ...job, progress } });
    if (progress.done && !useExportStore.getState().open) notifyEnded(progress);
  });
}

function notifyEnded(p: ExportProgressEvent): void {
  const ui = useUiStore.getState();
  if (p.error) ui.notifyError('Export failed', p.error);
  else if (p.cancelled)
    ui.notify({ tone: 'info', title: 'Export cancelled', message: 'No file was written.' });
  else {
    const missing = (p.summary?.notAvailable ?? 0) + (p.summary?.droppedEarlier ?? 0);
    ui.notify({
      tone: 'info',
      title: 'Export finished',
      message:
        `${formatCount(p.events)} events written to ${p.path || p.fileName}.` +
        (missing > 0 ? ` ${formatCount(missing)} events dropped under the memory budget are not in it.` : ''),
    });
  }
}

export const useExportStore = create<ExportState>()((set, get) => ({
  open: false,
  starting: false,
  openDialog() {
    if (!useEventsStore.getState().captureId) {
      useUiStore.getState().notify({
        tone: 'info',
        title: 'Nothing to export',
        message: 'Open a capture or the demo first: Export writes its events to a file.',
      });
      return;
    }
    const job = get().job;
    // A finished export is forgotten when the dialog opens again; a running one is shown.
    set({ open: true, job: job && !job.progress?.done ? job : undefined });
  },
  closeDialog: () => set({ open: false }),
  async start(request) {
    if (get().starting) return undefined;
    follow();
    set({ starting: true });
    const r = await etw.invoke('export.start', request);
    set({ starting: false });
    if (!r.ok) return r.error;
    const progress = early?.exportId === r.value.exportId ? early : undefined;
    early = undefined;
    set({ job: { request, started: r.value, ...(progress ? { progress } : {}) } });
    return undefined;
  },
  async cancel() {
    const job = get().job;
    if (!job || job.progress?.done) return;
    const r = await etw.invoke('export.cancel', { exportId: job.started.exportId });
    if (!r.ok && r.error.code !== 'NOT_FOUND')
      useUiStore.getState().notifyError('Cannot cancel the export', r.error);
  },
  reset: () => set({ job: undefined }),
}));

// The Sessions view's state: the last `sessions.list` answer, the figures of this app's sessions
// (pushed every second as `sessions.figures`) with a short events/s history per session for the
// sparklines, and the new-session form's settings that the shared draft (stores/session-draft-store,
// filled by the Providers view) does not hold: per-provider properties and kernel-side filters, kernel
// flags, the view filter, and the replay's path and speed.
import { create } from 'zustand';
import type { SessionFigures, SessionListing } from '@common/ipc/session-messages';
import type { AppError } from '@common/result';
import { etw } from '../../api/etw';

/** Seconds of events/s history kept per session. */
export const HISTORY = 60;

export interface ProviderExtras {
  properties: { stackTrace?: boolean; sid?: boolean; tsId?: boolean; processStartKey?: boolean };
  /** Text as typed: "1, 2, 10-12". */
  eventIds: string;
  excludeEventIds: boolean;
  pids: string;
  /** "a.exe; b.exe" */
  exeNames: string;
  /** One per line or comma-separated. */
  tlEventNames: string;
  traceLogging: boolean;
}

export const NO_EXTRAS: ProviderExtras = {
  properties: {},
  eventIds: '',
  excludeEventIds: false,
  pids: '',
  exeNames: '',
  tlEventNames: '',
  traceLogging: false,
};

export type ReplaySpeed = 1 | 10 | 'max';

interface SessionsState {
  listing?: SessionListing;
  listError?: AppError;
  figures: SessionFigures[];
  history: Record<string, number[]>;
  extras: Record<string, ProviderExtras>;
  kernelFlags: number;
  viewFilter: string;
  replayPath: string;
  replaySpeed: ReplaySpeed;
  replayUsesDraft: boolean;
  tab: 'live' | 'replay';
  refresh(): Promise<void>;
  takeFigures(figures: SessionFigures[]): void;
  setExtras(guid: string, extras: Partial<ProviderExtras>): void;
  setKernelFlags(flags: number): void;
  setViewFilter(text: string): void;
  setReplay(patch: Partial<Pick<SessionsState, 'replayPath' | 'replaySpeed' | 'replayUsesDraft'>>): void;
  setTab(tab: SessionsState['tab']): void;
}

export const useSessionsStore = create<SessionsState>()((set, get) => ({
  figures: [],
  history: {},
  extras: {},
  kernelFlags: 0,
  viewFilter: '',
  replayPath: '',
  replaySpeed: 10,
  replayUsesDraft: false,
  tab: 'live',
  async refresh() {
    const listed = await etw.invoke('sessions.list');
    if (!listed.ok) {
      set({ listError: listed.error });
      return;
    }
    // The listing's figures are current (pushed figures may have been missed while the view was closed);
    // only the pushed ones, one per second, extend the sparklines.
    set({ listing: listed.value, listError: undefined, figures: listed.value.figures });
  },
  takeFigures(figures) {
    const history = { ...get().history };
    for (const f of figures) {
      const series = [...(history[f.name] ?? []), f.eventsPerSecond];
      history[f.name] = series.slice(-HISTORY);
    }
    set({ figures, history });
  },
  setExtras: (guid, patch) =>
    set((s) => ({ extras: { ...s.extras, [guid]: { ...(s.extras[guid] ?? NO_EXTRAS), ...patch } } })),
  setKernelFlags: (kernelFlags) => set({ kernelFlags }),
  setViewFilter: (viewFilter) => set({ viewFilter }),
  setReplay: (patch) => set(patch),
  setTab: (tab) => set({ tab }),
}));

/** Keeps the figures current while something listens (the Sessions view mounts it). */
export function subscribeFigures(): () => void {
  return etw.on('sessions.figures', (event) => useSessionsStore.getState().takeFigures(event.sessions));
}

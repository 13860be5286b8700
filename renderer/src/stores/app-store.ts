// The shell's state: which view shows, the connection, what the app told us about itself
// (`app.info`), the status bar snapshot, and what is open. Features read it with selectors and
// change it only through the actions here or in features/open.
import { create } from 'zustand';
import type { AppInfo, ManifestOpened, OpenedCapture, StatusSnapshot } from '@common/ipc/messages';
import type { ConnectionState } from '../api/etw';

export type ViewId = 'welcome' | 'providers' | 'events' | 'processes' | 'sessions';

export const EMPTY_STATUS: StatusSnapshot = {
  source: { kind: 'none', label: 'No source' },
  counts: { events: 0, shown: 0 },
  loss: { etwEventsLost: 0, realtimeBuffersLost: 0, inStreamLost: 0, queueDropped: 0 },
  errors: { count: 0 },
};

interface AppState {
  view: ViewId;
  connection: ConnectionState;
  info?: AppInfo;
  status: StatusSnapshot;
  capture?: OpenedCapture;
  manifests: ManifestOpened[];
  /** What is being opened right now ("Opening trace.etl…"), for the busy indicator. */
  busy?: string;
  setView(view: ViewId): void;
  setConnection(connection: ConnectionState): void;
  setInfo(info: AppInfo): void;
  setStatus(status: StatusSnapshot): void;
  setCapture(capture: OpenedCapture | undefined): void;
  addManifest(manifest: ManifestOpened): void;
  setBusy(busy: string | undefined): void;
}

export const useAppStore = create<AppState>()((set) => ({
  view: 'welcome',
  connection: { state: 'connecting' },
  status: EMPTY_STATUS,
  manifests: [],
  setView: (view) => set({ view }),
  setConnection: (connection) => set({ connection }),
  setInfo: (info) => set({ info }),
  setStatus: (status) => set({ status }),
  setCapture: (capture) => set({ capture }),
  addManifest: (manifest) => set((s) => ({ manifests: [...s.manifests, manifest] })),
  setBusy: (busy) => set({ busy }),
}));

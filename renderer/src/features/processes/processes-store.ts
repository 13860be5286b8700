// State of the Processes view: the capture it shows, the analysis status, the process list and tree,
// the selected process and its details (processes.summary), the alert list, the rule file, and the
// UI choices (tree or flat list, search, open tab, processes or alerts). `follow(captureId)` loads
// a capture; the `analysis.changed` push (subscribeProcesses) refreshes what is shown while a capture
// is read, streams in, or is re-evaluated with new rules.
import { create } from 'zustand';
import type {
  AlertInfo,
  AlertRules,
  AnalysisStatus,
  ProcessDetails,
  ProcessListItem,
  ProcessTreeNode,
} from '@common/ipc/messages';
import type { AppError } from '@common/result';
import { etw } from '../../api/etw';
import { severityRank } from './format';

export type ProcessTab =
  | 'overview'
  | 'dns'
  | 'network'
  | 'beaconing'
  | 'images'
  | 'threads'
  | 'wmi'
  | 'powershell'
  | 'children'
  | 'events';

export type ProcessesMode = 'processes' | 'alerts';
export type ProcessLayout = 'tree' | 'list';

interface ProcessesState {
  captureId?: string;
  status?: AnalysisStatus;
  processes: ProcessListItem[];
  byKey: Map<string, ProcessListItem>;
  roots: ProcessTreeNode[];
  error?: AppError;
  selectedKey?: string;
  details?: ProcessDetails;
  detailsError?: AppError;
  alerts: AlertInfo[];
  alertsOmitted: number;
  suppressed: { [ruleId: string]: number };
  selectedAlert?: number;
  /** The Alerts panel shows only this process's alerts (set from a process's alert badge). */
  alertProcess?: string;
  rules?: AlertRules;
  mode: ProcessesMode;
  layout: ProcessLayout;
  search: string;
  tab: ProcessTab;
  /** Tree rows the user collapsed (by key). */
  collapsed: Set<string>;
  follow(captureId: string | undefined): Promise<void>;
  refresh(): Promise<void>;
  select(key: string | undefined): void;
  selectAlert(index: number | undefined): void;
  /** Opens the Alerts panel, for one process or all (undefined). */
  showAlerts(processKey: string | undefined): void;
  setMode(mode: ProcessesMode): void;
  setLayout(layout: ProcessLayout): void;
  setSearch(search: string): void;
  setTab(tab: ProcessTab): void;
  toggleCollapsed(key: string): void;
  loadRules(): Promise<void>;
  /** Offers a rule file; resolves with the answer (problems or applied). */
  saveRules(text: string): Promise<AlertRules | AppError>;
}

/** The process to show first: the one with the worst alerts, else the busiest. */
function mostInteresting(processes: readonly ProcessListItem[]): ProcessListItem | undefined {
  let best: ProcessListItem | undefined;
  const score = (p: ProcessListItem) =>
    severityRank(p.worstSeverity) * 1e12 + p.counts.alerts * 1e9 + p.counts.events;
  for (const p of processes) if (best === undefined || score(p) > score(best)) best = p;
  return best;
}

let detailsRequest = 0;
/** The analysis status when each capture's alert list was last read. */
const alertsSeen = new Map<string, AnalysisStatus>();
let refreshRequest = 0;

export const useProcessesStore = create<ProcessesState>()((set, get) => {
  const loadDetails = (key: string | undefined) => {
    const captureId = get().captureId;
    const request = ++detailsRequest;
    if (key === undefined || captureId === undefined) {
      set({ details: undefined, detailsError: undefined });
      return;
    }
    void etw.invoke('processes.summary', { captureId, processKey: key }).then((r) => {
      if (request !== detailsRequest) return;
      set(
        r.ok ? { details: r.value, detailsError: undefined } : { details: undefined, detailsError: r.error },
      );
    });
  };

  return {
    processes: [],
    byKey: new Map(),
    roots: [],
    alerts: [],
    alertsOmitted: 0,
    suppressed: {},
    mode: 'processes',
    layout: 'tree',
    search: '',
    tab: 'overview',
    collapsed: new Set(),

    async follow(captureId) {
      if (captureId === get().captureId) return;
      set({
        captureId,
        status: undefined,
        processes: [],
        byKey: new Map(),
        roots: [],
        error: undefined,
        selectedKey: undefined,
        details: undefined,
        detailsError: undefined,
        alerts: [],
        alertsOmitted: 0,
        suppressed: {},
        selectedAlert: undefined,
        alertProcess: undefined,
        collapsed: new Set(),
      });
      if (captureId) await get().refresh();
    },

    async refresh() {
      const captureId = get().captureId;
      if (!captureId) return;
      const request = ++refreshRequest;
      const [list, tree] = await Promise.all([
        etw.invoke('processes.list', { captureId }),
        etw.invoke('processes.tree', { captureId }),
      ]);
      if (request !== refreshRequest || captureId !== get().captureId) return;
      if (!list.ok) {
        set({ error: list.error });
        return;
      }
      // The alert list is read again only when the count or the analysis state moved (a rebuild).
      const before = alertsSeen.get(captureId);
      const now = list.value.status;
      if (before === undefined || before.alerts !== now.alerts || before.state !== now.state) {
        const alerts = await etw.invoke('alerts.list', { captureId });
        if (request !== refreshRequest || captureId !== get().captureId) return;
        if (alerts.ok) {
          alertsSeen.set(captureId, now);
          set({
            alerts: alerts.value.alerts,
            alertsOmitted: alerts.value.omitted,
            suppressed: alerts.value.suppressed,
          });
        }
      }
      const byKey = new Map(list.value.processes.map((p) => [p.key, p]));
      set({
        status: now,
        processes: list.value.processes,
        byKey,
        roots: tree.ok ? tree.value.roots : [],
        error: undefined,
      });
      const selected = get().selectedKey;
      if (selected !== undefined && byKey.has(selected)) loadDetails(selected);
      else if (selected === undefined) {
        const first = mostInteresting(list.value.processes);
        if (first) get().select(first.key);
      }
    },

    select(key) {
      if (key === get().selectedKey) return;
      set({ selectedKey: key });
      loadDetails(key);
    },

    selectAlert: (selectedAlert) => set({ selectedAlert }),
    showAlerts: (alertProcess) => set({ mode: 'alerts', alertProcess, selectedAlert: undefined }),
    setMode: (mode) => set({ mode }),
    setLayout: (layout) => set({ layout }),
    setSearch: (search) => set({ search }),
    setTab: (tab) => set({ tab }),
    toggleCollapsed(key) {
      const collapsed = new Set(get().collapsed);
      if (collapsed.has(key)) collapsed.delete(key);
      else collapsed.add(key);
      set({ collapsed });
    },

    async loadRules() {
      const r = await etw.invoke('alerts.rules');
      if (r.ok) set({ rules: r.value });
    },

    async saveRules(text) {
      const r = await etw.invoke('alerts.setRules', { text });
      if (!r.ok) return r.error;
      if (r.value.applied) set({ rules: r.value });
      return r.value;
    },
  };
});

/** Least time between two refreshes while a capture grows. */
const REFRESH_MS = 700;

/** Refreshes the view when its capture's analysis changes (throttled); returns the unsubscribe. */
export function subscribeProcesses(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = 0;
  const off = etw.on('analysis.changed', (status) => {
    const store = useProcessesStore.getState();
    if (status.captureId !== store.captureId) return;
    // The status shown changes with the lists it describes (refresh sets both), never ahead of them.
    if (timer !== undefined) return;
    const finished = status.state === 'done' && store.status?.state !== 'done';
    const wait = finished ? 0 : Math.max(0, last + REFRESH_MS - performance.now());
    timer = setTimeout(() => {
      timer = undefined;
      last = performance.now();
      void useProcessesStore.getState().refresh();
    }, wait);
  });
  return () => {
    off();
    if (timer !== undefined) clearTimeout(timer);
  };
}

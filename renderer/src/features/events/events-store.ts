// State of the Events view: which capture and view it shows, the filter (the user's text, the
// timeline's range, the last error), sort, follow/pause, selection and detail, time display and
// columns. Actions talk to the services (`view.create`, `view.update`, `events.detail`...) and keep
// the row cache (row-cache.ts) in step: a new filter or sort empties it, a batch of a following view
// fills the tail. Filter errors leave the view as it was and keep the error with its position.
// A sort runs in the capture's engine (a property sort decodes every row: seconds on millions), so
// the sort asked for is kept in `sorting` until the view answers; removing the column a view is
// sorted by (a property column) puts the view back in time order.
import { create } from 'zustand';
import type {
  CaptureProgress,
  EventDetail,
  GroupColumn,
  SourceInfo,
  ViewSort,
  ViewState,
} from '@common/ipc/messages';
import { PROPERTY_SORT_PREFIX } from '@common/ipc/messages';
import type { AppError } from '@common/result';
import { etw } from '../../api/etw';
import { DEFAULT_COLUMNS, sortHasColumn, type TimeMode } from './columns';
import { effectiveFilter } from './filter-text';
import { RowCache } from './row-cache';

export interface FilterProblem {
  message: string;
  /** Column in the user's filter text, and the width of the bad part. */
  offset: number;
  length: number;
}

export interface TimeRange {
  fromTicks: number;
  toTicks: number;
}

interface EventsState {
  captureId?: string;
  sourceKind?: SourceInfo['kind'];
  viewId?: string;
  total: number;
  /** Bumped whenever rows may have changed: the table re-reads the cache. */
  rowsVersion: number;
  /** Bumped when the timeline should be redrawn (filter, range, growth). */
  timelineVersion: number;
  filter: string;
  filterProblem?: FilterProblem;
  range?: TimeRange;
  sort: ViewSort;
  /** A sort asked for and not answered yet (the engine is sorting). */
  sorting?: ViewSort;
  follow: boolean;
  paused: boolean;
  progress?: CaptureProgress;
  selectedIndex: number;
  selectedSeq?: number;
  /** Bumped when the table should scroll the selected row into view (find, locate). */
  revealSerial: number;
  detail?: EventDetail;
  detailError?: AppError;
  detailOpen: boolean;
  timeMode: TimeMode;
  columns: string[];
  /** The "Count by" panel: shown, and the column it counts by. */
  groupsOpen: boolean;
  groupColumn: GroupColumn;
  attach(captureId: string, kind: SourceInfo['kind']): Promise<void>;
  detach(): void;
  applyFilter(text: string): Promise<boolean>;
  setRange(range: TimeRange | undefined): Promise<boolean>;
  setSort(sort: ViewSort): Promise<void>;
  setFollow(follow: boolean): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
  select(index: number, seq?: number): void;
  /** Selects a row and scrolls it into view. */
  reveal(index: number, seq?: number): void;
  setDetailOpen(open: boolean): void;
  setTimeMode(mode: TimeMode): void;
  setColumns(columns: string[]): void;
  setGroups(open: boolean, column?: GroupColumn): void;
  clearFilterProblem(): void;
}

const COLUMNS_KEY = 'etw.events.columns';
const TIME_MODE_KEY = 'etw.events.timeMode';

function loadColumns(): string[] {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null');
    if (Array.isArray(saved) && saved.length > 0 && saved.every((c) => typeof c === 'string')) return saved;
  } catch {
    // unreadable: defaults
  }
  return DEFAULT_COLUMNS;
}

const loadTimeMode = (): TimeMode =>
  localStorage.getItem(TIME_MODE_KEY) === 'relative' ? 'relative' : 'absolute';

export const rowCache = new RowCache(
  (viewId, offset, limit) => etw.invoke('events.rows', { viewId, offset, limit }),
  () => useEventsStore.setState((s) => ({ rowsVersion: s.rowsVersion + 1 })),
);

let detailRequest = 0;
let sortRequest = 0;
const TIME_ORDER: ViewSort = { column: 'time', descending: false };

export const useEventsStore = create<EventsState>()((set, get) => {
  /** Applies a view.update result: the new state, or the error mapped onto the user's filter text. */
  const updateView = async (
    changes: {
      filter?: string;
      sort?: ViewSort;
      follow?: boolean;
      paused?: boolean;
    },
    userOffset = 0,
  ): Promise<ViewState | AppError> => {
    const viewId = get().viewId;
    if (!viewId) return { code: 'NOT_FOUND', message: 'no view' };
    const r = await etw.invoke('view.update', { viewId, ...changes });
    if (!r.ok) {
      if (r.error.code === 'PARSE_ERROR' && r.error.offset !== undefined) {
        const length = (r.error as { length?: number }).length ?? 0;
        set({
          filterProblem: {
            message: r.error.message,
            offset: Math.max(0, r.error.offset - userOffset),
            length,
          },
        });
      }
      return r.error;
    }
    return r.value;
  };

  const viewChanged = (state: ViewState, keepSelection = true) => {
    rowCache.reset(state.viewId);
    set((s) => ({
      total: state.total,
      rowsVersion: s.rowsVersion + 1,
      timelineVersion: s.timelineVersion + 1,
      selectedIndex: keepSelection ? s.selectedIndex : -1,
    }));
    const seq = get().selectedSeq;
    if (keepSelection && seq !== undefined) {
      void etw.invoke('view.locate', { viewId: state.viewId, seq }).then((r) => {
        if (!r.ok || get().viewId !== state.viewId) return;
        if (r.value.index >= 0)
          set((s) => ({ selectedIndex: r.value.index, revealSerial: s.revealSerial + 1 }));
        else set({ selectedIndex: -1 });
      });
    }
  };

  return {
    total: 0,
    rowsVersion: 0,
    timelineVersion: 0,
    filter: '',
    sort: { column: 'time', descending: false },
    follow: false,
    paused: false,
    selectedIndex: -1,
    revealSerial: 0,
    detailOpen: true,
    groupsOpen: false,
    groupColumn: 'event',
    timeMode: loadTimeMode(),
    columns: loadColumns(),

    async attach(captureId, kind) {
      const previous = get();
      if (previous.captureId === captureId) return;
      if (previous.viewId) void etw.invoke('view.close', { viewId: previous.viewId });
      if (previous.captureId) void etw.invoke('capture.close', { captureId: previous.captureId });
      const follow = kind === 'live' || kind === 'replay';
      rowCache.reset(undefined);
      set({
        captureId,
        sourceKind: kind,
        viewId: undefined,
        total: 0,
        filter: '',
        filterProblem: undefined,
        range: undefined,
        sort: { column: 'time', descending: false },
        sorting: undefined,
        follow,
        paused: false,
        progress: undefined,
        selectedIndex: -1,
        selectedSeq: undefined,
        detail: undefined,
        detailError: undefined,
      });
      const created = await etw.invoke('view.create', { captureId, follow });
      if (get().captureId !== captureId) return;
      if (!created.ok) {
        set({ detailError: created.error });
        return;
      }
      set({ viewId: created.value.viewId });
      viewChanged(created.value, false);
    },

    detach() {
      rowCache.reset(undefined);
      set({ captureId: undefined, viewId: undefined, total: 0, selectedIndex: -1, detail: undefined });
    },

    async applyFilter(text) {
      const { text: full, userOffset } = effectiveFilter(text, get().range);
      const r = await updateView({ filter: full }, userOffset);
      if (!('viewId' in r)) return false;
      set({ filter: text, filterProblem: undefined });
      viewChanged(r);
      return true;
    },

    async setRange(range) {
      const { text } = effectiveFilter(get().filter, range);
      const r = await updateView({ filter: text }, 0);
      if (!('viewId' in r)) return false;
      set({ range });
      viewChanged(r);
      return true;
    },

    async setSort(sort) {
      const request = ++sortRequest;
      set({ sorting: sort });
      const r = await updateView({ sort });
      if (request === sortRequest) set({ sorting: undefined });
      if (!('viewId' in r)) return;
      set({ sort: r.sort });
      viewChanged(r);
    },

    async setFollow(follow) {
      set({ follow });
      await updateView({ follow });
    },

    async setPaused(paused) {
      if (get().paused === paused) return;
      set({ paused });
      const r = await updateView({ paused });
      if ('viewId' in r && !paused) {
        rowCache.invalidateFrom(0);
        set((s) => ({
          total: r.total,
          rowsVersion: s.rowsVersion + 1,
          timelineVersion: s.timelineVersion + 1,
        }));
      }
    },

    select(index, seq) {
      set({ selectedIndex: index, selectedSeq: seq });
      const captureId = get().captureId;
      if (seq === undefined || captureId === undefined) return;
      const request = ++detailRequest;
      void etw.invoke('events.detail', { captureId, seq }).then((r) => {
        if (request !== detailRequest) return;
        set(r.ok ? { detail: r.value, detailError: undefined } : { detail: undefined, detailError: r.error });
      });
    },

    reveal(index, seq) {
      get().select(index, seq);
      set((s) => ({ revealSerial: s.revealSerial + 1 }));
    },

    setDetailOpen: (detailOpen) => set({ detailOpen }),
    setGroups: (groupsOpen, column) => set((s) => ({ groupsOpen, groupColumn: column ?? s.groupColumn })),
    setTimeMode(timeMode) {
      localStorage.setItem(TIME_MODE_KEY, timeMode);
      set({ timeMode });
    },
    setColumns(columns) {
      localStorage.setItem(COLUMNS_KEY, JSON.stringify(columns));
      set({ columns });
      const { sort, viewId } = get();
      const propertySort = sort.column.startsWith(PROPERTY_SORT_PREFIX);
      if (viewId && propertySort && !sortHasColumn(sort.column, columns)) {
        void get().setSort(TIME_ORDER);
      }
    },
    clearFilterProblem: () => set({ filterProblem: undefined }),
  };
});

/** Keeps the store in step with pushed events: batches of our view, progress of our capture. */
export function subscribeEvents(): () => void {
  const offBatch = etw.on('events.batch', (batch) => {
    const s = useEventsStore.getState();
    if (batch.viewId !== s.viewId) return;
    const appendOnly = s.sort.column === 'time' && !s.sort.descending && batch.total >= s.total;
    rowCache.invalidateFrom(appendOnly ? Math.max(0, s.total - 1) : 0);
    if (batch.tail) rowCache.put(batch.tail);
    useEventsStore.setState((st) => ({
      total: batch.total,
      rowsVersion: st.rowsVersion + 1,
      timelineVersion: st.timelineVersion + 1,
    }));
  });
  const offProgress = etw.on('capture.progress', (progress) => {
    if (progress.captureId === useEventsStore.getState().captureId) useEventsStore.setState({ progress });
  });
  return () => {
    offBatch();
    offProgress();
  };
}

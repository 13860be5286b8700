// Transient UI state: the open dialog, notifications, the find bar and filter box, pause, and
// focus requests (a shortcut asks the filter box to take focus; the box listens for the counter).
import { create } from 'zustand';
import type { FileKind } from '@common/ipc/file-kinds';
import type { AppError } from '@common/result';

export type DialogState =
  | { kind: 'openPath'; fileKind: FileKind; initialPath?: string }
  | { kind: 'shortcuts' }
  | { kind: 'about' }
  | { kind: 'captureInfo'; captureId: string }
  | null;

export interface Toast {
  id: number;
  tone: 'error' | 'info';
  title: string;
  message: string;
  code?: AppError['code'];
}

/** Where a focus request puts the cursor: the filter bar, the find bar, the Providers view's search box. */
export type FocusTarget = 'filter' | 'find' | 'providers';

interface UiState {
  dialog: DialogState;
  toasts: Toast[];
  findOpen: boolean;
  findText: string;
  /** What the last search found ("Row 1,234", "No more matches"), shown in the find bar. */
  findStatus: string;
  /** Bumped by "find next/previous"; the view that can search listens to it. */
  findRequest: { serial: number; backwards: boolean };
  filterText: string;
  paused: boolean;
  focusRequest: { target: FocusTarget; serial: number } | null;
  openDialog(dialog: DialogState): void;
  closeDialog(): void;
  notify(toast: Omit<Toast, 'id'>): void;
  notifyError(title: string, error: AppError): void;
  dismiss(id: number): void;
  setFindOpen(open: boolean): void;
  setFindText(text: string): void;
  requestFind(backwards: boolean): void;
  setFindStatus(status: string): void;
  setFilterText(text: string): void;
  togglePaused(): void;
  requestFocus(target: FocusTarget): void;
}

let nextToastId = 1;
const MAX_TOASTS = 4;

export const useUiStore = create<UiState>()((set) => ({
  dialog: null,
  toasts: [],
  findOpen: false,
  findText: '',
  findStatus: '',
  findRequest: { serial: 0, backwards: false },
  filterText: '',
  paused: false,
  focusRequest: null,
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  notify: (toast) =>
    set((s) => ({ toasts: [...s.toasts, { ...toast, id: nextToastId++ }].slice(-MAX_TOASTS) })),
  notifyError: (title, error) =>
    set((s) => ({
      toasts: [
        ...s.toasts,
        { id: nextToastId++, tone: 'error' as const, title, message: error.message, code: error.code },
      ].slice(-MAX_TOASTS),
    })),
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  setFindOpen: (findOpen) => set({ findOpen }),
  setFindText: (findText) => set({ findText, findStatus: '' }),
  requestFind: (backwards) => set((s) => ({ findRequest: { serial: s.findRequest.serial + 1, backwards } })),
  setFindStatus: (findStatus) => set({ findStatus }),
  setFilterText: (filterText) => set({ filterText }),
  togglePaused: () => set((s) => ({ paused: !s.paused })),
  requestFocus: (target) =>
    set((s) => ({ focusRequest: { target, serial: (s.focusRequest?.serial ?? 0) + 1 } })),
}));

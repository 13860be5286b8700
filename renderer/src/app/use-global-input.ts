// Window-level input for the shell: keyboard shortcuts (lib/shortcuts.ts), native menu commands
// (`app.command`), and files dropped on the window (desktop: real paths through the preload; web
// mode: the server-path dialog, since browsers hide paths).
import { useEffect, useState } from 'react';
import { fileKindOf } from '@common/ipc/file-kinds';
import { etw, pathForDroppedFile } from '../api/etw';
import { openPath } from '../features/open/open-actions';
import { matchShortcut } from '../lib/shortcuts';
import { useAppStore } from '../stores/app-store';
import { useUiStore } from '../stores/ui-store';
import { runAppCommand, runShortcut } from './commands';

function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT'
  );
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const id = matchShortcut(e, inTextField(e.target));
      if (!id) return;
      // With a dialog open only Escape and the help key act; the dialog owns the rest.
      if (useUiStore.getState().dialog && id !== 'closeOverlay') return;
      e.preventDefault();
      runShortcut(id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function useAppCommands(): void {
  useEffect(() => etw.on('app.command', runAppCommand), []);
}

/** True while files are dragged over the window (for the drop overlay). */
export function useFileDrop(): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const onLeave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      const path = pathForDroppedFile(file);
      if (path) {
        void openPath(fileKindOf(path), path);
        return;
      }
      if (useAppStore.getState().info?.mode === 'web') {
        useUiStore
          .getState()
          .openDialog({ kind: 'openPath', fileKind: fileKindOf(file.name), initialPath: file.name });
      }
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
  return dragging;
}

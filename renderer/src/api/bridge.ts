// What the desktop app's preload puts on `window.etw` (electron/preload/preload.ts): the untyped
// bridge plus `pathForFile` for drag-and-drop. Absent in web mode.
import type { EtwBridge } from '@common/ipc/client';

export interface DesktopBridge extends EtwBridge {
  pathForFile(file: File): string;
}

declare global {
  interface Window {
    etw?: DesktopBridge;
  }
}

export function desktopBridge(): DesktopBridge | undefined {
  const candidate = window.etw;
  return candidate && typeof candidate.invoke === 'function' && typeof candidate.on === 'function'
    ? candidate
    : undefined;
}

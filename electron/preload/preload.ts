// The desktop app's preload (sandboxed, context-isolated): the renderer's only way into the app.
// It exposes `window.etw` with exactly three functions: invoke(channel, args) → Result,
// on(event, listener) → unsubscribe, and pathForFile(file) for drag-and-drop. Nothing from Electron
// or Node reaches the page; the main process validates every call against the contract.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  IPC_EVENT,
  IPC_INVOKE,
  IPC_RESET,
  IPC_SUBSCRIBE,
  IPC_UNSUBSCRIBE,
} from '../common/ipc/electron-channels';
import { createListenerRegistry } from '../common/ipc/listeners';

const listeners = createListenerRegistry({
  first: (event) => ipcRenderer.send(IPC_SUBSCRIBE, event),
  last: (event) => ipcRenderer.send(IPC_UNSUBSCRIBE, event),
});

ipcRenderer.on(IPC_EVENT, (_e: IpcRendererEvent, event: unknown, payload: unknown) => {
  if (typeof event === 'string') listeners.emit(event, payload);
});
// A new page in this window: whatever the previous page subscribed to is void.
ipcRenderer.send(IPC_RESET);

contextBridge.exposeInMainWorld('etw', {
  invoke: (channel: unknown, args: unknown): Promise<unknown> =>
    ipcRenderer.invoke(IPC_INVOKE, channel, args),
  on: (event: unknown, listener: unknown): (() => void) => {
    if (typeof event !== 'string' || typeof listener !== 'function') return () => {};
    return listeners.add(event, listener as (payload: unknown) => void);
  },
  /** The file-system path of a File the user dropped onto the window ('' when it has none). */
  pathForFile: (file: unknown): string => {
    try {
      return webUtils.getPathForFile(file as File);
    } catch {
      return '';
    }
  },
});

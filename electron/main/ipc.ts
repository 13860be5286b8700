// The desktop transport of the contract: ipcMain handlers that pass calls to the dispatcher. Every
// message is checked first: it must come from a frame showing our own renderer (app://etw-explorer),
// otherwise it is refused with FORBIDDEN (invoke) or ignored (subscribe). Each window (webContents)
// is one dispatcher Connection; `reset` (a new page) and `dropSender` (window gone) release its
// subscriptions. The Electron objects are typed structurally so tests drive this without Electron.
import type { Capability, ContractShape } from '../common/ipc/contract-kit';
import type { Connection, Dispatcher } from '../common/ipc/dispatcher';
import {
  IPC_EVENT,
  IPC_INVOKE,
  IPC_RESET,
  IPC_SUBSCRIBE,
  IPC_UNSUBSCRIBE,
} from '../common/ipc/electron-channels';
import { err } from '../common/result';

export interface IpcSenderLike {
  id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export interface IpcEventLike {
  senderFrame: { url: string } | null;
  sender: IpcSenderLike;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
}

export interface IpcRegistration {
  /** Forget a window (call when its webContents is destroyed). */
  dropSender(senderId: number): void;
  connectionCount(): number;
  dispose(): void;
}

export function registerIpc<C extends ContractShape>(
  ipcMain: IpcMainLike,
  dispatcher: Dispatcher<C>,
  options: {
    isTrustedUrl(url: string): boolean;
    capabilities: ReadonlySet<Capability>;
    /** Told after a window subscribed to an event (main waits for `app.command` before sending commands). */
    onSubscribed?(senderId: number, event: string): void;
  },
): IpcRegistration {
  const connections = new Map<number, Connection>();
  const trusted = (event: IpcEventLike) => !!event.senderFrame && options.isTrustedUrl(event.senderFrame.url);

  const connectionOf = (sender: IpcSenderLike): Connection => {
    let connection = connections.get(sender.id);
    if (!connection) {
      connection = dispatcher.connect({
        capabilities: options.capabilities,
        push: (event, payload) => {
          if (!sender.isDestroyed()) sender.send(IPC_EVENT, event, payload);
        },
      });
      connections.set(sender.id, connection);
    }
    return connection;
  };

  const dropSender = (senderId: number) => {
    connections.get(senderId)?.close();
    connections.delete(senderId);
  };

  const onSubscribe = (event: IpcEventLike, name: unknown) => {
    if (!trusted(event)) return;
    const result = connectionOf(event.sender).subscribe(name);
    if (result.ok) options.onSubscribed?.(event.sender.id, result.value.event);
  };
  const onUnsubscribe = (event: IpcEventLike, name: unknown) => {
    if (trusted(event)) connections.get(event.sender.id)?.unsubscribe(name);
  };
  const onReset = (event: IpcEventLike) => {
    if (trusted(event)) dropSender(event.sender.id);
  };

  ipcMain.handle(IPC_INVOKE, (event, channel, args) => {
    if (!trusted(event)) {
      return err('FORBIDDEN', `refused a call from ${event.senderFrame?.url ?? 'an unknown frame'}`);
    }
    return connectionOf(event.sender).invoke(channel, args);
  });
  ipcMain.on(IPC_SUBSCRIBE, onSubscribe);
  ipcMain.on(IPC_UNSUBSCRIBE, onUnsubscribe);
  ipcMain.on(IPC_RESET, onReset);

  return {
    dropSender,
    connectionCount: () => connections.size,
    dispose() {
      ipcMain.removeHandler(IPC_INVOKE);
      ipcMain.removeListener(IPC_SUBSCRIBE, onSubscribe);
      ipcMain.removeListener(IPC_UNSUBSCRIBE, onUnsubscribe);
      ipcMain.removeListener(IPC_RESET, onReset);
      for (const id of [...connections.keys()]) dropSender(id);
    },
  };
}

// An in-memory TextSocket pair for contract tests and embedding: what one side sends, the other
// receives on a later microtask, as text (so values go through the same JSON encoding as a WebSocket).
import type { TextSocket } from './wire';

export function createMemorySocketPair(): [TextSocket, TextSocket] {
  const a = createEnd();
  const b = createEnd();
  a.peer = b;
  b.peer = a;
  return [a.socket, b.socket];
}

interface End {
  socket: TextSocket;
  peer?: End;
  deliver(text: string): void;
  shut(code: number, reason: string): void;
}

function createEnd(): End {
  const messageListeners = new Set<(text: string) => void>();
  const closeListeners = new Set<(info: { code: number; reason: string }) => void>();
  let open = true;
  const end: End = {
    deliver(text) {
      if (open) for (const l of [...messageListeners]) l(text);
    },
    shut(code, reason) {
      if (!open) return;
      open = false;
      for (const l of [...closeListeners]) l({ code, reason });
      messageListeners.clear();
      closeListeners.clear();
    },
    socket: {
      send(text) {
        if (!open) throw new Error('socket is closed');
        const peer = end.peer;
        void Promise.resolve().then(() => peer?.deliver(text));
      },
      onMessage(listener) {
        messageListeners.add(listener);
        return () => messageListeners.delete(listener);
      },
      onClose(listener) {
        closeListeners.add(listener);
        return () => closeListeners.delete(listener);
      },
      close(code = 1000, reason = '') {
        const peer = end.peer;
        end.shut(code, reason);
        void Promise.resolve().then(() => peer?.shut(code, reason));
      },
    },
  };
  return end;
}

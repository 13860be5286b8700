// The worker side of the pool protocol (worker-pool.ts): call `serveTasks(handler)` at the top of a
// worker script; each request runs the handler and posts back its value or the error message.
import { parentPort } from 'node:worker_threads';

export interface TaskRequest<T> {
  id: number;
  task: T;
}

export type TaskReply<T> = { id: number; ok: true; value: T } | { id: number; ok: false; message: string };

export function serveTasks<TIn, TOut>(handler: (task: TIn) => TOut | Promise<TOut>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run inside a worker thread');
  port.on('message', async (request: TaskRequest<TIn>) => {
    let reply: TaskReply<TOut>;
    try {
      reply = { id: request.id, ok: true, value: await handler(request.task) };
    } catch (e) {
      reply = { id: request.id, ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
}

// The worker pool with real worker threads (the fixture runs through tsx): results as values,
// queueing, crash recovery, cancellation, closing.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerPool, type WorkerPool } from '../../../electron/services/workers/worker-pool';

type Task =
  | { op: 'add'; a: number; b: number }
  | { op: 'fail' }
  | { op: 'crash' }
  | { op: 'hang' }
  | { op: 'sum'; data: Float64Array };

const script = fileURLToPath(new URL('./fixtures/arith.worker-fixture.ts', import.meta.url));
const pools: Array<WorkerPool<Task, number>> = [];
const makePool = (size: number) => {
  const pool = createWorkerPool<Task, number>({ script, size, execArgv: ['--import', 'tsx'] });
  pools.push(pool);
  return pool;
};

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('createWorkerPool', () => {
  it('runs tasks on at most `size` workers and answers each', async () => {
    const pool = makePool(2);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => pool.run({ op: 'add', a: i, b: 100 })),
    );
    expect(results).toEqual(Array.from({ length: 8 }, (_, i) => ({ ok: true, value: i + 100 })));
    expect(pool.workerCount()).toBeLessThanOrEqual(2);
    expect(pool.queuedCount()).toBe(0);
  });

  it('transfers buffers', async () => {
    const pool = makePool(1);
    const data = new Float64Array([1, 2, 3.5]);
    const r = await pool.run({ op: 'sum', data }, { transfer: [data.buffer] });
    expect(r).toEqual({ ok: true, value: 6.5 });
    expect(data.byteLength).toBe(0); // moved, not copied
  });

  it('returns a task error as a value and keeps the worker', async () => {
    const pool = makePool(1);
    expect(await pool.run({ op: 'fail' })).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'task failed on purpose' },
    });
    expect(await pool.run({ op: 'add', a: 1, b: 1 })).toEqual({ ok: true, value: 2 });
  });

  it('fails only the task whose worker crashed, then replaces the worker', async () => {
    const pool = makePool(1);
    const crashed = pool.run({ op: 'crash' });
    const next = pool.run({ op: 'add', a: 2, b: 3 });
    const r = await crashed;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('exit code 3');
    expect(await next).toEqual({ ok: true, value: 5 });
  });

  it('cancels queued and running tasks', async () => {
    const pool = makePool(1);
    const running = new AbortController();
    const queued = new AbortController();
    const hang = pool.run({ op: 'hang' }, { signal: running.signal });
    const waiting = pool.run({ op: 'add', a: 1, b: 2 }, { signal: queued.signal });
    queued.abort();
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    running.abort();
    expect(await hang).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await pool.run({ op: 'add', a: 4, b: 4 })).toEqual({ ok: true, value: 8 });
    const pre = new AbortController();
    pre.abort();
    expect(await pool.run({ op: 'add', a: 1, b: 1 }, { signal: pre.signal })).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED' },
    });
  });

  it('close cancels what is left and refuses new work', async () => {
    const pool = makePool(1);
    const hang = pool.run({ op: 'hang' });
    const queued = pool.run({ op: 'add', a: 1, b: 1 });
    await new Promise((r) => setTimeout(r, 50));
    await pool.close();
    expect(await hang).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await queued).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await pool.run({ op: 'add', a: 1, b: 1 })).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED' },
    });
    expect(pool.workerCount()).toBe(0);
  });
});

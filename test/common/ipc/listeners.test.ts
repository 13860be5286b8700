// The client-side listener registry: one wire subscription per event however many listeners.
import { describe, expect, it } from 'vitest';
import { createListenerRegistry } from '../../../electron/common/ipc/listeners';

describe('createListenerRegistry', () => {
  it('subscribes on the first listener and unsubscribes after the last', () => {
    const wire: string[] = [];
    const reg = createListenerRegistry({ first: (e) => wire.push(`+${e}`), last: (e) => wire.push(`-${e}`) });
    const got: unknown[] = [];
    const offA = reg.add('status', (p) => got.push(['a', p]));
    const offB = reg.add('status', (p) => got.push(['b', p]));
    reg.emit('status', 1);
    offA();
    offA(); // removing twice changes nothing
    reg.emit('status', 2);
    offB();
    reg.emit('status', 3);
    expect(wire).toEqual(['+status', '-status']);
    expect(got).toEqual([
      ['a', 1],
      ['b', 1],
      ['b', 2],
    ]);
    expect(reg.count()).toBe(0);
    expect(reg.events()).toEqual([]);
  });

  it('keeps the same function added twice as two listeners', () => {
    const reg = createListenerRegistry({ first: () => {}, last: () => {} });
    let n = 0;
    const fn = () => n++;
    const off1 = reg.add('x', fn);
    const off2 = reg.add('x', fn);
    reg.emit('x', null);
    expect(n).toBe(2);
    off1();
    reg.emit('x', null);
    expect(n).toBe(3);
    off2();
    expect(reg.count('x')).toBe(0);
  });
});

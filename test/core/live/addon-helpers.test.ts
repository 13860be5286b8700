// The small portable helpers around the addon: kernel filter limits (push-down.ts, mirrored from
// native/src/win/providers.cc), session naming and presets, and NativeError → AppError.
import { describe, expect, it } from 'vitest';
import { isNativeError, nativeErrorToAppError } from '../../../electron/core/live/native-error';
import { FILTER_LIMITS, pushDownProblems } from '../../../electron/core/live/push-down';
import { isOurSession, ourSessionName, sessionPreset } from '../../../electron/core/live/session-presets';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('pushDownProblems', () => {
  it('accepts filters at the documented limits', () => {
    const problems = pushDownProblems({
      eventIds: range(64),
      stackEventIds: range(64),
      exeNames: ['a'.repeat(511)], // (511 + 1) * 2 = 1024 bytes
      tlEventNames: ['n'.repeat(4096 - 20 - 1)],
    });
    expect(problems).toEqual([]);
  });

  it('refuses one past each limit, with the numbers the addon reports', () => {
    const problems = pushDownProblems({
      eventIds: range(65),
      stackEventIds: range(65),
      pids: range(9),
      exeNames: ['a'.repeat(256), 'b'.repeat(256)], // 513 chars + NUL = 1028 bytes
      tlEventNames: ['n'.repeat(4096 - 20)],
    });
    const limits = problems.filter((p) => p.kind === 'limit');
    expect(limits.map((p) => [p.filter, p.limit, p.given])).toEqual([
      ['eventIds', FILTER_LIMITS.eventIds, 65],
      ['stackEventIds', 64, 65],
      ['pids', 8, 9],
      ['exeNames', 1024, 1028],
      ['tlEventNames', 4096, 4097],
    ]);
  });

  it('warns that event IDs are ignored for TraceLogging and PIDs only match running processes', () => {
    const problems = pushDownProblems({ eventIds: [1], pids: [4] }, { traceLogging: true });
    expect(problems.map((p) => [p.filter, p.kind])).toEqual([
      ['eventIds', 'ignored'],
      ['pids', 'partial'],
    ]);
  });
});

describe('session names and presets', () => {
  it('prefixes our sessions and recognises them', () => {
    expect(ourSessionName('Live')).toBe('ETWExplorer-Live');
    expect(isOurSession('ETWExplorer-Kernel')).toBe(true);
    expect(isOurSession('NT Kernel Logger')).toBe(false);
    expect(() => ourSessionName('bad name')).toThrow();
  });

  it('sizes buffers per preset within the addon bounds (min <= max, bufferKB <= 1024)', () => {
    expect(sessionPreset('light', 8)).toEqual({
      bufferKB: 64,
      minBuffers: 16,
      maxBuffers: 64,
      flushTimerMs: 1000,
    });
    expect(sessionPreset('heavy', 8)).toEqual({
      bufferKB: 256,
      minBuffers: 64,
      maxBuffers: 256,
      flushTimerMs: 1000,
    });
    for (const cpus of [1, 4, 64, 256, 2000]) {
      for (const preset of ['light', 'heavy'] as const) {
        const p = sessionPreset(preset, cpus);
        expect(p.minBuffers).toBeLessThanOrEqual(p.maxBuffers);
        expect(p.maxBuffers).toBeLessThanOrEqual(16384);
      }
    }
  });
});

describe('native errors', () => {
  const nativeError = (code: string, win32: number, context: string) =>
    Object.assign(new Error(`${context}: failed`), { code, win32, context });

  it('recognises addon errors and nothing else', () => {
    expect(isNativeError(nativeError('ACCESS_DENIED', 5, 'StartTraceW'))).toBe(true);
    expect(isNativeError(nativeError('ENOENT', 0, 'x'))).toBe(false);
    expect(isNativeError({ code: 'ACCESS_DENIED', win32: 5 })).toBe(false);
  });

  it('maps to AppError keeping the Win32 status and the native code + context', () => {
    expect(nativeErrorToAppError(nativeError('ACCESS_DENIED', 5, "StartTraceW 'ETWExplorer-Live'"))).toEqual({
      code: 'ACCESS_DENIED',
      message: "StartTraceW 'ETWExplorer-Live': failed",
      win32: 5,
      detail: "ACCESS_DENIED: StartTraceW 'ETWExplorer-Live'",
    });
    expect(
      nativeErrorToAppError(nativeError('CANNOT_PUSH_DOWN', 0, 'filter=pids limit=8 given=9')).code,
    ).toBe('BAD_REQUEST');
    expect(nativeErrorToAppError(nativeError('UNSUPPORTED_PLATFORM', 0, 'listSessions')).code).toBe(
      'UNSUPPORTED_PLATFORM',
    );
    expect(nativeErrorToAppError(new Error('boom'))).toMatchObject({ code: 'INTERNAL', message: 'boom' });
  });
});

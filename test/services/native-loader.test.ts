// The native addon loader: a plain verdict on every platform, never a throw.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { err } from '../../electron/common/result';
import type { EtwAddon } from '../../electron/core/live/addon';
import {
  addonCandidates,
  loadNativeAddon,
  NATIVE_ADDON_ENV,
  NATIVE_ADDON_FILE,
} from '../../electron/services/native/load-addon';

describe('loadNativeAddon', () => {
  it('off Windows: UNSUPPORTED_PLATFORM without touching the disk', () => {
    const r = loadNativeAddon({
      platform: 'linux',
      candidates: ['/x/etwx_native.node'],
      exists: () => {
        throw new Error('must not look');
      },
    });
    expect(r.status).toEqual({
      available: false,
      code: 'UNSUPPORTED_PLATFORM',
      reason: 'live ETW needs Windows (this is linux)',
    });
    expect(r.addon).toBeUndefined();
  });

  it('on Windows without the addon: IO_ERROR naming the paths tried', () => {
    const r = loadNativeAddon({
      platform: 'win32',
      candidates: ['C:\\a\\etwx_native.node'],
      exists: () => false,
    });
    expect(r.status.available).toBe(false);
    expect(r.status.code).toBe('IO_ERROR');
    expect(r.status.reason).toContain('C:\\a\\etwx_native.node');
  });

  it('on Windows: the first candidate that loads wins; load failures are reported', () => {
    const addon = { version: () => ({ supported: true }) } as unknown as EtwAddon;
    const ok = loadNativeAddon({
      platform: 'win32',
      candidates: ['A', 'B'],
      exists: () => true,
      load: (p) => (p === 'A' ? err('INTERNAL', 'bad image') : { ok: true, value: addon }),
    });
    expect(ok).toEqual({ status: { available: true }, addon, path: 'B' });
    const bad = loadNativeAddon({
      platform: 'win32',
      candidates: ['A'],
      exists: () => true,
      load: () => err('INTERNAL', 'cannot load the ETW addon: The specified module could not be found.'),
    });
    expect(bad.status).toMatchObject({ available: false, code: 'IO_ERROR' });
    expect(bad.status.reason).toContain('could not be found');
  });

  it('on Windows with the real loader: a file that is not an addon is reported, not thrown', () => {
    const r = loadNativeAddon({ platform: 'win32', candidates: [fileURLToPath(import.meta.url)] });
    expect(r.status).toMatchObject({ available: false, code: 'IO_ERROR' });
    expect(r.status.reason).toContain('failed to load');
  });

  it('lists the environment override first', () => {
    expect(addonCandidates(['/r/native'], { [NATIVE_ADDON_ENV]: '/custom/x.node' })).toEqual([
      '/custom/x.node',
      `/r/native/${NATIVE_ADDON_FILE}`,
    ]);
    expect(addonCandidates(['/r/native'], {})).toEqual([`/r/native/${NATIVE_ADDON_FILE}`]);
  });
});

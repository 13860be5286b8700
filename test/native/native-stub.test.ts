// The non-Windows build of native/: node-gyp builds binding.gyp's stub branch on this host
// (scripts/native/build-stub.sh); loaded through loadEtwAddon it must export the same names as the
// Windows shim and answer UNSUPPORTED_PLATFORM everywhere but version(). Skipped, with a message, only
// when make/python3/g++ are missing and CI is not 'true'.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADDON_FUNCTION_NAMES, type EtwAddon } from '../../electron/core/live/addon';
import { loadEtwAddon } from '../../electron/core/live/addon-loader.node';
import { isNativeError, nativeErrorToAppError } from '../../electron/core/live/native-error';

const ROOT = path.resolve(__dirname, '../..');
const STUB = path.join(ROOT, 'native/build/Release/etwx_native.node');
const missing = ['make', 'python3', 'g++'].filter(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0,
);
const skip = process.platform === 'win32' || (missing.length > 0 && process.env.CI !== 'true');
if (skip && process.platform !== 'win32') {
  console.warn(
    `test/native/native-stub: SKIPPED: ${missing.join(', ')} not installed (with CI=true this fails)`,
  );
}

describe.skipIf(skip)('native addon: stub build (non-Windows)', () => {
  let build = { status: null as number | null, output: 'not run' };
  let addon: EtwAddon | undefined;

  beforeAll(() => {
    const r = spawnSync('bash', [path.join(ROOT, 'scripts/native/build-stub.sh')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 300_000,
    });
    build = { status: r.status, output: `${r.stdout}\n${r.stderr}` };
    const loaded = loadEtwAddon(STUB);
    if (loaded.ok) addon = loaded.value;
  }, 300_000);

  it('builds with node-gyp from binding.gyp', () => {
    expect(build.status, build.output).toBe(0);
    expect(addon).toBeDefined();
  });

  it('exports every EtwAddon function and Consumer', () => {
    expect(Object.keys(addon ?? {}).sort()).toEqual([...ADDON_FUNCTION_NAMES, 'Consumer'].sort());
  });

  it('version() says unsupported; every other call throws UNSUPPORTED_PLATFORM', () => {
    expect(addon?.version()).toMatchObject({
      supported: false,
      code: 'UNSUPPORTED_PLATFORM',
      reason: 'live ETW needs Windows',
    });
    for (const name of ADDON_FUNCTION_NAMES.filter((n) => n !== 'version')) {
      const call = (addon as unknown as Record<string, () => unknown>)[name]!;
      let thrown: unknown;
      try {
        call();
      } catch (e) {
        thrown = e;
      }
      expect(isNativeError(thrown), name).toBe(true);
      expect(thrown).toMatchObject({ code: 'UNSUPPORTED_PLATFORM', win32: 0, context: name });
      expect(nativeErrorToAppError(thrown).code).toBe('UNSUPPORTED_PLATFORM');
    }
    expect(() => new addon!.Consumer({ session: 'ETWExplorer-Live', onBatch: () => {} })).toThrow(
      /live ETW needs Windows/,
    );
  });

  it('loadEtwAddon reports a missing build as NOT_FOUND', () => {
    const r = loadEtwAddon(path.join(ROOT, 'native/build/nope/etwx_native.node'));
    expect(r.ok ? 'ok' : r.error.code).toBe('NOT_FOUND');
  });
});

describe('native/binding.gyp', () => {
  it('compiles every Windows source but the mingw-only delay-load hook', () => {
    const gypText = readFileSync(path.join(ROOT, 'native/binding.gyp'), 'utf8')
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n');
    const gyp = JSON.parse(gypText) as { targets: { conditions: [string, { sources: string[] }][] }[] };
    const windows = gyp.targets[0]!.conditions.find(([condition]) => condition === "OS=='win'")![1];
    const onDisk = readdirSync(path.join(ROOT, 'native/src/win'))
      .filter((f) => f.endsWith('.cc') && f !== 'delay_load_hook.cc')
      .map((f) => `src/win/${f}`)
      .sort();
    expect([...windows.sources].sort()).toEqual(onDisk);
  });
});

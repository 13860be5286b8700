// Finds and loads the native ETW addon (Windows only) and says plainly why live ETW is unavailable
// when it cannot be used: another OS (UNSUPPORTED_PLATFORM), addon missing or failing to load
// (IO_ERROR, with the paths tried and the loader's reason). Never throws. The desktop app
// (electron/main/native-loader.ts) and web mode pass their own candidate paths; loading and
// checking one file is core/live's loadEtwAddon, the addon's API is core/live/addon.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LiveEtwStatus } from '../../common/ipc/messages';
import type { Result } from '../../common/result';
import type { EtwAddon } from '../../core/live/addon';
import { loadEtwAddon } from '../../core/live/addon-loader.node';

/** File name of the built addon (native/build/Release/<this> from node-gyp; resources/native/ when packaged). */
export const NATIVE_ADDON_FILE = 'etwx_native.node';
/** Environment variable naming an addon file to try first. */
export const NATIVE_ADDON_ENV = 'ETW_NATIVE_ADDON';

export interface NativeLoadOptions {
  platform: string;
  /** Absolute paths to try, in order. */
  candidates: string[];
  exists?: (path: string) => boolean;
  load?: (path: string) => Result<EtwAddon>;
}

export interface NativeLoadResult {
  status: LiveEtwStatus;
  /** The addon, when it loaded. */
  addon?: EtwAddon;
  /** The file it was loaded from. */
  path?: string;
}

export function loadNativeAddon(options: NativeLoadOptions): NativeLoadResult {
  if (options.platform !== 'win32') {
    return {
      status: {
        available: false,
        code: 'UNSUPPORTED_PLATFORM',
        reason: `live ETW needs Windows (this is ${options.platform})`,
      },
    };
  }
  const exists = options.exists ?? existsSync;
  const load = options.load ?? loadEtwAddon;
  const present = options.candidates.filter((p) => exists(p));
  if (present.length === 0) {
    return {
      status: {
        available: false,
        code: 'IO_ERROR',
        reason: `the native ETW addon was not found (looked for ${options.candidates.join(', ') || NATIVE_ADDON_FILE})`,
      },
    };
  }
  const failures: string[] = [];
  for (const path of present) {
    const loaded = load(path);
    if (loaded.ok) return { status: { available: true }, addon: loaded.value, path };
    failures.push(`${path}: ${loaded.error.message}`);
  }
  return {
    status: {
      available: false,
      code: 'IO_ERROR',
      reason: `the native ETW addon failed to load (${failures.join('; ')})`,
    },
  };
}

/** Candidate list: the environment override first, then the given folders joined with NATIVE_ADDON_FILE. */
export function addonCandidates(
  folders: string[],
  env: Record<string, string | undefined> = process.env,
): string[] {
  const fromEnv = env[NATIVE_ADDON_ENV];
  return [...(fromEnv ? [fromEnv] : []), ...folders.map((f) => join(f, NATIVE_ADDON_FILE))];
}

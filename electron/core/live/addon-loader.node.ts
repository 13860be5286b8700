// Loads the native addon (.node file) and checks it has every export EtwAddon names before handing it
// out typed. Node-only adapter: process.dlopen works the same from ESM, a CJS bundle and Electron. The
// Electron main process and the CLI call it with the path of native/build/.../etwx_native.node (the
// stub on non-Windows hosts).

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { err, ok, type Result } from '../../common/result';
import { ADDON_FUNCTION_NAMES, type EtwAddon } from './addon';

export function loadEtwAddon(path: string): Result<EtwAddon> {
  const file = resolve(path);
  if (!existsSync(file))
    return err('NOT_FOUND', `the ETW addon is not built: ${file} does not exist`, { detail: file });
  let loaded: unknown;
  try {
    const module = { exports: {} as unknown };
    process.dlopen(module, file);
    loaded = module.exports;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return err('INTERNAL', `cannot load the ETW addon: ${message}`, { detail: file });
  }
  if (typeof loaded !== 'object' || loaded === null)
    return err('INTERNAL', 'the ETW addon exported nothing', { detail: file });
  const exports = loaded as Record<string, unknown>;
  const missing = [...ADDON_FUNCTION_NAMES, 'Consumer'].filter((name) => typeof exports[name] !== 'function');
  if (missing.length) {
    return err('INTERNAL', `the ETW addon lacks ${missing.join(', ')} (stale build?)`, { detail: file });
  }
  return ok(loaded as EtwAddon);
}

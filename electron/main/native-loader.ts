// The desktop app's view of the native ETW addon: where to look for it (resources/native when
// packaged, native/build/Release in a checkout) and the loader's verdict. Off Windows this reports
// UNSUPPORTED_PLATFORM ("live ETW needs Windows") instead of failing; everything else still works.
import { join } from 'node:path';
import { addonCandidates, loadNativeAddon, type NativeLoadResult } from '../services/native/load-addon';

export interface AppPaths {
  isPackaged: boolean;
  appPath: string;
  resourcesPath: string;
}

export function nativeAddonFolders(paths: AppPaths): string[] {
  return paths.isPackaged
    ? [join(paths.resourcesPath, 'native')]
    : [join(paths.appPath, 'native', 'build', 'Release')];
}

export function loadNativeEtw(paths: AppPaths, platform: string = process.platform): NativeLoadResult {
  return loadNativeAddon({ platform, candidates: addonCandidates(nativeAddonFolders(paths)) });
}

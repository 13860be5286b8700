// Where the desktop app looks for the addon, its verdict off Windows, and command-line files.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filePathsFromArgv } from '../../electron/main/argv';
import { loadNativeEtw, nativeAddonFolders } from '../../electron/main/native-loader';

const paths = { isPackaged: false, appPath: '/app', resourcesPath: '/app/resources' };

describe('native loader (desktop)', () => {
  it('looks in native/build/Release in a checkout and resources/native when packaged', () => {
    expect(nativeAddonFolders(paths)).toEqual([join('/app', 'native', 'build', 'Release')]);
    expect(nativeAddonFolders({ ...paths, isPackaged: true })).toEqual([join('/app/resources', 'native')]);
  });

  it('reports "live ETW needs Windows" off Windows instead of failing', () => {
    const r = loadNativeEtw(paths, 'darwin');
    expect(r.status).toEqual({
      available: false,
      code: 'UNSUPPORTED_PLATFORM',
      reason: 'live ETW needs Windows (this is darwin)',
    });
  });
});

describe('filePathsFromArgv', () => {
  const isFile = (p: string) => p.endsWith('.etl') || p.endsWith('.man');
  it('skips the executable, the app folder in development, switches and non-files', () => {
    expect(
      filePathsFromArgv(['electron', '.', '--inspect', '/t/a.etl', '/t/nothing'], {
        isPackaged: false,
        isFile,
      }),
    ).toEqual(['/t/a.etl']);
    expect(
      filePathsFromArgv(['ETW Explorer.exe', 'C:\\t\\b.man', '--flag'], { isPackaged: true, isFile }),
    ).toEqual(['C:\\t\\b.man']);
  });
});

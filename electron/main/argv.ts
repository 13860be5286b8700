// Files the OS hands the app on its command line (double-click in Explorer, "Open with", a second
// instance started with a path): every argument after the executable (and after the app folder when
// run as `electron .`) that is not a switch and names an existing file.
import { existsSync, statSync } from 'node:fs';

export function filePathsFromArgv(
  argv: readonly string[],
  options: { isPackaged: boolean; isFile?: (path: string) => boolean },
): string[] {
  const isFile = options.isFile ?? ((p: string) => existsSync(p) && statSync(p).isFile());
  const args = argv.slice(options.isPackaged ? 1 : 2);
  return args.filter((a) => a !== '' && !a.startsWith('-') && isFile(a));
}

// `npm run serve` / `node dist/server/serve.mjs`: ETW Explorer in a browser. Builds the same
// services as the desktop app (web flavour: no native dialogs, session control only when allowed,
// alert rules kept in the --rules file when given), starts the web server and prints the link with
// its per-run token. Ctrl+C stops it.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserDialogService } from '../services/dialog-service';
import { createAppDispatcher } from '../services/app-services';
import { addonCandidates, loadNativeAddon } from '../services/native/load-addon';
import { parseServeArgs, SERVE_USAGE } from './options';
import { loadRuleFile } from './rules-file';
import { startWebServer } from './web-server';

declare const __APP_VERSION__: string | undefined;
const VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';

const here = dirname(fileURLToPath(import.meta.url));
/** dist/server/serve.mjs → the package root is two levels up; electron/server/serve.ts too. */
const packageRoot = resolve(here, '..', '..');

/** A worker bundle built with the server (dist/workers/NAME.cjs), or null when it is missing. */
function bundledWorker(name: string): { script: string } | null {
  const script = join(packageRoot, 'dist', 'workers', `${name}.cjs`);
  return existsSync(script) ? { script } : null;
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseServeArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`serve: ${parsed.error.message}\n\n${SERVE_USAGE}\n`);
    return 2;
  }
  const options = parsed.value;
  if (options.help) {
    process.stdout.write(`${SERVE_USAGE}\n`);
    return 0;
  }
  const staticDir = resolve(options.staticDir ?? join(packageRoot, 'dist', 'renderer'));
  if (!existsSync(join(staticDir, 'index.html'))) {
    process.stderr.write(`serve: no built renderer in ${staticDir} (run npm run build first)\n`);
    return 1;
  }

  // The rule file is checked before anything starts: a bad one is named, with each problem's place.
  const rules = options.rules === undefined ? undefined : await loadRuleFile(resolve(options.rules));
  if (rules && !rules.ok) {
    process.stderr.write(`serve: ${rules.error.message}\n`);
    return 1;
  }

  const native = loadNativeAddon({
    platform: process.platform,
    candidates: addonCandidates([join(packageRoot, 'native', 'build', 'Release')]),
  });
  const { dispatcher, services } = createAppDispatcher({
    identity: {
      name: 'ETW Explorer',
      version: VERSION,
      mode: 'web',
      platform: process.platform,
      arch: process.arch,
      liveEtw: native.status,
    },
    addon: native.addon,
    dialog: browserDialogService,
    engineWorker: bundledWorker('capture-engine.worker'),
    exportWorker: bundledWorker('export.worker'),
    catalogWorker: bundledWorker('catalog.worker'),
    rulesPath: rules?.value.path,
    onHandlerError: (channel, e) =>
      process.stderr.write(
        `serve: '${channel}' failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      ),
  });

  const started = await startWebServer({ ...options, staticDir, dispatcher, downloads: services.exports });
  if (!started.ok) {
    process.stderr.write(`serve: ${started.error.message}\n`);
    return 1;
  }
  const server = started.value;
  const live = native.status.available ? 'available' : (native.status.reason ?? 'unavailable');
  process.stdout.write(
    [
      `ETW Explorer ${VERSION}: web mode`,
      `  open: ${server.url}`,
      `  live ETW: ${live}`,
      `  session control: ${options.allowSessionControl ? 'allowed' : 'refused (start with --allow-session-control to allow)'}`,
      rules
        ? `  alert rules: ${rules.value.path} (${rules.value.activeRuleIds.length} rules in force; ` +
          (rules.value.readOnly
            ? `edits will not be saved: ${rules.value.readOnly})`
            : 'edits in the Processes view are saved there)')
        : '',
      options.allowRemote
        ? `  WARNING: bound to ${options.host}; anyone with the link can read files on this machine`
        : '',
      '  Ctrl+C to stop',
      '',
    ]
      .filter((line) => line !== '')
      .join('\n') + '\n',
  );

  // Queued at once (the catalog answers listings after them), reported as each finishes.
  const manifestLoads = options.manifests.map((path) => ({
    path,
    loaded: services.catalog.openManifest(path),
  }));
  for (const { path, loaded } of manifestLoads) {
    const r = await loaded;
    if (!r.ok) {
      process.stderr.write(`serve: cannot load manifests from ${path}: ${r.error.message}\n`);
      continue;
    }
    const { providers, files, errorCount, diagnosticCount } = r.value;
    process.stdout.write(
      `  manifests: ${providers.length} providers from ${path} ` +
        `(${files} files, ${errorCount} errors, ${diagnosticCount - errorCount} warnings)\n`,
    );
  }
  const initial = options.open
    ? { what: options.open, opened: await services.captures.open(options.open) }
    : options.replay
      ? {
          what: options.replay,
          opened: await services.captures.openReplay(options.replay, options.speed ?? 1),
        }
      : options.demo
        ? { what: 'the demo capture', opened: await services.captures.openDemo() }
        : undefined;
  if (initial && !initial.opened.ok)
    process.stderr.write(`serve: cannot open ${initial.what}: ${initial.opened.error.message}\n`);
  else if (initial?.opened.ok)
    process.stdout.write(`  capture: ${initial.what} (${initial.opened.value.captureId})\n`);

  // SIGUSR2 cuts every browser connection as a network drop would, and the pages reconnect: a way to
  // check that they do (test/e2e/shell.e2e.ts uses it). Windows has no such signal.
  const dropConnections = () =>
    process.stdout.write(`  dropped ${server.dropConnections()} browser connection(s) (SIGUSR2)\n`);
  if (process.platform !== 'win32') process.on('SIGUSR2', dropConnections);

  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.off('SIGUSR2', dropConnections);
      services.sessions.dispose();
      void Promise.all([server.close(), services.exports.closeAll(), services.captures.closeAll()]).then(() =>
        done(),
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

process.exitCode = await main(process.argv.slice(2));

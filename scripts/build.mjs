#!/usr/bin/env node
// Builds everything into dist/: esbuild bundles the Electron main process and preload (CommonJS),
// web mode's server and the etwx CLI (ESM), and every `*.worker.ts` under electron/ (CommonJS, one
// file each in dist/workers/); Vite builds the renderer (vite.config.ts → dist/renderer).
// `--watch` rebuilds on change (npm run dev). __APP_VERSION__ is the package.json version.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { build as viteBuild } from 'vite';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const watch = process.argv.includes('--watch');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const started = performance.now();

/** ESM bundles that still contain CommonJS dependencies need `require`; the shebang lives in bin/. */
const esmBanner = [
  "import { createRequire as __etwCreateRequire } from 'node:module';",
  'const require = __etwCreateRequire(import.meta.url);',
].join('\n');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  // ws' optional native speed-ups: loaded only if present, never bundled.
  external: ['bufferutil', 'utf-8-validate'],
};

function findWorkers(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return findWorkers(full);
    return entry.name.endsWith('.worker.ts') ? [full] : [];
  });
}

const workers = findWorkers(join(root, 'electron'));
const targets = [
  // Electron main: everything bundled except electron itself (the packaged app ships no node_modules code it needs).
  {
    ...common,
    entryPoints: ['electron/main/main.ts'],
    outfile: 'dist/main/main.cjs',
    format: 'cjs',
    external: [...common.external, 'electron'],
  },
  // Sandboxed preload: may only require('electron'); everything else is inlined.
  {
    ...common,
    entryPoints: ['electron/preload/preload.ts'],
    outfile: 'dist/preload/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  },
  // Web mode and the CLI run from the checkout (or an npm install): dependencies stay in node_modules.
  {
    ...common,
    entryPoints: ['electron/server/serve.ts'],
    outfile: 'dist/server/serve.mjs',
    format: 'esm',
    packages: 'external',
    banner: { js: esmBanner },
  },
  {
    ...common,
    entryPoints: ['electron/cli/main.ts'],
    outfile: 'dist/cli/etwx.mjs',
    format: 'esm',
    packages: 'external',
    banner: { js: esmBanner },
  },
  ...workers.map((file) => ({
    ...common,
    entryPoints: [relative(root, file)],
    outfile: `dist/workers/${basename(file, '.ts')}.cjs`,
    format: 'cjs',
  })),
];

for (const dir of ['main', 'preload', 'server', 'cli', 'workers'])
  rmSync(join(root, 'dist', dir), { recursive: true, force: true });

async function buildRenderer() {
  await viteBuild({
    configFile: join(root, 'vite.config.ts'),
    logLevel: watch ? 'info' : 'warn',
    build: watch ? { watch: {} } : {},
  });
}

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
  await buildRenderer();
  console.log('build: watching electron/ and renderer/ (Ctrl+C to stop)');
} else {
  try {
    await Promise.all([...targets.map((t) => esbuild.build(t)), buildRenderer()]);
  } catch (e) {
    console.error(`build failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  console.log(
    `build: dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s (${targets.length} bundles + renderer)`,
  );
}

// End-to-end helpers shared by every e2e test: start web mode (the built dist/server/serve.mjs) on
// a free port and read the link it prints, launch Debian's Chromium headless with a fresh profile
// through playwright-core, collect page errors (console errors, uncaught exceptions, CSP
// violations), and name screenshot files under test-results/e2e/. Needs `npm run build` first
// (npm run test:e2e does it).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The shared real-world fixtures (read in place, never copied). */
export const fixturesDir = resolve(repoRoot, '..', 'shared', 'fixtures');
export const resultsDir = join(repoRoot, 'test-results', 'e2e');
export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface WebModeServer {
  /** The printed link, token included. */
  url: string;
  origin: string;
  token: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `node dist/server/serve.mjs --port 0 ...args` (args may name the port) and waits for its link. */
export async function startWebMode(args: string[] = [], timeoutMs = 20_000): Promise<WebModeServer> {
  const entry = join(repoRoot, 'dist', 'server', 'serve.mjs');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  const port = args.some((a) => a === '--port' || a.startsWith('--port=')) ? [] : ['--port', '0'];
  const child = spawn(process.execPath, [entry, ...port, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let errText = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (errText += chunk));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      void stop();
      reject(
        new Error(`web mode printed no link within ${timeoutMs} ms\nstdout: ${out}\nstderr: ${errText}`),
      );
    }, timeoutMs);
    const onData = () => {
      const match = /open: (http:\/\/\S+\?token=[A-Za-z0-9_-]+)/.exec(out);
      if (match?.[1]) {
        cleanup();
        resolveUrl(match[1]);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(
        new Error(
          `web mode exited (code ${code}) before printing its link\nstdout: ${out}\nstderr: ${errText}`,
        ),
      );
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });

  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    child,
    stdout: () => out,
    stderr: () => errText,
    stop,
  };
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions and CSP violations seen so far. */
  problems: string[];
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile (deleted on close). */
export async function launchBrowser(
  options: { colorScheme?: 'light' | 'dark' } = {},
): Promise<BrowserSession> {
  const profile = await mkdtemp(join(tmpdir(), 'etw-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** test-results/e2e/<name>.png (folder created). */
export async function screenshotPath(name: string): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  return join(resultsDir, `${name}.png`);
}

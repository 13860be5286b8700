// The shell end to end: web mode (dist/server/serve.mjs) in headless Chromium. The page renders
// with no console error or CSP violation, every view is reachable by click and by shortcut, the
// dialogs and find bar work, web-mode "Open" asks for a server path and shows the service's error,
// themes follow the OS and the toggle, a bad token is refused for the page and the WebSocket, a
// dropped connection is resumed while a restarted server (new token) is reported as such, and the
// status bar's file name opens "About this capture" (events, CPUs, reading problems).
// Screenshots: test-results/e2e/shell-*.png.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixturesDir,
  launchBrowser,
  screenshotPath,
  startWebMode,
  type BrowserSession,
  type WebModeServer,
} from './harness';

let server: WebModeServer;
let browser: BrowserSession;

beforeAll(async () => {
  server = await startWebMode();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = async (name: string) => browser.page.screenshot({ path: await screenshotPath(`shell-${name}`) });

describe('shell in web mode', () => {
  it('renders the welcome page and the status bar', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByTestId('welcome').waitFor();
    await expect.poll(() => page.getByTestId('status-live').textContent()).toContain('Live ETW unavailable');
    expect(await page.getByTestId('status-bar').textContent()).toContain(`Web · ${new URL(server.url).host}`);
    expect(await page.getByTestId('status-events').textContent()).toBe('0 events');
    expect(await page.getByTestId('status-loss').textContent()).toContain('Lost ETW 0');
    expect(await page.getByTestId('welcome-live').textContent()).toContain('Live ETW needs Windows');
    expect(await page.title()).toBe('ETW Explorer');
    await shot('welcome-light');
  });

  it('navigates to every view from the rail', async () => {
    const { page } = browser;
    for (const view of ['providers', 'events', 'processes', 'sessions']) {
      await page.getByTestId(`nav-${view}`).click();
      await page.getByTestId(`view-${view}`).waitFor();
      expect(await page.getByTestId(`nav-${view}`).getAttribute('aria-current')).toBe('page');
      await shot(`view-${view}`);
    }
    expect(await page.getByTestId('view-sessions').textContent()).toContain('Live ETW needs Windows');
    await page.getByTestId('nav-welcome').click();
    await page.getByTestId('welcome').waitFor();
  });

  it('follows the keyboard shortcuts', async () => {
    const { page } = browser;
    await page.keyboard.press('Control+3');
    await page.getByTestId('view-events').waitFor();
    await page.keyboard.press('Control+2');
    await page.getByTestId('view-providers').waitFor();

    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'filter-input',
    );
    await page.keyboard.type('pid == 4');
    expect(await page.getByTestId('filter-input').inputValue()).toBe('pid == 4');
    await page.keyboard.press('Escape');

    await page.keyboard.press('Space');
    await page.getByTestId('status-paused').waitFor();
    expect(await page.getByTestId('pause-button').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Control+p');
    await page.getByTestId('status-paused').waitFor({ state: 'detached' });

    // Find in the Events view opens the find bar over the rows (providers.e2e.ts checks the
    // Providers view's own search box).
    await page.keyboard.press('Control+3');
    await page.getByTestId('view-events').waitFor();
    await page.keyboard.press('Control+f');
    await page.getByTestId('find-bar').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Find');
    await page.keyboard.press('Escape');
    await page.getByTestId('find-bar').waitFor({ state: 'detached' });

    await page.keyboard.press('F1');
    await page.getByTestId('shortcuts-dialog').waitFor();
    const text = await page.getByTestId('shortcuts-dialog').textContent();
    for (const fragment of [
      'Open a capture',
      'Find in the current view',
      'Focus the filter box',
      'Pause or resume',
    ]) {
      expect(text).toContain(fragment);
    }
    await shot('shortcuts');
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcuts-dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+1');
    await page.getByTestId('welcome').waitFor();
  });

  it('opens by server path in web mode and shows the service error under the field', async () => {
    const { page } = browser;
    await page.getByTestId('welcome-open-capture').click();
    const dialog = page.getByTestId('open-path-dialog');
    await dialog.waitFor();
    await page.locator('#open-path-input').fill('/no/such/dir/trace.etl');
    await page.keyboard.press('Enter');
    await page.getByTestId('open-path-error').waitFor();
    expect(await page.getByTestId('open-path-error').textContent()).toContain('NOT_FOUND');
    await shot('open-path-error');

    // A real capture opens: the dialog closes and the Events view shows it (events.e2e.ts goes on).
    await page.locator('#open-path-input').fill(join(fixturesDir, 'etl', 'airbus', 'AMSITrace.etl'));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('event-grid').waitFor();
    await page.getByTestId('nav-welcome').click();
  });

  it('answers the Ctrl+O shortcut and the Demo button', async () => {
    const { page } = browser;
    await page.keyboard.press('Control+o');
    await page.getByTestId('open-path-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('welcome-demo').click();
    // Until the demo exists the app says so in a notification; once it does, the events view opens.
    await page.locator('.toast, [data-testid="view-events"]').first().waitFor();
  });

  it('follows the OS theme and the manual toggle', async () => {
    const { page } = browser;
    await page.getByTestId('nav-welcome').click();
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    expect(await theme()).toBe('light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(theme).toBe('dark');
    await shot('welcome-dark');
    await page.getByTestId('nav-events').click();
    await shot('view-events-dark');
    await page.getByTestId('theme-toggle').click();
    expect(await theme()).toBe('light');
    await page.reload();
    // The reloaded page may go straight to the Events view (the server still has a capture open).
    await page.getByTestId('content').waitFor();
    await expect.poll(theme).toBe('light'); // the manual choice is remembered
  });

  it('had no console errors, uncaught exceptions or CSP violations', () => {
    expect(browser.problems).toEqual([]);
  });

  it('refuses the page and the WebSocket with a bad token', async () => {
    const page = await browser.context.newPage();
    const bad = await page.goto(`${server.origin}/?token=not-the-token`);
    expect(bad?.status()).toBe(403);
    expect(await page.textContent('body')).toContain('needs the link with its token');
    const missing = await page.goto(`${server.origin}/`);
    expect(missing?.status()).toBe(403);
    const outcome = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://${location.host}/ws?token=not-the-token`);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        }),
    );
    expect(outcome).toBe('refused');
    await page.close();
  });

  it('reconnects when the connection drops, and says so when the server goes away or restarts', async () => {
    const capture = join(fixturesDir, 'etl', 'airbus', 'AMSITrace.etl');
    const second = await startWebMode(['--open', capture]);
    const page = await browser.context.newPage();
    let third: WebModeServer | undefined;
    try {
      await page.goto(second.url);
      await page.getByTestId('event-grid').waitFor();
      const connection = page.getByTestId('status-connection');
      await expect.poll(() => page.getByTestId('status-events').textContent()).not.toBe('0 events');
      const events = await page.getByTestId('status-events').textContent();

      // The socket drops and the server stays (serve's SIGUSR2 cuts every browser connection): the
      // page reconnects, renews its subscriptions and says the capture is still open.
      second.child.kill('SIGUSR2');
      await expect.poll(() => second.stdout()).toContain('dropped 1 browser connection(s)');
      await page.getByTestId('status-resumed').waitFor();
      expect(await page.getByTestId('status-resumed').textContent()).toBe(
        'Reconnected: AMSITrace.etl is still open',
      );
      expect(await connection.textContent()).toContain(`Web · ${new URL(second.url).host}`);
      expect(await page.getByTestId('status-events').textContent()).toBe(events);
      await page.getByTestId('event-grid').waitFor();
      await page.screenshot({ path: await screenshotPath('shell-reconnected') });

      // The server goes away: the page keeps what it shows and says it is reconnecting.
      const port = new URL(second.url).port;
      await second.stop();
      await expect.poll(() => connection.textContent()).toContain('Reconnecting…');
      await page.screenshot({ path: await screenshotPath('shell-reconnecting') });

      // A new server on the same port has a new token: the page says it must be reopened from the new link.
      third = await startWebMode(['--port', port]);
      await page.getByTestId('disconnected').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('disconnected').textContent()).toContain(
        'ETW Explorer was restarted, and this page’s link (with its token) is from the earlier run',
      );
      expect(await page.getByTestId('status-bar').textContent()).toContain('Disconnected');
      await page.screenshot({ path: await screenshotPath('shell-disconnected') });
    } finally {
      await page.close();
      await second.stop();
      await third?.stop();
    }
  });
});

describe('about this capture', () => {
  let opened: WebModeServer;
  let session: BrowserSession;
  afterAll(async () => {
    await session?.close();
    await opened?.stop();
  });

  it('opens from the status bar’s file name and shows what the capture holds', async () => {
    opened = await startWebMode(['--open', join(fixturesDir, 'etl', 'tx', 'KernelNetwork.etl')]);
    session = await launchBrowser();
    const { page } = session;
    await page.goto(opened.url);
    await page.getByTestId('event-grid').waitFor();
    await expect.poll(() => page.getByTestId('status-events').textContent()).toContain('8,924 events');
    await page.getByRole('button', { name: 'About this capture' }).click();
    const dialog = page.getByTestId('capture-info-dialog');
    await dialog.waitFor();
    await expect.poll(() => page.getByTestId('capture-info-events').textContent()).toBe('8,924');
    expect(await page.getByTestId('capture-info-cpus').textContent()).toBe('4');
    const facts = await page.getByTestId('capture-info-facts').textContent();
    expect(facts).toContain('KernelNetwork.etl');
    expect(facts).toContain('8 bytes (64-bit)');
    expect(await page.getByTestId('capture-info-diagnostics').textContent()).toBe(
      'No problems found while reading.',
    );
    await page.screenshot({ path: await screenshotPath('shell-capture-info') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(session.problems).toEqual([]);
  });
});

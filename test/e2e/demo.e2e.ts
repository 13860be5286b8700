// The demo end to end, in headless Chromium through web mode: `serve --demo` opens the built-in
// incident capture at start with every view populated — Events rows, the Processes view with the
// implant (updater.exe) and its summaries (overview, network with its endpoints and traffic chart,
// beaconing), and the built-in alerts firing in the Alerts panel (beaconing, exfiltration, thread
// injection, suspicious PowerShell) — and the start page's Demo button opens the same capture in a
// server started without it. Screenshots: test-results/e2e/demo-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  launchBrowser,
  screenshotPath,
  startWebMode,
  type BrowserSession,
  type WebModeServer,
} from './harness';

/** Events of the demo capture as the Events view counts them (the generator's 11,634 events plus its metadata records). */
const MIN_DEMO_ROWS = 11_634;

const shot = async (page: Page, name: string) =>
  page.screenshot({ path: await screenshotPath(`demo-${name}`) });
const rowCount = async (page: Page) =>
  Number(
    (await page.getByTestId('events-count').textContent())?.match(/^([\d,]+) rows/)?.[1]?.replace(/,/g, '') ??
      'NaN',
  );

async function waitForEvents(page: Page): Promise<void> {
  await page.getByTestId('event-grid').waitFor({ timeout: 120_000 });
  await expect.poll(() => rowCount(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(MIN_DEMO_ROWS);
  await expect.poll(() => page.locator('.ev-row').count()).toBeGreaterThan(10);
  expect(await page.getByTestId('toolbar-source').textContent()).toBe('Demo capture');
}

describe('serve --demo', () => {
  let server: WebModeServer;
  let browser: BrowserSession;
  beforeAll(async () => {
    server = await startWebMode(['--demo']);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the demo capture at start: the Events view shows its rows', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await waitForEvents(page);
    expect(server.stdout()).toMatch(/capture: the demo capture \(c\d+\)/);
    const providers = await page.locator('.ev-row [role=gridcell][aria-colindex="2"]').allTextContents();
    expect(providers.length).toBeGreaterThan(10);
    await shot(page, 'events');
  });

  it('the Processes view shows the implant, updater.exe, with its summaries', async () => {
    const { page } = browser;
    await page.getByTestId('nav-processes').click();
    await page.getByTestId('process-grid').waitFor();
    await expect
      .poll(() => page.getByTestId('analysis-status').textContent(), { timeout: 60_000 })
      .not.toMatch(/Reading|Loading/);
    // The process with the worst alerts comes selected: the implant.
    await expect.poll(() => page.getByTestId('process-details').textContent()).toContain('updater.exe');
    expect(await page.getByTestId('process-grid-row').count()).toBeGreaterThan(5);
    await page.getByTestId('tab-overview').click();
    await page.getByTestId('process-overview').waitFor();
    await shot(page, 'processes');

    await page.getByTestId('tab-network').click();
    await page.getByTestId('endpoint-grid-row').first().waitFor();
    const endpoints = (await page.getByTestId('endpoint-grid-row').allTextContents()).join('\n');
    expect(endpoints).toContain('203.0.113.47'); // the C2 it beacons to
    expect(endpoints).toContain('198.51.100.23'); // where it uploads 100 MiB
    await page.getByTestId('traffic-chart').locator('canvas').waitFor();
    await shot(page, 'network');

    await page.getByTestId('tab-beaconing').click();
    await page.getByTestId('beacon-grid-row').first().waitFor();
    expect(await page.getByTestId('beacon-grid-row').first().textContent()).toContain('203.0.113.47');
    await shot(page, 'beaconing');
  });

  it('the built-in alerts fire in the Alerts panel', async () => {
    const { page } = browser;
    await page.getByTestId('mode-alerts').click();
    await page.getByTestId('alerts-panel').waitFor();
    await expect.poll(() => page.getByTestId('alert-grid-row').count()).toBe(7);
    const alerts = (await page.getByTestId('alert-grid-row').allTextContents()).join('\n');
    for (const title of [
      'Regular connections to one endpoint (beaconing)',
      'Large upload to one endpoint',
      'Thread created in another process',
      'Suspicious PowerShell',
    ])
      expect(alerts).toContain(title);
    expect(alerts).toContain('updater.exe');
    await page.getByTestId('alert-grid-row').filter({ hasText: 'Large upload to one endpoint' }).click();
    await page.getByTestId('alert-detail').waitFor();
    expect(await page.getByTestId('alert-detail').textContent()).toContain('198.51.100.23');
    await shot(page, 'alerts');
    expect(browser.problems).toEqual([]);
  });
});

describe('the start page’s Demo button', () => {
  let server: WebModeServer;
  let browser: BrowserSession;
  beforeAll(async () => {
    server = await startWebMode();
    browser = await launchBrowser({ colorScheme: 'dark' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the demo capture in the Events view', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByTestId('welcome').waitFor();
    await shot(page, 'welcome-dark');
    await page.getByTestId('welcome-demo').click();
    await waitForEvents(page);
    await shot(page, 'opened-dark');
    expect(browser.problems).toEqual([]);
  });
});

// The Sessions view end to end: web mode (no --allow-session-control: replays need none) with the
// Windows 7 manifests, in headless Chromium. Off Windows the live parts say why they are off; a
// replay of the real tx/KernelNetwork.etl started from the view runs through the live batch path: its
// events arrive in the Events view, its figures move every second, it is listed with its counters, and
// Stop ends it; a max-speed replay then delivers every event with nothing lost; a WPR profile (.wprp)
// imported with the file input fills the live form from the profile chosen, with its warnings listed.
// Screenshots: test-results/e2e/sessions-*.png.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  fixturesDir,
  launchBrowser,
  screenshotPath,
  startWebMode,
  type BrowserSession,
  type WebModeServer,
} from './harness';

const capture = join(fixturesDir, 'etl', 'tx', 'KernelNetwork.etl');
const manifests = join(fixturesDir, 'manifests', 'windows7-dump');
const TOTAL = 8924;

let server: WebModeServer;
let browser: BrowserSession;

beforeAll(async () => {
  server = await startWebMode(['--manifests', manifests]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = async (name: string, page: Page = browser.page) =>
  page.screenshot({ path: await screenshotPath(`sessions-${name}`) });
const number = (text: string | null) => Number(text?.replace(/[^\d]/g, '') ?? NaN);
const rowCount = async (page: Page) =>
  Number(
    (await page.getByTestId('events-count').textContent())?.match(/^([\d,]+) rows/)?.[1]?.replace(/,/g, '') ??
      NaN,
  );

async function startReplay(page: Page, speed: '10' | 'max') {
  await page.getByTestId('nav-sessions').click();
  await page.getByTestId('view-sessions').waitFor();
  await page.getByTestId('tab-replay').click();
  await page.getByTestId('replay-path').fill(capture);
  await page.getByTestId(`replay-speed-${speed}`).click();
  await page.getByTestId('start-replay').click();
  await page.getByTestId('event-grid').waitFor({ timeout: 60_000 });
}

describe('sessions view in web mode', () => {
  it('says why live sessions are off here and offers replays', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByTestId('nav-sessions').click();
    await page.getByTestId('view-sessions').waitFor();
    expect(await page.getByTestId('live-banner').textContent()).toContain('Live ETW needs Windows.');
    expect(await page.getByTestId('no-sessions').textContent()).toContain('Replay a capture');
    expect(await page.getByTestId('live-unavailable').textContent()).toContain('Live ETW needs Windows.');
    expect(await page.getByTestId('start-live').isDisabled()).toBe(true);
    // Kernel-side filter validation against ETW's limits, live.
    await page.getByTestId('provider-search').fill('Kernel-Network');
    await page
      .getByRole('button', { name: /Microsoft-Windows-Kernel-Network/ })
      .first()
      .click();
    await page.getByTestId('draft-provider').waitFor();
    await page.getByTestId('filter-pids').fill('1, 2, 3, 4, 5, 6, 7, 8, 9');
    await expect
      .poll(() => page.getByTestId('push-down-note').allTextContents())
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/pids cannot be pushed down: ETW filters at most 8 process IDs/),
        ]),
      );
    await page.getByTestId('filter-event-ids').fill('10, x');
    expect(await page.getByTestId('filter-error').textContent()).toContain("'x' is not a number");
    await shot('new-live');
    await page.getByTestId('filter-event-ids').fill('');
    await page.getByTestId('filter-pids').fill('');
  });

  it('replays a capture at 10×: events arrive, figures move, Stop ends it', async () => {
    const { page } = browser;
    await startReplay(page, '10');
    await expect.poll(() => rowCount(page), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot('events');

    await page.getByTestId('nav-sessions').click();
    const card = page.getByTestId('figures-ETWExplorer-Replay-1');
    await card.waitFor({ timeout: 10_000 });
    const first = number(await card.getByTestId('events-total').textContent());
    await expect
      .poll(async () => number(await card.getByTestId('events-total').textContent()), { timeout: 20_000 })
      .toBeGreaterThan(first);
    await expect
      .poll(async () => number(await card.getByTestId('events-per-second').textContent()), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    const row = page.getByTestId('session-row-ETWExplorer-Replay-1');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/ours.*replay 10×/);
    await shot('running');

    await page.getByTestId('stop-ETWExplorer-Replay-1').click();
    await expect.poll(() => card.locator('.ses-state').textContent(), { timeout: 10_000 }).toBe('Ended');
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('ended');
    const stoppedAt = number(await card.getByTestId('events-total').textContent());
    expect(stoppedAt).toBeLessThan(TOTAL);
    await shot('stopped');
  });

  it('a max-speed replay delivers every event with nothing lost', async () => {
    const { page } = browser;
    await startReplay(page, 'max');
    await expect.poll(() => rowCount(page), { timeout: 60_000 }).toBe(TOTAL);
    await page.getByTestId('nav-sessions').click();
    const card = page.getByTestId('figures-ETWExplorer-Replay-2');
    await card.waitFor({ timeout: 10_000 });
    await expect.poll(() => card.locator('.ses-state').textContent(), { timeout: 20_000 }).toBe('Ended');
    expect(number(await card.getByTestId('events-total').textContent())).toBe(TOTAL);
    expect(await card.locator('.ses-loss-bad').count()).toBe(0);
    await shot('ended');
    expect(browser.problems).toEqual([]);
  });

  it('imports a WPR profile (.wprp): the chosen profile fills the form and its warnings are listed', async () => {
    const { page } = browser;
    await page.getByTestId('nav-sessions').click();
    await page.getByTestId('view-sessions').waitFor();
    await page.getByRole('tab', { name: 'New live session' }).click();
    const wprp = `<?xml version="1.0" encoding="utf-8"?>
<WindowsPerformanceRecorder Version="1.0">
  <Profiles>
    <SystemCollector Id="SC" Name="NT Kernel Logger"><BufferSize Value="1024"/><Buffers Value="64"/></SystemCollector>
    <EventCollector Id="EC" Name="Network"><BufferSize Value="256"/><Buffers Value="32"/></EventCollector>
    <SystemProvider Id="SP">
      <Keywords><Keyword Value="ProcessThread"/><Keyword Value="NetworkTrace"/><Keyword Value="ReadyThread"/></Keywords>
    </SystemProvider>
    <EventProvider Id="KN" Name="Microsoft-Windows-Kernel-Network" Level="4">
      <Keywords><Keyword Value="0x10"/></Keywords>
      <EventFilters FilterIn="true"><EventId Value="10"/><EventId Value="11"/></EventFilters>
    </EventProvider>
    <Profile Id="Kernel.Light.Memory" Name="Kernel" DetailLevel="Light" LoggingMode="Memory">
      <Collectors><SystemCollectorId Value="SC"><SystemProviderId Value="SP"/></SystemCollectorId></Collectors>
    </Profile>
    <Profile Id="Network.Verbose.Memory" Name="Network" Base="Kernel.Light.Memory" DetailLevel="Verbose" LoggingMode="Memory">
      <Collectors><EventCollectorId Value="EC"><EventProviders><EventProviderId Value="KN"/></EventProviders></EventCollectorId></Collectors>
    </Profile>
  </Profiles>
</WindowsPerformanceRecorder>`;
    await page
      .getByTestId('wprp-input')
      .setInputFiles({ name: 'network.wprp', mimeType: 'text/xml', buffer: Buffer.from(wprp) });
    await page.getByTestId('wprp-profiles').selectOption('Network.Verbose.Memory');
    await page.getByTestId('wprp-chosen').waitFor();
    const cards = page.getByTestId('draft-provider');
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.first().textContent()).toContain('Microsoft-Windows-Kernel-Network');
    expect(await page.getByTestId('filter-event-ids').inputValue()).toBe('10, 11');
    expect(await page.getByRole('checkbox', { name: /TCP\/IP and UDP/ }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: /^Processes/ }).isChecked()).toBe(true);
    const warnings = await page.getByTestId('wprp-warnings').textContent();
    expect(warnings).toContain("kernel keyword 'ReadyThread' has no matching kernel flag here");
    expect(warnings).toContain('buffers (256 KB × 32) are not applied');
    await shot('wprp');
    expect(browser.problems).toEqual([]);
  });
});

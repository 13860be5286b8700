// The Providers view end to end: web mode started with `--manifests` on the 841-provider windows10-dump
// folder, driven in headless Chromium. The list shows and scrolls all 841 providers with only the visible
// rows in the page; filtering by name and GUID; Microsoft-Windows-Kernel-Process's page; ticking two
// keywords gives the combined mask; an event's fields; the search across providers and following a hit;
// the XML view and its export; the hand-off to the Sessions view; opening a manifest from the welcome
// page; the empty state. Screenshots: test-results/e2e/providers-*.png.
import { readFile } from 'node:fs/promises';
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

const DUMP = join(fixturesDir, 'manifests', 'windows10-dump');
const KERNEL_PROCESS = '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716';

let server: WebModeServer;
let browser: BrowserSession;

beforeAll(async () => {
  server = await startWebMode(['--manifests', DUMP]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** expect.poll with room for a loaded machine (2 shared cores). */
const poll = <T>(read: () => Promise<T> | T, options: { timeout?: number } = {}) =>
  expect.poll(read, { timeout: options.timeout ?? 15_000 });

const shot = async (name: string) =>
  browser.page.screenshot({ path: await screenshotPath(`providers-${name}`) });

describe('providers view in web mode', () => {
  it('lists every provider loaded with --manifests', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('nav-providers').click();
    await page.getByTestId('view-providers').waitFor();
    await poll(() => page.getByTestId('provider-count').textContent(), { timeout: 60_000 }).toBe(
      '841 providers',
    );
    expect(server.stdout()).toMatch(/manifests: 841 providers from .*windows10-dump \(841 files, 0 errors/);
    await page.getByTestId('providers-nothing-selected').waitFor();
    await shot('list');
  });

  it('scrolls all 841 providers with only the visible rows in the page, never showing a gap', async () => {
    const { page } = browser;
    const list = page.getByTestId('provider-list');
    const firstNames = await page.getByTestId('provider-item').allTextContents();
    // Step through the whole list as a wheel would; after each step the viewport is covered by rows.
    const report = await list.evaluate(async (el) => {
      const frames: number[] = [];
      let worstGap = 0;
      let lateFrames = 0;
      let mostRows = 0;
      const rowsCover = () => {
        const view = el.getBoundingClientRect();
        const rows = [...el.querySelectorAll<HTMLElement>('[data-testid="provider-item"]')].map((r) =>
          r.getBoundingClientRect(),
        );
        mostRows = Math.max(mostRows, rows.length);
        const top = Math.min(...rows.map((r) => r.top));
        const bottom = Math.max(...rows.map((r) => r.bottom));
        return Math.max(0, top - view.top, view.bottom - bottom);
      };
      const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      await frame();
      while (el.scrollTop + el.clientHeight < el.scrollHeight - 1) {
        const before = await frame();
        el.scrollTop += 600;
        frames.push((await frame()) - before); // the frame that draws the scrolled rows
        // On a loaded machine the rows may land a frame or two later: wait for them (bounded).
        let gap = rowsCover();
        for (let i = 0; i < 30 && gap >= 1; i++) {
          await frame();
          gap = rowsCover();
          lateFrames++;
        }
        worstGap = Math.max(worstGap, gap);
      }
      frames.sort((a, b) => a - b);
      return {
        steps: frames.length,
        medianFrame: frames[Math.floor(frames.length / 2)] ?? 0,
        worstFrame: frames[frames.length - 1] ?? 0,
        worstGap,
        lateFrames,
        mostRows,
        scrollHeight: el.scrollHeight,
      };
    });
    console.log(
      `provider list scroll: ${report.steps} steps of 600 px over ${report.scrollHeight} px; ` +
        `frame median ${report.medianFrame.toFixed(1)} ms, worst ${report.worstFrame.toFixed(1)} ms; ` +
        `at most ${report.mostRows} rows in the page; ${report.lateFrames} extra frames waited for rows`,
    );
    expect(report.scrollHeight).toBeGreaterThan(841 * 40);
    expect(report.worstGap).toBeLessThan(1); // sub-pixel rounding only
    expect(report.mostRows).toBeLessThan(80);
    const lastNames = await page.getByTestId('provider-item').allTextContents();
    expect(lastNames).not.toEqual(firstNames);
    await shot('list-end');
    await list.evaluate((el) => (el.scrollTop = 0));
  });

  it('filters by name and by GUID, and opens Microsoft-Windows-Kernel-Process', async () => {
    const { page } = browser;
    const filter = page.getByTestId('provider-filter');
    await filter.fill('22FB2CD6-0e7b');
    await poll(() => page.getByTestId('provider-item').count()).toBe(1);
    await filter.fill('kernel-process');
    await poll(() => page.getByTestId('provider-count').textContent()).toMatch(/^\d+ of 841 providers$/);
    await page.locator(`[data-testid="provider-item"][data-guid="${KERNEL_PROCESS}"]`).click();
    await poll(() => page.getByTestId('provider-title').textContent()).toBe(
      'Microsoft-Windows-Kernel-Process',
    );
    expect(await page.getByTestId('provider-guid').textContent()).toBe(`{${KERNEL_PROCESS}}`);
    expect(await page.getByTestId('tab-events').textContent()).toBe('Events32');
    expect(await page.getByTestId('events-grid-row').count()).toBeGreaterThan(10);
    await shot('events');
    // Ctrl+F here searches providers (the Events view's find bar stays closed).
    await page.getByTestId('events-grid-row').first().click();
    await page.keyboard.press('Control+f');
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'provider-filter',
    );
    expect(await page.getByTestId('find-bar').count()).toBe(0);
  });

  it('keeps the biggest provider (CodeMarkers, 4,736 events, a 3 MB manifest) virtualized', async () => {
    const { page } = browser;
    await page.getByTestId('provider-filter').fill('641d7f6c-481c-42e8-ab7e-d18dc5e5cb9e');
    const started = Date.now();
    await page.getByTestId('provider-item').first().click();
    await poll(() => page.getByTestId('provider-title').textContent()).toBe('CodeMarkers');
    expect(await page.getByTestId('tab-events').textContent()).toBe('Events4,736');
    await page.getByTestId('event-detail').waitFor();
    console.log(`CodeMarkers: page with first event's fields in ${Date.now() - started} ms`);
    expect(await page.getByTestId('events-grid-row').count()).toBeLessThan(80);
    await page.getByTestId('events-grid').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await poll(() =>
      page.locator('[data-testid="events-grid-row"]').last().getAttribute('aria-rowindex'),
    ).toBe('4737');
    await page.getByTestId('tab-xml').click();
    await page.getByTestId('xml-view').waitFor();
    expect(await page.locator('.xml-line').count()).toBeLessThan(120);
    await page.getByTestId('tab-events').click();
    await page.getByTestId('provider-filter').fill('kernel-process');
    await page.locator(`[data-testid="provider-item"][data-guid="${KERNEL_PROCESS}"]`).click();
    await poll(() => page.getByTestId('provider-title').textContent()).toBe(
      'Microsoft-Windows-Kernel-Process',
    );
  });

  it('ticks two keywords and shows the combined MatchAnyKeyword mask', async () => {
    const { page } = browser;
    await page.getByTestId('tab-keywords').click();
    await page.getByTestId('keyword-picker').waitFor();
    expect(await page.getByTestId('mask-any').textContent()).toBe('0x0');
    const check = (key: string) => page.locator(`[data-key="${key}"] [data-testid="keyword-check"]`);
    await check('0x10|WINEVENT_KEYWORD_PROCESS').check();
    await check('0x40|WINEVENT_KEYWORD_IMAGE').check();
    expect(await page.getByTestId('mask-any').textContent()).toBe('0x50');
    expect(await page.getByTestId('mask-all').textContent()).toBe('0x0');
    await page.getByTestId('require-all').check();
    expect(await page.getByTestId('mask-all').textContent()).toBe('0x50');
    await page.getByTestId('require-all').uncheck();
    expect(await page.getByTestId('picker-count').textContent()).toMatch(
      /^2 keywords ticked · \d+ of 32 events pass$/,
    );
    expect(await page.getByTestId('live-note').textContent()).toContain('Live ETW needs Windows');
    await shot('keywords');
  });

  it("opens an event's fields", async () => {
    const { page } = browser;
    await page.getByTestId('tab-events').click();
    await page.getByTestId('event-filter').fill('ProcessStart');
    await page.locator('[data-testid="events-grid-row"][data-key="1/0"]').click();
    await page.getByTestId('event-detail').waitFor();
    const fields = await page.locator('[data-testid="field-row"] .field-name').allTextContents();
    expect(fields).toEqual(['ProcessID', 'CreateTime', 'ParentProcessID', 'SessionID', 'ImageName']);
    const types = await page.locator('[data-testid="field-row"] td:nth-child(2)').allTextContents();
    expect(types).toEqual(['UInt32', 'FILETIME', 'UInt32', 'UInt32', 'UnicodeString']);
    expect(await page.getByTestId('event-detail').textContent()).toContain('WINEVENT_KEYWORD_PROCESS');
    await shot('event-fields');
    await page.getByTestId('event-filter').fill('');
  });

  it('searches every provider and follows a hit to its event', async () => {
    const { page } = browser;
    await page.getByTestId('sidebar-mode-search').click();
    await page.getByTestId('catalog-search').fill('QueryName');
    await poll(() => page.getByTestId('search-summary').textContent()).toMatch(/\d+ matches/);
    const hit = page.getByTestId('search-hit').first();
    const hitText = (await hit.textContent()) ?? '';
    expect(hitText).toContain('QueryName');
    expect(hitText).toContain('Microsoft-Windows-DNS-Client');
    await shot('search');
    await hit.click();
    await poll(() => page.getByTestId('provider-title').textContent()).toBe('Microsoft-Windows-DNS-Client');
    await page.getByTestId('event-detail').waitFor();
    expect(await page.locator('[data-testid="field-row"].row-marked .field-name').allTextContents()).toEqual([
      'QueryName',
    ]);
    expect(await page.locator('[data-testid="events-grid-row"][aria-selected="true"]').count()).toBe(1);
    await shot('search-followed');
  });

  it('shows the manifest as highlighted XML and exports it', async () => {
    const { page } = browser;
    await page.getByTestId('sidebar-mode-providers').click();
    await page.getByTestId('provider-filter').fill('Microsoft-Windows-Kernel-Process');
    await page.locator(`[data-testid="provider-item"][data-guid="${KERNEL_PROCESS}"]`).click();
    await page.getByTestId('tab-xml').click();
    await page.getByTestId('xml-view').waitFor();
    expect(await page.locator('.xml-tag').first().textContent()).toBe('<instrumentationManifest');
    expect(await page.getByTestId('xml-view').textContent()).toContain(`{${KERNEL_PROCESS}}`);
    await shot('xml');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('xml-export').click(),
    ]);
    expect(download.suggestedFilename()).toBe('Microsoft-Windows-Kernel-Process.man');
    const saved = await download.path();
    const text = await readFile(saved, 'utf8');
    expect(text).toContain('name="Microsoft-Windows-Kernel-Process"');
    expect(text).toContain('WINEVENT_KEYWORD_IMAGE');
  });

  it('hands provider, keywords and level to the Sessions view', async () => {
    const { page } = browser;
    await page.getByTestId('tab-keywords').click();
    expect(await page.getByTestId('mask-any').textContent()).toBe('0x50'); // the picker kept its ticks
    await page.getByTestId('picker-level').selectOption('4');
    await page.getByTestId('keyword-picker').getByTestId('start-session').click();
    await page.getByTestId('view-sessions').waitFor();
    const toast = page.locator('.toast').filter({ hasText: 'added to the session' });
    await toast.waitFor();
    expect(await toast.textContent()).toContain('any 0x50, all 0x0, level 4');
  });

  it('looks right in the dark theme', async () => {
    const { page } = browser;
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('nav-providers').click();
    await page.getByTestId('tab-events').click();
    await page.locator('[data-testid="events-grid-row"][data-key="5/0"]').click();
    await page.getByTestId('event-detail').waitFor();
    await shot('dark');
    await page.getByTestId('tab-xml').click();
    await page.getByTestId('xml-view').waitFor();
    await shot('xml-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('opens a binary manifest from the welcome page, then its XML: one provider, both sources', async () => {
    const { page } = browser;
    const open = async (file: string) => {
      await page.getByTestId('nav-welcome').click();
      await page.getByTestId('welcome-open-manifest').click();
      await page.locator('#open-path-input').fill(join(fixturesDir, 'wevt', 'sealighter', file));
      await page.keyboard.press('Enter');
      await page.getByTestId('view-providers').waitFor();
    };
    // A raw CRIM blob names no provider (only its GUID); the XML it was compiled from does.
    await open('sealighter_providerTEMP.BIN');
    await poll(() => page.getByTestId('provider-title').textContent()).toBe(
      '{cdd5f0cc-ab0c-4abe-97b2-cc82b7e68f30}',
    );
    expect(await page.getByTestId('opened-banner').textContent()).toContain(
      'sealighter_providerTEMP.BIN: 1 provider',
    );
    await poll(() => page.getByTestId('provider-count').textContent()).toBe('842 providers');
    await open('sealighter_provider.man');
    await poll(() => page.getByTestId('provider-title').textContent()).toBe('Sealighter');
    expect(await page.locator('.provider-head .source-badge').allTextContents()).toEqual(['wevt', 'xml']);
    await poll(() => page.getByTestId('provider-count').textContent()).toBe('842 providers');
    await shot('opened');
  });

  it('had no console errors, uncaught exceptions or CSP violations', () => {
    expect(browser.problems).toEqual([]);
  });

  it('says what can be opened when the catalog is empty; a struct field opens as a tree', async () => {
    const empty = await startWebMode();
    const page = await browser.context.newPage();
    try {
      await page.goto(empty.url);
      await page.getByTestId('nav-providers').click();
      const view = page.getByTestId('view-providers');
      await poll(() => view.textContent()).toContain(
        'Open a manifest (.man, .xml) or a binary (.dll, .exe, .sys) — or a folder of them',
      );
      expect(await view.textContent()).toContain('System providers need Windows');
      await page.screenshot({ path: await screenshotPath('providers-empty') });

      // The .NET runtime manifest: GC/BulkType carries an array of structs.
      await page.getByTestId('providers-open').click();
      await page
        .locator('#open-path-input')
        .fill(join(fixturesDir, 'manifests', 'perfview', 'ClrEtwAll.man'));
      await page.keyboard.press('Enter');
      await page.getByTestId('provider-page').waitFor();
      await page.getByTestId('provider-filter').fill('e13c0d23');
      await page.getByTestId('provider-item').first().click();
      await poll(() => page.getByTestId('provider-title').textContent()).toBe(
        'Microsoft-Windows-DotNETRuntime',
      );
      await page.getByTestId('event-filter').fill('BulkType');
      await page.getByTestId('events-grid-row').first().click();
      const toggle = page.locator('[data-testid="event-fields"] .tree-toggle').first();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      const open = await page.getByTestId('field-row').count();
      await page.screenshot({ path: await screenshotPath('providers-struct') });
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await page.getByTestId('field-row').count()).toBeLessThan(open);
    } finally {
      await page.close();
      await empty.stop();
    }
  });
});

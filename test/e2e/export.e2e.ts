// Export end to end: web mode (dist/server/serve.mjs) with the Windows 7 manifests and the real
// tx/KernelNetwork.etl, in headless Chromium. Filter the Events view, open Export (the toolbar's
// button: web mode's File › Export; Ctrl+E too), export JSON Lines to a path on the server with
// progress, read the summary, and check the file on disk has as many lines as the view has rows;
// the same export comes to the browser through its one-time download link. Then a CSV with a
// property column goes straight to the browser as a download. A bad path is an error naming it.
// Then a replay (`--replay FILE --speed max`: no file to read again, the events come from the
// capture's store): sorted by PID descending in the Events view, exported as JSON Lines in that
// order by default, with every event the replay delivered.
// Screenshots: test-results/e2e/export-*.png.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
const FILTER = 'id == 11 and props.size > 1000';
const outDir = mkdtempSync(join(tmpdir(), 'etw-e2e-export-'));

let server: WebModeServer;
let browser: BrowserSession;

beforeAll(async () => {
  server = await startWebMode(['--manifests', manifests, '--open', capture]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

const shot = async (name: string, page: Page = browser.page) =>
  page.screenshot({ path: await screenshotPath(`export-${name}`) });
const rowCount = async (page: Page) =>
  Number(
    (await page.getByTestId('events-count').textContent())?.match(/^([\d,]+) rows/)?.[1]?.replace(/,/g, ''),
  );
const dataLines = (text: string, separator = '\n') => text.split(separator).filter((l) => l !== '');

describe('export in web mode', () => {
  let viewRows = 0;

  it('filters the view, then opens Export from the toolbar and from Ctrl+E', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByTestId('event-grid').waitFor({ timeout: 120_000 });
    await expect.poll(() => rowCount(page), { timeout: 30_000 }).toBe(TOTAL);
    const input = page.getByTestId('filter-input');
    await input.fill(FILTER);
    await input.press('Escape');
    await input.press('Enter');
    await expect.poll(() => rowCount(page), { timeout: 30_000 }).toBeLessThan(TOTAL);
    viewRows = await rowCount(page);
    expect(viewRows).toBeGreaterThan(100);

    await page.getByTestId('export-button').click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.waitFor();
    expect(await page.getByTestId('export-filter').textContent()).toBe(FILTER);
    expect(await page.getByTestId('export-scope-view').textContent()).toContain(
      `${viewRows.toLocaleString('en-US')} rows`,
    );
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('event-grid').click();
    await page.keyboard.press('Control+e');
    await dialog.waitFor();
  });

  it('a bad path is an error that names it, and the dialog stays for a correction', async () => {
    const { page } = browser;
    await page.getByTestId('export-dest-server').click();
    const bad = join(outDir, 'missing-folder', 'view.jsonl');
    await page.getByTestId('export-path').fill(bad);
    await page.getByTestId('export-start').click();
    const error = page.getByTestId('export-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('IO_ERROR');
    expect(await error.textContent()).toContain(bad);
  });

  it('exports the view as JSON Lines on the server with progress, then shows the summary', async () => {
    const { page } = browser;
    const out = join(outDir, 'view.jsonl');
    await page.getByTestId('export-format-jsonl').click();
    await page.getByTestId('export-path').fill(out);
    await shot('dialog');
    // Remember whether the progress view showed (the export of this capture takes well under a second).
    await page.evaluate(() => {
      const seen = { progress: false };
      (window as unknown as { exportSeen: typeof seen }).exportSeen = seen;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="export-progress"]')) seen.progress = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.getByTestId('export-start').click();
    const summary = page.locator('[data-testid="export-summary"][data-state="done"]');
    await summary.waitFor({ timeout: 60_000 });
    expect(
      await page.evaluate(
        () => (window as unknown as { exportSeen: { progress: boolean } }).exportSeen.progress,
      ),
    ).toBe(true);
    expect(await page.getByTestId('export-summary-count').textContent()).toBe(
      `${viewRows.toLocaleString('en-US')} events exported`,
    );
    expect(await page.getByTestId('export-summary-path').textContent()).toBe(out);
    await shot('summary');

    const written = dataLines(readFileSync(out, 'utf8'));
    expect(written).toHaveLength(viewRows);
    const first = JSON.parse(written[0] as string) as { event: { id: number }; props: { size: number } };
    expect(first.event.id).toBe(11);
    expect(first.props.size).toBeGreaterThan(1000);

    // The same file through the one-time download link.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('view.jsonl');
    const saved = await download.path();
    expect(readFileSync(saved, 'utf8')).toBe(readFileSync(out, 'utf8'));
    const href = (await page.getByTestId('export-download').getAttribute('href')) ?? '';
    expect((await page.request.get(new URL(href, server.origin).href)).status()).toBe(404);
  });

  it('exports CSV with a property column straight to the browser', async () => {
    const { page } = browser;
    await page.getByTestId('export-again').click();
    await page.getByTestId('export-format-csv').click();
    await page.getByTestId('export-dest-download').click();
    await page.getByTestId('export-column-input').fill('si');
    await page
      .getByTestId('export-column-suggestion')
      .filter({ hasText: /^\+ size$/ })
      .click();
    expect(await page.getByTestId('export-column-chip').allTextContents()).toEqual(['size×']);
    await shot('csv-columns');
    await page.getByTestId('export-start').click();
    await page.locator('[data-testid="export-summary"][data-state="done"]').waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('KernelNetwork.csv');
    const rows = dataLines(readFileSync(await download.path(), 'utf8'), '\r\n');
    expect(rows).toHaveLength(viewRows + 1);
    const header = (rows[0] as string).split(',');
    expect(header.slice(14, 17)).toEqual(['classic', 'size', 'props']);
    await page.getByTestId('export-close').click();
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' });
    expect(browser.problems).toEqual([]);
  });
});

describe('export of a replay in web mode', () => {
  let replayServer: WebModeServer;
  let replayBrowser: BrowserSession;
  beforeAll(async () => {
    replayServer = await startWebMode(['--manifests', manifests, '--replay', capture, '--speed', 'max']);
    replayBrowser = await launchBrowser();
  });
  afterAll(async () => {
    await replayBrowser?.close();
    await replayServer?.stop();
  });

  it('exports what the replay delivered, in the order the view is sorted', async () => {
    const { page } = replayBrowser;
    await page.goto(replayServer.url);
    await page.getByTestId('event-grid').waitFor({ timeout: 120_000 });
    await expect.poll(() => rowCount(page), { timeout: 60_000 }).toBe(TOTAL);
    await page.getByTestId('col-pid').click();
    await page.getByTestId('col-pid').click();
    await expect.poll(() => page.getByTestId('col-pid').getAttribute('aria-sort')).toBe('descending');

    await page.getByTestId('export-button').click();
    await page.getByTestId('export-dialog').waitFor();
    expect(await page.getByTestId('export-order-view').textContent()).toContain('PID, descending');
    expect(await page.getByTestId('export-order-view').locator('input').isChecked()).toBe(true);
    await page.getByTestId('export-dest-server').click();
    const out = join(outDir, 'replay.jsonl');
    await page.getByTestId('export-path').fill(out);
    await shot('replay-dialog', page);
    await page.getByTestId('export-start').click();
    await page.locator('[data-testid="export-summary"][data-state="done"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('export-summary-count').textContent()).toBe(
      `${TOTAL.toLocaleString('en-US')} events exported`,
    );
    expect(await page.getByTestId('export-summary-missing').count()).toBe(0);
    await shot('replay-summary', page);

    const written = dataLines(readFileSync(out, 'utf8')).map((l) => JSON.parse(l) as { pid: number });
    expect(written).toHaveLength(TOTAL);
    const pids = written.map((e) => e.pid);
    expect(pids).toEqual([...pids].sort((a, b) => b - a));
    expect(new Set(pids).size).toBeGreaterThan(1);
    expect(replayBrowser.problems).toEqual([]);
  });
});

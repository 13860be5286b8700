// The Processes view end to end, in headless Chromium through web mode (dist/server/serve.mjs):
//  1. tx/KernelNetwork.etl with the Windows 7 manifests (serve --manifests --open): the process list
//     and tree, a process's summaries (Overview, Network with its bytes-over-time chart, Beaconing with
//     its interval chart, Events by kind), and a click on an endpoint that filters the Events view to
//     exactly that endpoint's events;
//  2. the demo capture (serve --demo), dark theme: the tree with exited processes, the PowerShell tab
//     with suspicious text highlighted, the Alerts panel and "Show evidence", the rule editor refusing
//     a bad rule file with its JSON path and applying a good one.
// Screenshots: test-results/e2e/processes-*.png.
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

const shot = async (page: Page, name: string) =>
  page.screenshot({ path: await screenshotPath(`processes-${name}`) });
const eventRows = async (page: Page) =>
  Number(
    (await page.getByTestId('events-count').textContent())?.match(/^([\d,]+) rows/)?.[1]?.replace(/,/g, ''),
  );

async function openProcesses(page: Page): Promise<void> {
  await page.getByTestId('nav-processes').click();
  await page.getByTestId('process-grid').waitFor();
  await expect
    .poll(() => page.getByTestId('analysis-status').textContent(), { timeout: 60_000 })
    .not.toMatch(/Reading|Loading/);
}

async function selectProcess(page: Page, search: string, rowText: string): Promise<void> {
  await page.getByTestId('process-search').fill(search);
  await page.getByTestId('process-grid-row').filter({ hasText: rowText }).first().click();
  await page.getByTestId('process-details').waitFor();
}

describe('processes of tx/KernelNetwork.etl', () => {
  let server: WebModeServer;
  let browser: BrowserSession;
  beforeAll(async () => {
    server = await startWebMode(['--manifests', manifests, '--open', capture]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the processes with their counts and shows the tree', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await openProcesses(page);
    await expect.poll(() => page.getByTestId('process-grid-row').count()).toBe(6);
    expect(await page.getByTestId('analysis-status').textContent()).toContain('8,924 events');
    const pids = await page
      .locator('[data-testid=process-grid-row] [role=gridcell]:nth-child(2)')
      .allTextContents();
    expect(pids.map(Number).sort((a, b) => a - b)).toEqual([4, 344, 1008, 2432, 2716, 8892]);
    // The list sorts by a count column.
    await page.getByTestId('layout-list').click();
    await page.getByRole('columnheader', { name: 'Out' }).click();
    const first = page.getByTestId('process-grid-row').first();
    expect(await first.locator('[role=gridcell]').nth(1).textContent()).toBe('2716');
    expect(await first.textContent()).toContain('15 MB');
    await shot(page, 'list');
  });

  it('shows a process’s summaries, its traffic chart and beaconing', async () => {
    const { page } = browser;
    await selectProcess(page, '2716', '2716');
    expect(await page.getByTestId('process-details').textContent()).toContain('pid 2716');
    await page.getByTestId('tab-network').click();
    const endpoint = page.getByTestId('endpoint-grid-row').first();
    await endpoint.waitFor();
    expect(await endpoint.textContent()).toContain('157.56.244.38:443');
    expect(await endpoint.textContent()).toContain('15 MB');
    await page.getByTestId('traffic-chart').locator('canvas').waitFor();
    const box = await page.getByTestId('traffic-chart').boundingBox();
    expect(box?.height).toBeGreaterThan(100);
    await shot(page, 'network');

    await page.getByTestId('process-search').fill('2432');
    await page.getByTestId('process-grid-row').filter({ hasText: '2432' }).first().click();
    await page.getByTestId('tab-beaconing').click();
    await page.getByTestId('beacon-grid-row').first().waitFor();
    expect(await page.getByTestId('beacon-grid-row').first().textContent()).toMatch(/6\s*8\.0\d* s/);
    await page.getByTestId('interval-chart').locator('canvas').waitFor();
    await shot(page, 'beaconing');

    await page.getByTestId('tab-events').click();
    expect(await page.getByTestId('event-kinds-grid').textContent()).toContain(
      'KERNEL_NETWORK_TASK_TCPIPDatareceived.27',
    );
  });

  it('filters the Events view to an endpoint when it is clicked', async () => {
    const { page } = browser;
    await selectProcess(page, '2716', '2716');
    await page.getByTestId('tab-network').click();
    await page.getByTestId('endpoint-link').first().click();
    await page.getByTestId('view-events').waitFor();
    const filter = await page.getByTestId('filter-input').inputValue();
    expect(filter).toContain('props.PID == 2716');
    expect(filter).toContain('"157.56.244.38"');
    // Every event of pid 2716 is traffic with that one endpoint: 575 sends and 7,968 receives.
    await expect.poll(() => eventRows(page), { timeout: 30_000 }).toBe(8543);
    await shot(page, 'endpoint-events');
  });

  it('filters the Events view to a process from its events count', async () => {
    const { page } = browser;
    await page.getByTestId('nav-processes').click();
    await page.getByTestId('process-search').fill('2432');
    await page
      .getByTestId('process-grid-row')
      .filter({ hasText: '2432' })
      .first()
      .getByTestId('count-events')
      .click();
    await page.getByTestId('view-events').waitFor();
    await expect.poll(() => eventRows(page), { timeout: 30_000 }).toBe(156);
    expect(browser.problems).toEqual([]);
  });
});

describe('processes and alerts of the demo capture (dark theme)', () => {
  let server: WebModeServer;
  let browser: BrowserSession;
  beforeAll(async () => {
    server = await startWebMode(['--demo']);
    browser = await launchBrowser({ colorScheme: 'dark' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the tree with exited processes greyed and the implant selected first', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await openProcesses(page);
    // The process with the worst alerts is selected at first: the implant.
    await expect.poll(() => page.getByTestId('process-details').textContent()).toContain('updater.exe');
    const exited = page.locator('[data-testid=process-grid-row].pv-row-exited');
    expect(await exited.count()).toBeGreaterThan(0);
    await page.getByTestId('tab-network').click();
    await page.getByTestId('traffic-chart').locator('canvas').waitFor();
    await shot(page, 'demo-network-dark');
    await page.getByTestId('tab-overview').click();
    expect(await page.getByTestId('process-overview').textContent()).toContain('powershell.exe (9788)');
  });

  it('highlights suspicious PowerShell', async () => {
    const { page } = browser;
    await selectProcess(page, '12408', '12408');
    await page.getByTestId('tab-powershell').click();
    const block = page.getByTestId('script-block').first();
    await block.waitFor();
    const marks = await block.locator('mark').allTextContents();
    expect(marks.map((m) => m.toLowerCase())).toContain('invoke-mimikatz');
    await shot(page, 'demo-powershell-dark');
  });

  it('lists the alerts and shows an alert’s evidence in the Events view', async () => {
    const { page } = browser;
    await page.getByTestId('process-search').fill('');
    await page.getByTestId('mode-alerts').click();
    await expect.poll(() => page.getByTestId('alert-grid-row').count()).toBe(7);
    await page.getByTestId('alert-grid-row').filter({ hasText: 'Thread created in another process' }).click();
    await page.getByTestId('alert-detail').waitFor();
    await shot(page, 'demo-alerts-dark');
    await page.getByTestId('show-evidence').click();
    await page.getByTestId('view-events').waitFor();
    expect(await page.getByTestId('filter-input').inputValue()).toMatch(/^time in \(/);
    await expect.poll(() => eventRows(page), { timeout: 30_000 }).toBe(1);
    await shot(page, 'demo-evidence-dark');
  });

  it('refuses a bad rule file with its JSON path, applies a good one', async () => {
    const { page } = browser;
    await page.getByTestId('nav-processes').click();
    await page.getByTestId('mode-alerts').click();
    await page.getByTestId('edit-rules').click();
    await page.getByTestId('rules-editor').waitFor();
    const bad = JSON.stringify(
      { version: 1, rules: [{ id: 'b', type: 'beaconing', minScore: 3, minContacts: 4 }] },
      null,
      2,
    );
    await page.getByTestId('rules-text').fill(bad);
    await page.getByTestId('rules-apply').click();
    await page.getByTestId('rules-problems').waitFor();
    expect(await page.getByTestId('rules-problems').textContent()).toContain('rules[0].minScore');
    await shot(page, 'rules-problems');
    const good = JSON.stringify(
      {
        version: 1,
        builtins: false,
        rules: [
          {
            id: 'implant-network',
            type: 'filter',
            severity: 'critical',
            filter: 'process.name == "updater.exe" and provider == "Microsoft-Windows-Kernel-Network"',
            maxAlerts: 3,
          },
        ],
      },
      null,
      2,
    );
    await page.getByTestId('rules-text').fill(good);
    await page.getByTestId('rules-apply').click();
    await page.getByTestId('rules-editor').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('alert-grid-row').count(), { timeout: 30_000 }).toBe(3);
    expect(await page.getByTestId('alert-grid-row').first().textContent()).toContain('updater.exe');
    await shot(page, 'rules-applied');
    expect(browser.problems).toEqual([]);
  });
});

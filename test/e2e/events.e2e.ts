// The Events view end to end: web mode (dist/server/serve.mjs) with the Windows 7 manifests and the
// real tx/KernelNetwork.etl capture, in headless Chromium. Rows appear, a filter narrows them and a
// bad one points at its error and changes nothing, headers sort, a row's details show its typed
// properties and raw bytes, right-click includes a value, the keyboard moves through the grid, a
// property column sorts by its values, find lands on a row, the timeline's drag filters by time;
// then a replay of the same file streams rows in.
// Screenshots: test-results/e2e/events-*.png.
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
  server = await startWebMode(['--manifests', manifests, '--open', capture]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = async (name: string, page: Page = browser.page) =>
  page.screenshot({ path: await screenshotPath(`events-${name}`) });
const rowCount = async (page: Page) =>
  Number(
    (await page.getByTestId('events-count').textContent())?.match(/^([\d,]+) rows/)?.[1]?.replace(/,/g, ''),
  );
const cellTexts = async (page: Page, column: number) =>
  page.locator(`.ev-row [role=gridcell][aria-colindex="${column}"]`).allTextContents();

async function applyFilter(page: Page, text: string) {
  const input = page.getByTestId('filter-input');
  await input.fill(text);
  await input.press('Escape'); // close the suggestions, keep focus
  await input.press('Enter');
}

describe('events view in web mode', () => {
  it('shows the capture’s rows once it is open', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByTestId('event-grid').waitFor({ timeout: 120_000 });
    await expect.poll(() => rowCount(page), { timeout: 30_000 }).toBe(TOTAL);
    expect(await page.getByTestId('event-grid').getAttribute('aria-rowcount')).toBe(String(TOTAL + 1));
    await expect.poll(() => page.locator('.ev-row').count()).toBeGreaterThan(10);
    const events = await cellTexts(page, 3);
    expect(events).toContain('KERNEL_NETWORK_TASK_TCPIPDatareceived.');
    expect(await page.getByTestId('status-events').textContent()).toContain('8,924 events');
    await shot('table');
  });

  it('a bad filter shows where it is wrong and changes nothing', async () => {
    const { page } = browser;
    await applyFilter(page, 'id == 11 and size >');
    const error = page.getByTestId('filter-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/Column \d+:/);
    expect((await page.getByTestId('filter-error-mark').textContent())?.length).toBeGreaterThan(0);
    expect(await page.getByTestId('filter-input').getAttribute('aria-invalid')).toBe('true');
    expect(await rowCount(page)).toBe(TOTAL);
    await shot('filter-error');
  });

  it('filters with an expression (header and property parts)', async () => {
    const { page } = browser;
    await applyFilter(page, 'id == 11 and props.size > 1000');
    await page.getByTestId('filter-error').waitFor({ state: 'detached' });
    await expect.poll(() => rowCount(page)).toBeLessThan(TOTAL);
    const n = await rowCount(page);
    expect(n).toBeGreaterThan(0);
    await expect.poll(async () => new Set(await cellTexts(page, 4))).toEqual(new Set(['11']));
    await shot('filtered');
  });

  it('sorts by clicking a header', async () => {
    const { page } = browser;
    await applyFilter(page, '');
    await expect.poll(() => rowCount(page)).toBe(TOTAL);
    await page.getByTestId('col-id').click();
    await expect.poll(() => page.getByTestId('col-id').getAttribute('aria-sort')).toBe('ascending');
    await page.getByTestId('col-id').click();
    await expect.poll(() => page.getByTestId('col-id').getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => Number((await cellTexts(page, 4))[0])).toBeGreaterThanOrEqual(27);
    const ids = (await cellTexts(page, 4)).map(Number);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    await page.getByTestId('col-time').click();
    await expect.poll(() => page.getByTestId('col-time').getAttribute('aria-sort')).toBe('ascending');
  });

  it('opens an event’s details: typed properties and raw bytes', async () => {
    const { page } = browser;
    await page.locator('.ev-row').nth(5).click();
    const detail = page.getByTestId('event-detail');
    await detail.waitFor();
    await page.getByTestId('detail-props').waitFor();
    const props = await page.getByTestId('detail-props').textContent();
    expect(props).toContain('size');
    expect(props).toContain('UInt32');
    expect(await page.getByTestId('detail-hex').textContent()).toMatch(/^000000 {2}[0-9a-f]{2} /);
    await shot('detail');
  });

  it('moves through the grid with the keyboard', async () => {
    const { page } = browser;
    const grid = page.getByTestId('event-grid');
    await grid.focus();
    const selected = async () => page.locator('.ev-row[aria-selected=true]').getAttribute('aria-rowindex');
    const before = Number(await selected());
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => Number(await selected())).toBe(before + 1);
    await page.keyboard.press('Control+End');
    await expect.poll(async () => Number(await selected())).toBe(TOTAL + 1);
    await page.keyboard.press('Control+Home');
    await expect.poll(async () => Number(await selected())).toBe(2);
  });

  it('includes a value from the cell menu', async () => {
    const { page } = browser;
    const idCell = page.locator('.ev-row').nth(3).locator('[role=gridcell][aria-colindex="4"]');
    const id = (await idCell.textContent()) ?? '';
    await idCell.click({ button: 'right' });
    await page.getByTestId('context-menu').waitFor();
    await shot('cell-menu');
    await page.getByTestId('menu-include').click();
    await expect.poll(() => page.getByTestId('filter-input').inputValue()).toBe(`id == ${id}`);
    await expect.poll(() => rowCount(page)).toBeLessThan(TOTAL);
    await expect.poll(async () => new Set(await cellTexts(page, 4))).toEqual(new Set([id]));
  });

  it('counts the view by event and process, and narrows it from a group', async () => {
    const { page } = browser;
    await applyFilter(page, '');
    await expect.poll(() => rowCount(page)).toBe(TOTAL);
    await page.getByTestId('event-grid').focus(); // closes the filter's suggestions
    await page.getByTestId('count-by-toggle').click();
    const groups = page.getByTestId('count-by-group');
    await expect.poll(() => groups.count()).toBeGreaterThan(1);
    expect(await page.getByTestId('count-by-summary').textContent()).toContain('8,924 events');
    const count = async (i: number) =>
      Number((await groups.nth(i).locator('.ev-group-count').textContent())?.replace(/,/g, ''));
    const top = await count(0);
    const label = await groups.nth(0).locator('.ev-group-label').textContent();
    expect(label).toMatch(/^KERNEL_NETWORK_TASK_\S+ Microsoft-Windows-Kernel-Network$/);
    await shot('count-by');
    // − drops the noisiest event; clicking a group keeps only it.
    await groups.nth(0).getByTestId('count-by-exclude').click();
    await expect.poll(() => rowCount(page)).toBe(TOTAL - top);
    await applyFilter(page, '');
    await expect.poll(() => rowCount(page)).toBe(TOTAL);
    await page.getByTestId('event-grid').focus();
    await page.getByTestId('count-by-column').selectOption('process');
    await expect
      .poll(async () => (await groups.first().locator('.ev-group-label').textContent()) ?? '')
      .not.toBe(label);
    const process = await count(0);
    await groups.nth(0).locator('.ev-group-main').click();
    await expect.poll(() => rowCount(page)).toBe(process);
    expect(await page.getByTestId('filter-input').inputValue()).toMatch(/^(process\.name|pid) == /);
    await page.getByTestId('count-by-toggle').click();
    await page.getByTestId('count-by').waitFor({ state: 'detached' });
  });

  it('sorts by a property column; removing the column puts the view back in time order', async () => {
    const { page } = browser;
    await applyFilter(page, '');
    await expect.poll(() => rowCount(page)).toBe(TOTAL);
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-add-input').fill('props.size');
    await page.getByTestId('column-add-input').press('Enter');
    const header = page.getByTestId('col-props.size');
    await header.waitFor();
    await page.getByTestId('column-chooser').click(); // closes the panel
    const column = Number(await header.getAttribute('aria-colindex'));
    // The sizes of the first rows, in row order (rows reuse each other's DOM as they scroll).
    const firstSizes = async () =>
      (
        await page.locator('.ev-row').evaluateAll(
          (rows, col) =>
            rows.map((row) => ({
              at: Number(row.getAttribute('aria-rowindex')),
              text: row.querySelector(`[role=gridcell][aria-colindex="${col}"]`)?.textContent ?? '',
            })),
          column,
        )
      )
        .sort((a, b) => a.at - b.at)
        .filter((r, i) => r.at === i + 2 && r.text !== '')
        .map((r) => Number(r.text));
    // A sort keeps the selected row in view: go to the top to read the first rows.
    const sortBy = async (direction: 'ascending' | 'descending') => {
      await header.click();
      await expect.poll(() => header.getAttribute('aria-sort')).toBe(direction);
      await page.getByTestId('sort-busy').waitFor({ state: 'detached' });
      await page.getByTestId('event-grid').focus();
      await page.keyboard.press('Control+Home');
      await expect.poll(async () => (await firstSizes()).length).toBeGreaterThan(10);
      return firstSizes();
    };
    const ascending = await sortBy('ascending');
    expect(ascending[0]).toBe(0);
    expect([...ascending].sort((a, b) => a - b)).toEqual(ascending);
    const descending = await sortBy('descending');
    expect(descending[0]).toBeGreaterThan(20_000);
    expect([...descending].sort((a, b) => b - a)).toEqual(descending);
    await shot('property-sort');
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-panel').getByLabel('props.size').click(); // removes the column
    await page.getByTestId('column-chooser').click();
    await header.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('col-time').getAttribute('aria-sort')).toBe('ascending');
  });

  it('finds text in the rows', async () => {
    const { page } = browser;
    await applyFilter(page, '');
    await expect.poll(() => rowCount(page)).toBe(TOTAL);
    await page.getByTestId('event-grid').focus();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Control+f');
    await page.getByTestId('find-bar').waitFor();
    await page.keyboard.type('Datasent');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('find-status').textContent()).toMatch(/^Row \d/);
    const row = page.locator('.ev-row[aria-selected=true]');
    expect(await row.textContent()).toContain('Datasent');
    expect(await row.locator('mark').count()).toBeGreaterThan(0);
    await shot('find');
    await page.keyboard.press('Escape');
  });

  it('filters by the time range dragged on the timeline', async () => {
    const { page } = browser;
    // The drag must work whenever the user makes it, even while new counts arrive: no waiting for quiet.
    const plot = page.getByTestId('timeline').locator('.u-over');
    const box = await plot.boundingBox();
    if (!box) throw new Error('no timeline');
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId('range-chip').waitFor();
    await expect.poll(() => rowCount(page)).toBeLessThan(TOTAL);
    expect(await rowCount(page)).toBeGreaterThan(0);
    await shot('time-range');
    expect(browser.problems).toEqual([]);
  });
});

describe('a replayed capture streams in', () => {
  let replay: WebModeServer;
  let session: BrowserSession;
  afterAll(async () => {
    await session?.close();
    await replay?.stop();
  });

  it('shows rows arriving while the replay runs', async () => {
    replay = await startWebMode(['--manifests', manifests, '--replay', capture, '--speed', '4']);
    session = await launchBrowser({ colorScheme: 'dark' });
    const { page } = session;
    await page.goto(replay.url);
    await page.getByTestId('event-grid').waitFor({ timeout: 120_000 });
    await page.getByTestId('events-progress').waitFor();
    expect(await page.getByTestId('events-progress').textContent()).toContain('Replaying');
    await expect.poll(() => rowCount(page), { timeout: 30_000 }).toBeGreaterThan(0);
    const first = await rowCount(page);
    await expect.poll(() => rowCount(page), { timeout: 30_000 }).toBeGreaterThan(first);
    expect(first).toBeLessThan(TOTAL);
    expect(await page.getByTestId('follow-tail').isChecked()).toBe(true);
    await shot('replay', page);
    // A slow drag on the timeline while new counts arrive (they redraw it twice a second) still
    // ends as a time range.
    const plot = page.getByTestId('timeline').locator('.u-over');
    const box = await plot.boundingBox();
    if (!box) throw new Error('no timeline');
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2, { steps: 3 });
    await page.waitForTimeout(1500);
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 3 });
    await page.mouse.up();
    await page.getByTestId('range-chip').waitFor({ timeout: 5000 });
    await page.getByTestId('capture-stop').click();
    await page.getByTestId('events-progress').waitFor({ state: 'detached' });
    expect(session.problems).toEqual([]);
  });
});

describe('call stacks in the detail pane', () => {
  let stacks: WebModeServer;
  let session: BrowserSession;
  afterAll(async () => {
    await session?.close();
    await stacks?.stop();
  });

  it('lists an event’s kernel stack as module+offset and copies it', async () => {
    const net = join(fixturesDir, 'etl', 'perfview', 'net.4.5.2.x86.etl.zip');
    stacks = await startWebMode(['--open', net]);
    session = await launchBrowser();
    const { page, context } = session;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(stacks.url).origin,
    });
    await page.goto(stacks.url);
    await page.getByTestId('event-grid').waitFor({ timeout: 120_000 });
    await expect
      .poll(() => page.getByTestId('status-events').textContent(), { timeout: 60_000 })
      .toContain('168,298 events');
    // Every Image/Load of this capture has a stack (a kernel and a user stack key).
    await applyFilter(page, 'event == "Image/Load"');
    await expect.poll(() => rowCount(page), { timeout: 30_000 }).toBe(57);
    await page.getByTestId('filter-input').press('Escape'); // the suggestions cover the first rows
    await page.locator('.ev-row').first().click();
    const list = page.getByTestId('detail-stack');
    await list.waitFor();
    const frames = await list.locator('li').allTextContents();
    expect(frames.length).toBeGreaterThan(5);
    expect(frames[0]).toMatch(/^ntoskrnl\.exe\+0x[0-9a-f]+$/);
    expect(frames.some((f) => /^ntdll\.dll\+0x[0-9a-f]+$/i.test(f))).toBe(true);
    expect(await list.locator('li').first().getAttribute('title')).toMatch(
      /^C:\\Windows\\system32\\ntoskrnl\.exe\n0xfffff8[0-9a-f]+$/,
    );
    await page.getByRole('button', { name: 'Copy stack' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const lines = copied.split('\n');
    expect(lines).toHaveLength(frames.length);
    expect(lines[0]).toMatch(new RegExp(`^${(frames[0] as string).replace('+', '\\+')}  0xfffff8[0-9a-f]+$`));
    await page.screenshot({ path: await screenshotPath('events-stack') });
    expect(session.problems).toEqual([]);
  });
});

// Window state: damaged files give the default, saved bounds are kept on screen.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWindowStateStore,
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  MIN_WIDTH,
  parseWindowState,
} from '../../electron/main/window-state';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etw-window-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const second = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('window state', () => {
  it('parses what it saved and falls back to the default on damage', () => {
    expect(parseWindowState('{"bounds":{"x":10,"y":20,"width":1000,"height":700},"maximized":true}')).toEqual(
      {
        bounds: { x: 10, y: 20, width: 1000, height: 700 },
        width: 1000,
        height: 700,
        maximized: true,
      },
    );
    for (const junk of [
      '',
      '{',
      'null',
      '[]',
      '{"bounds":{"x":"a"}}',
      '{"bounds":{"x":1,"y":1,"width":-5,"height":3}}',
    ]) {
      expect(parseWindowState(junk), junk).toEqual(DEFAULT_WINDOW_STATE);
    }
  });

  it('keeps visible bounds, including on a second display', () => {
    const state = {
      bounds: { x: 2000, y: 100, width: 1000, height: 800 },
      width: 1000,
      height: 800,
      maximized: false,
    };
    expect(fitToDisplays(state, [primary, second])).toEqual(state);
  });

  it('moves bounds from a display that is gone back onto the primary, sized to fit', () => {
    const state = {
      bounds: { x: 5000, y: 100, width: 2500, height: 1400 },
      width: 2500,
      height: 1400,
      maximized: false,
    };
    const fitted = fitToDisplays(state, [primary]);
    expect(fitted.bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
    const offTop = fitToDisplays({ ...state, bounds: { x: 100, y: -900, width: 800, height: 600 } }, [
      primary,
    ]);
    expect(offTop.bounds?.y).toBeGreaterThanOrEqual(0);
  });

  it('never goes below the minimum size', () => {
    const tiny = { bounds: { x: 10, y: 10, width: 50, height: 40 }, width: 50, height: 40, maximized: false };
    expect(fitToDisplays(tiny, [primary]).bounds?.width).toBe(MIN_WIDTH);
  });

  it('saves and loads through the file', async () => {
    const file = join(dir, 'sub', 'window-state.json');
    const store = createWindowStateStore(file);
    expect(store.load()).toEqual(DEFAULT_WINDOW_STATE);
    store.save({ bounds: { x: 1, y: 2, width: 900, height: 600 }, maximized: false });
    expect(store.load()).toMatchObject({ bounds: { x: 1, y: 2, width: 900, height: 600 }, maximized: false });
    await writeFile(file, 'garbage');
    expect(store.load()).toEqual(DEFAULT_WINDOW_STATE);
  });
});

// Remembers where the main window was (bounds, maximized) in window-state.json under the user-data
// folder. A missing or damaged file gives the default; saved bounds that no longer fit any display
// (monitor unplugged, resolution changed) are pulled back onto the primary work area.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds?: Rect;
  width: number;
  height: number;
  maximized: boolean;
}

export const MIN_WIDTH = 720;
export const MIN_HEIGHT = 480;
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1360, height: 860, maximized: false };

const rect = z.object({ x: z.int(), y: z.int(), width: z.int().min(1), height: z.int().min(1) });
const stateSchema = z.object({ bounds: rect.optional(), maximized: z.boolean().default(false) });

export function parseWindowState(text: string): WindowState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) return { ...DEFAULT_WINDOW_STATE };
  const { bounds, maximized } = parsed.data;
  return bounds
    ? { bounds, width: bounds.width, height: bounds.height, maximized }
    : { ...DEFAULT_WINDOW_STATE, maximized };
}

/** Keeps the window on a display: at least 100×50 px of its title area must be inside some work area. */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return state;
  const clampSize = (r: Rect): Rect => ({
    ...r,
    width: Math.max(MIN_WIDTH, Math.min(r.width, primary.width)),
    height: Math.max(MIN_HEIGHT, Math.min(r.height, primary.height)),
  });
  if (!state.bounds) {
    const size = clampSize({ x: 0, y: 0, width: state.width, height: state.height });
    return { ...state, width: size.width, height: size.height };
  }
  const b = state.bounds;
  const visible = workAreas.some(
    (a) => overlap(b.x, b.width, a.x, a.width) >= 100 && b.y >= a.y && b.y <= a.y + a.height - 50,
  );
  if (visible)
    return {
      ...state,
      bounds: { ...b, width: Math.max(MIN_WIDTH, b.width), height: Math.max(MIN_HEIGHT, b.height) },
    };
  const size = clampSize(b);
  const moved = {
    width: size.width,
    height: size.height,
    x: primary.x + Math.round((primary.width - size.width) / 2),
    y: primary.y + Math.round((primary.height - size.height) / 2),
  };
  return { ...state, bounds: moved, width: moved.width, height: moved.height };
}

function overlap(start1: number, length1: number, start2: number, length2: number): number {
  return Math.min(start1 + length1, start2 + length2) - Math.max(start1, start2);
}

export interface WindowStateStore {
  load(): WindowState;
  save(state: { bounds: Rect; maximized: boolean }): void;
}

export function createWindowStateStore(file: string): WindowStateStore {
  return {
    load() {
      try {
        return parseWindowState(readFileSync(file, 'utf8'));
      } catch {
        return { ...DEFAULT_WINDOW_STATE };
      }
    },
    save(state) {
      try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
      } catch {
        // Losing the window position is not worth bothering the user about.
      }
    },
  };
}

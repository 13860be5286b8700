// Node adapter for the demo capture: writes it to a file (atomically: a partial file renamed when
// complete) and keeps one cached copy in the OS temp folder for the app's Demo button and
// `npm run serve -- --demo`. The cache name carries DEMO_FORMAT_VERSION and the seed, so a new
// generator never serves an old file. (Import as './demo-capture.node.js'.)
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileSink } from '../export/file-sink.node.js';
import {
  DEFAULT_DEMO_SEED,
  DEMO_FORMAT_VERSION,
  generateDemo,
  type DemoOptions,
  type DemoResult,
} from './generate';

/** Writes the demo capture to `outPath` (replacing it only once complete). */
export function writeDemoFile(outPath: string, options: DemoOptions = {}, partialPath?: string): DemoResult {
  const sink = createFileSink(outPath, partialPath);
  try {
    const result = generateDemo(sink, options);
    sink.commit();
    return result;
  } catch (e) {
    sink.discard();
    throw e;
  }
}

/** Where the cached default demo capture lives. */
export function demoCapturePath(): string {
  return join(tmpdir(), `etwx-demo-v${DEMO_FORMAT_VERSION}-${DEFAULT_DEMO_SEED.toString(16)}.etl`);
}

let pending: Promise<string> | undefined;

/**
 * The path of the default demo capture, generating it on first use (about a second; later calls
 * return the cached file). Concurrent calls share one generation; other processes racing for the
 * same cache write their own partial files and the last rename wins with identical bytes.
 */
export function ensureDemoCapture(): Promise<string> {
  pending ??= (async () => {
    const path = demoCapturePath();
    if (!existsSync(path)) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      writeDemoFile(path, {}, `${path}.${process.pid}.partial`);
    }
    return path;
  })().finally(() => {
    pending = undefined;
  });
  return pending;
}

// The File › Recent list: files opened successfully (newest first, at most MAX_RECENT, no duplicates),
// kept in recent.json under the user-data folder. Damaged entries are dropped on load.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { FileKind } from '../common/ipc/file-kinds';

export const MAX_RECENT = 10;

export interface RecentEntry {
  path: string;
  kind: FileKind;
}

const entrySchema = z.object({ path: z.string().min(1), kind: z.enum(['capture', 'manifest']) });

export interface RecentFiles {
  list(): RecentEntry[];
  add(entry: RecentEntry): RecentEntry[];
  clear(): void;
}

export function parseRecent(text: string): RecentEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(json)) return [];
  return json
    .flatMap((item) => {
      const parsed = entrySchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    })
    .slice(0, MAX_RECENT);
}

export function createRecentFiles(file: string): RecentFiles {
  let entries: RecentEntry[];
  try {
    entries = parseRecent(readFileSync(file, 'utf8'));
  } catch {
    entries = [];
  }
  const persist = () => {
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(entries, null, 2)}\n`);
    } catch {
      // The list is a convenience; failing to write it must not disturb opening the file.
    }
  };
  return {
    list: () => [...entries],
    add(entry) {
      entries = [entry, ...entries.filter((e) => e.path !== entry.path)].slice(0, MAX_RECENT);
      persist();
      return [...entries];
    },
    clear() {
      entries = [];
      persist();
    },
  };
}

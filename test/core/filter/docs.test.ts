// The user documentation (docs/filter-language.md) stays true: every example filter in it compiles,
// and every row of its error table gives exactly the message shown.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../../electron/core/filter/index';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/filter-language.md', import.meta.url)), 'utf8');
const body = doc.slice(0, doc.indexOf('## Grammar'));
const env = { startFileTime: 132066432000000000n };

/** Filters in ```text blocks (indented lines continue a filter, # lines are comments) and the quick tour. */
function exampleFilters(): string[] {
  const filters: string[] = [];
  for (const block of body.matchAll(/```text\n([\s\S]*?)```/g)) {
    for (const line of (block[1] as string).split('\n')) {
      if (line.startsWith('  ') && filters.length > 0) filters[filters.length - 1] += ` ${line.trim()}`;
      else if (line.trim() !== '' && !line.startsWith('#')) filters.push(line.split(/\s{3,}/)[0] as string);
    }
  }
  // The quick tour table: every `filter` in its second column.
  const tour = body.slice(body.indexOf('## Quick tour'), body.indexOf('## Fields'));
  for (const row of tour.matchAll(/^\| [^|`]+ \| (.+) \|$/gm)) {
    for (const code of (row[1] as string).matchAll(/`([^`]+)`/g)) filters.push(code[1] as string);
  }
  return filters;
}

function errorRows(): [string, string][] {
  const section = body.slice(body.indexOf('## Errors'), body.indexOf('## More examples'));
  return [...section.matchAll(/^\| `(.+?)` \| (.+?) \|$/gm)].map((m) => [m[1] as string, m[2] as string]);
}

describe('docs/filter-language.md', () => {
  const filters = exampleFilters();
  it('has examples', () => expect(filters.length).toBeGreaterThan(35));
  for (const text of filters) {
    it(`compiles: ${text}`, () => {
      const r = compileFilter(text, env);
      expect(r.ok ? '' : r.error.message).toBe('');
    });
  }
  const rows = errorRows();
  it('has an error table', () => expect(rows.length).toBeGreaterThanOrEqual(10));
  for (const [text, message] of rows) {
    it(`refuses: ${text}`, () => {
      const r = compileFilter(text.replaceAll('\\|', '|'), env);
      expect(r.ok ? '' : r.error.message).toBe(message.replaceAll('\\|', '|'));
    });
  }
});

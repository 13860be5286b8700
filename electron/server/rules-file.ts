// `serve --rules FILE`: the alert rule file web mode starts with (format: docs/alert-rules.md). It is
// read and checked before the server starts, so a typo in the path or a bad rule stops the start with
// an error naming the file and each problem's place in it (`rules[2].filter: ...`, or line and column
// for broken JSON). The process service then keeps the rules in that file: rules edited in the
// Processes view are saved back to it (as the desktop app does with userData/alert-rules.json).
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { err, ok, type Result } from '../common/result';
import { formatRuleFileErrors, parseRuleFile, resolveRules, type RuleFile } from '../core/summary/index';

export interface LoadedRuleFile {
  path: string;
  rules: RuleFile;
  /** Rules in force with this file (the built-ins it keeps, plus its own, minus those it disables). */
  activeRuleIds: string[];
  /** Why edits cannot be saved back (read-only file or folder), when that is known at start. */
  readOnly?: string;
}

/** Reads and validates the rule file at `path` (absolute). */
export async function loadRuleFile(path: string): Promise<Result<LoadedRuleFile>> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) return err('BAD_REQUEST', `--rules ${path} is not a file`, { detail: path });
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return err(
        'NOT_FOUND',
        `no alert rule file at ${path} (to start from the built-in rules, create it with ` +
          `{"version": 1, "rules": []}; the format is in docs/alert-rules.md)`,
        { detail: path },
      );
    return err('IO_ERROR', `cannot read the alert rules in ${path}: ${describe(e)}`, { detail: path });
  }
  const parsed = parseRuleFile(text);
  if (!parsed.ok) {
    const lines = formatRuleFileErrors(parsed.errors)
      .split('\n')
      .map((line) => `  ${path}: ${line}`);
    return err('PARSE_ERROR', `the alert rules in ${path} are not valid:\n${lines.join('\n')}`, {
      detail: parsed.errors[0]?.path ?? path,
    });
  }
  return ok({
    path,
    rules: parsed.value,
    activeRuleIds: resolveRules(parsed.value).map((r) => r.id),
    ...(await saveProblem(path)),
  });
}

/** Edits are saved as FILE.tmp renamed over FILE: both the file and its folder must be writable. */
async function saveProblem(path: string): Promise<{ readOnly?: string }> {
  for (const [target, what] of [
    [path, 'the file'],
    [dirname(path), 'its folder'],
  ] as const) {
    try {
      await access(target, constants.W_OK);
    } catch (e) {
      return { readOnly: `${what} is not writable (${describe(e)})` };
    }
  }
  return {};
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

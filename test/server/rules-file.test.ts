// `serve --rules FILE`: the rule file is read and checked at start (good file: the rules in force;
// a bad rule: an error naming the file and the rule's JSON path; broken JSON: line and column; a
// missing file or a folder: said so), and with it as the process service's rulesPath, rules edited
// in the UI (`alerts.setRules`) are saved back to it while invalid ones leave it untouched.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capability } from '../../electron/common/ipc/contract-kit';
import { BUILTIN_RULES } from '../../electron/core/summary/index';
import { loadRuleFile } from '../../electron/server/rules-file';
import { createAppDispatcher } from '../../electron/services/app-services';
import { browserDialogService } from '../../electron/services/dialog-service';

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'etw-rules-'));
});
afterAll(async () => {
  await chmod(join(tmp, 'locked'), 0o755).catch(() => undefined);
  await rm(tmp, { recursive: true, force: true });
});

const GOOD = JSON.stringify(
  {
    version: 1,
    rules: [
      {
        id: 'rundll32-network',
        type: 'filter',
        title: 'rundll32 on the network',
        severity: 'high',
        filter: 'provider == "Microsoft-Windows-Kernel-Network" and process.name == "rundll32.exe"',
      },
    ],
    disable: ['etw-tampering'],
  },
  null,
  2,
);
const builtinIds = BUILTIN_RULES.rules.map((r) => r.id);

describe('loadRuleFile', () => {
  it('reads a good file: the built-ins it keeps plus its own rules, minus those it disables', async () => {
    const path = join(tmp, 'good.json');
    await writeFile(path, GOOD);
    const r = await loadRuleFile(path);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.path).toBe(path);
    expect(r.value.activeRuleIds).toContain('rundll32-network');
    expect(r.value.activeRuleIds).not.toContain('etw-tampering');
    expect(r.value.activeRuleIds).toHaveLength(builtinIds.length); // one added, one disabled
    expect(r.value.readOnly).toBeUndefined();
  });

  it('names the file and the JSON path of a bad rule', async () => {
    const path = join(tmp, 'bad-rule.json');
    await writeFile(
      path,
      JSON.stringify({
        version: 1,
        rules: [
          { id: 'ok-rule', type: 'filter', filter: 'pid == 4' },
          { id: 'broken', type: 'filter', filter: 'process.name ==' },
          { id: 'typo', type: 'exfiltration', bytes: 10, windowSecs: 60 },
        ],
      }),
    );
    const r = await loadRuleFile(path);
    expect(r).toMatchObject({ ok: false, error: { code: 'PARSE_ERROR', detail: 'rules[1].filter' } });
    if (r.ok) return;
    expect(r.error.message).toContain(`the alert rules in ${path} are not valid`);
    expect(r.error.message).toContain(`${path}: rules[1].filter: `);
    expect(r.error.message).toMatch(/rules\[2\]/);
  });

  it('gives the line and column of broken JSON', async () => {
    const path = join(tmp, 'broken.json');
    await writeFile(path, '{\n  "version": 1,\n  "rules": [\n    { "id": "x", }\n  ]\n}\n');
    const r = await loadRuleFile(path);
    expect(r).toMatchObject({ ok: false, error: { code: 'PARSE_ERROR' } });
    if (!r.ok)
      expect(r.error.message).toMatch(
        new RegExp(`${path.replace(/[.\\]/g, '\\$&')}: line 4, column \\d+: not valid JSON`),
      );
  });

  it('says so for a missing file (and how to start one) or a folder', async () => {
    const missing = join(tmp, 'nope.json');
    const r = await loadRuleFile(missing);
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', detail: missing } });
    if (!r.ok) expect(r.error.message).toContain('{"version": 1, "rules": []}');
    expect(await loadRuleFile(tmp)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', detail: tmp } });
  });

  it.skipIf(process.getuid?.() === 0)(
    'warns at start when edits could not be saved (read-only folder)',
    async () => {
      const folder = join(tmp, 'locked');
      await mkdir(folder);
      const path = join(folder, 'rules.json');
      await writeFile(path, GOOD);
      await chmod(folder, 0o555);
      const r = await loadRuleFile(path);
      expect(r).toMatchObject({
        ok: true,
        value: { readOnly: expect.stringContaining('its folder is not writable') },
      });
    },
  );
});

describe('the rule file as the rules store of web mode', () => {
  const none = new Set<Capability>();
  const app = (rulesPath: string) =>
    createAppDispatcher({
      identity: {
        name: 'ETW Explorer',
        version: '1.0.0',
        mode: 'web',
        platform: 'linux',
        arch: 'x64',
        liveEtw: { available: false, code: 'UNSUPPORTED_PLATFORM', reason: 'live ETW needs Windows' },
      },
      dialog: browserDialogService,
      engineWorker: null,
      rulesPath,
    });

  it('starts with the file, saves rules edited in the UI back to it, and never saves invalid ones', async () => {
    const path = join(tmp, 'served.json');
    await writeFile(path, GOOD);
    const { dispatcher, services } = app(path);
    expect(await dispatcher.invoke('alerts.rules', undefined, none)).toMatchObject({
      ok: true,
      value: { text: GOOD, storedAt: path, applied: true, problems: [] },
    });

    const edited = GOOD.replace('"severity": "high"', '"severity": "critical"');
    expect(await dispatcher.invoke('alerts.setRules', { text: edited }, none)).toMatchObject({
      ok: true,
      value: { text: edited, applied: true, problems: [] },
    });
    expect(await readFile(path, 'utf8')).toBe(edited);

    const invalid = await dispatcher.invoke('alerts.setRules', { text: '{"version": 2, "rules": []}' }, none);
    expect(invalid).toMatchObject({ ok: true, value: { applied: false } });
    expect(await readFile(path, 'utf8')).toBe(edited);

    // The next start reads what was saved.
    const again = app(path);
    expect(await again.services.processes.rules()).toMatchObject({ ok: true, value: { text: edited } });
    services.processes.dispose();
    again.services.processes.dispose();
  });
});

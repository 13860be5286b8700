#!/usr/bin/env node
// The test command (README, CI): type-check, lint, unit tests, build, end-to-end tests; then one
// closing line `N passed, N failed`. Each check counts as one test; vitest's tests count one each.
// Flags: --no-e2e (skip build + browser tests), --only-unit.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const outDir = 'test-results';
mkdirSync(outDir, { recursive: true });

function run(label, cmd, cmdArgs) {
  console.log(`\n=== ${label}: ${cmd} ${cmdArgs.join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  return r.status === 0;
}

function step(label, cmd, cmdArgs) {
  if (run(label, cmd, cmdArgs)) results.passed++;
  else {
    results.failed++;
    failures.push(label);
  }
}

function vitest(label, config) {
  const json = join(outDir, `${label}.json`);
  rmSync(json, { force: true });
  const okRun = run(label, 'npx', [
    'vitest',
    'run',
    '--config',
    config,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${json}`,
  ]);
  if (!existsSync(json)) {
    results.failed++;
    failures.push(`${label} (no report)`);
    return;
  }
  const report = JSON.parse(readFileSync(json, 'utf8'));
  results.passed += report.numPassedTests ?? 0;
  results.failed += report.numFailedTests ?? 0;
  results.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A suite that failed to load has no tests but must still fail the run.
  const broken = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  );
  results.failed += broken.length;
  for (const f of broken) failures.push(`${label}: ${f.name} did not load`);
  if (!okRun && report.numFailedTests === 0 && broken.length === 0) {
    results.failed++;
    failures.push(`${label} (runner exit)`);
  }
  if ((report.numTotalTests ?? 0) === 0) {
    results.failed++;
    failures.push(`${label} ran no test`);
  }
}

step('typecheck', 'npm', ['run', '--silent', 'typecheck']);
step('lint', 'npm', ['run', '--silent', 'lint']);
vitest('unit', 'vitest.config.ts');
if (!args.has('--no-e2e') && !args.has('--only-unit')) {
  if (run('build', 'npm', ['run', '--silent', 'build'])) {
    results.passed++;
    vitest('e2e', 'vitest.e2e.config.ts');
  } else {
    results.failed++;
    failures.push('build');
  }
}

if (failures.length) console.log(`\nfailed: ${failures.join(', ')}`);
console.log(
  `\n${results.passed} passed, ${results.failed} failed${results.skipped ? `, ${results.skipped} skipped` : ''}`,
);
process.exit(results.failed ? 1 : 0);

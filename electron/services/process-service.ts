// Processes and alerts of open captures (`processes.*`, `alerts.*`), and the alert rules. The
// analysis itself lives in each capture's engine (core/analysis, fed by the pipeline's observer hook,
// in the capture's worker for files); this service forwards the queries to the right engine, keeps
// the rule file (in memory, and in `rulesPath` when given), re-evaluates open captures when the
// rules change, and pushes `analysis.changed` when a capture's processes or alerts change — while it
// is read or streams (following `capture.progress`, see onProgress) and after a rules change.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CaptureProgress } from '../common/ipc/messages';
import type {
  AlertList,
  AlertRules,
  AnalysisStatus,
  ProcessDetails,
  ProcessList,
  ProcessTree,
} from '../common/ipc/process-messages';
import { err, ok, type Result } from '../common/result';
import type { AnalysisAnswers, AnalysisQuery } from '../core/analysis/capture-analysis';
import { BUILTIN_RULES, parseRuleFile, type RuleFile } from '../core/summary/index';
import type { CaptureService } from './capture-service';
import type { Emit } from './emit';

export interface ProcessServiceDeps {
  captures: CaptureService;
  emit: Emit;
  /** A JSON file that keeps the user's rules between runs (absent: memory only). */
  rulesPath?: string;
  /** Least time between two `analysis.changed` of one capture while it grows (default 500 ms). */
  pushIntervalMs?: number;
  /** How often a rules change polls the engines until they finished re-evaluating (default 200 ms). */
  rebuildPollMs?: number;
  now?: () => number;
}

export interface ProcessService {
  list(captureId: string): Promise<Result<ProcessList>>;
  tree(captureId: string): Promise<Result<ProcessTree>>;
  summary(captureId: string, processKey: string): Promise<Result<ProcessDetails>>;
  alerts(captureId: string): Promise<Result<AlertList>>;
  rules(): Promise<Result<AlertRules>>;
  /** Validates and applies a rule file ('' = the built-in rules); problems come back in the value. */
  setRules(text: string): Promise<Result<AlertRules>>;
  /** The rules new captures open with (undefined = built-in). */
  currentRules(): RuleFile | undefined;
  /** Follows `capture.progress` (app-services passes every one): pushes analysis changes. */
  onProgress(progress: CaptureProgress): void;
  /** Waits for the rule file to be read (tests; calls wait by themselves). */
  ready(): Promise<void>;
  /** Stops polling (tests, shutdown). */
  dispose(): void;
}

const BUILTIN_TEXT = JSON.stringify(BUILTIN_RULES, null, 2);

interface Tracked {
  lastPush: number;
  last: string;
  timer: ReturnType<typeof setTimeout> | null;
}

export function createProcessService(deps: ProcessServiceDeps): ProcessService {
  const now = deps.now ?? (() => performance.now());
  const pushInterval = deps.pushIntervalMs ?? 500;
  const pollInterval = deps.rebuildPollMs ?? 200;
  const tracked = new Map<string, Tracked>();
  let text = '';
  let rules: RuleFile | undefined;
  let problems: AlertRules['problems'] = [];
  let applied = true;
  let disposed = false;
  const loading = load();

  async function load(): Promise<void> {
    if (!deps.rulesPath) return;
    let saved: string;
    try {
      saved = await readFile(deps.rulesPath, 'utf8');
    } catch {
      return; // no saved rules yet: the built-ins
    }
    const parsed = parseRuleFile(saved);
    text = saved;
    if (parsed.ok) rules = parsed.value;
    else {
      problems = parsed.errors;
      applied = false;
    }
  }

  async function ask<K extends AnalysisQuery['kind']>(
    captureId: string,
    query: Extract<AnalysisQuery, { kind: K }>,
  ): Promise<Result<AnalysisAnswers[K]>> {
    const host = deps.captures.host(captureId);
    if (!host) {
      tracked.delete(captureId);
      return err('NOT_FOUND', `no open capture with id '${captureId}'`);
    }
    track(captureId);
    return (await host.call('analyze', query)) as Result<AnalysisAnswers[K]>;
  }

  function track(captureId: string): Tracked {
    let t = tracked.get(captureId);
    if (t === undefined) {
      t = { lastPush: -Infinity, last: '', timer: null };
      tracked.set(captureId, t);
    }
    return t;
  }

  /** Pushes the capture's status when it changed since the last push. */
  async function pushStatus(captureId: string): Promise<AnalysisStatus | undefined> {
    const status = await ask(captureId, { kind: 'status' });
    if (!status.ok) return undefined;
    const t = track(captureId);
    const s = status.value;
    const signature = `${s.state}|${s.events}|${s.processes}|${s.alerts}`;
    t.lastPush = now();
    if (signature !== t.last && !disposed) {
      t.last = signature;
      deps.emit('analysis.changed', s);
    }
    return s;
  }

  /** After a rules change: push until the capture finished re-evaluating. */
  function pollRebuild(captureId: string): void {
    const t = track(captureId);
    if (t.timer !== null) clearTimeout(t.timer);
    t.timer = setTimeout(() => {
      t.timer = null;
      if (disposed) return;
      void pushStatus(captureId).then((s) => {
        if (s?.state === 'rebuilding') pollRebuild(captureId);
      });
    }, pollInterval);
  }

  function rulesState(): AlertRules {
    return { text, builtin: BUILTIN_TEXT, storedAt: deps.rulesPath ?? '', problems, applied };
  }

  async function save(content: string): Promise<Result<void>> {
    if (!deps.rulesPath) return ok(undefined);
    try {
      await mkdir(dirname(deps.rulesPath), { recursive: true });
      const temp = `${deps.rulesPath}.tmp`;
      await writeFile(temp, content, 'utf8');
      await rename(temp, deps.rulesPath);
      return ok(undefined);
    } catch (e) {
      return err('IO_ERROR', `cannot save the alert rules: ${e instanceof Error ? e.message : String(e)}`, {
        detail: deps.rulesPath,
      });
    }
  }

  return {
    list: (captureId) => ask(captureId, { kind: 'list' }),
    tree: (captureId) => ask(captureId, { kind: 'tree' }),
    summary: (captureId, key) => ask(captureId, { kind: 'details', key }),
    alerts: (captureId) => ask(captureId, { kind: 'alerts' }),
    async rules() {
      await loading;
      return ok(rulesState());
    },
    async setRules(offered) {
      await loading;
      const blank = offered.trim() === '';
      const parsed = blank ? null : parseRuleFile(offered);
      if (parsed !== null && !parsed.ok) {
        return ok({ ...rulesState(), text: offered, problems: parsed.errors, applied: false });
      }
      const saved = await save(offered);
      if (!saved.ok) return saved;
      text = blank ? '' : offered;
      rules = parsed?.value;
      problems = [];
      applied = true;
      for (const captureId of [...tracked.keys()]) {
        const started = await ask(captureId, { kind: 'setRules', rules: rules ?? null });
        if (started.ok) {
          deps.emit('analysis.changed', started.value);
          pollRebuild(captureId);
        }
      }
      return ok(rulesState());
    },
    currentRules: () => rules,
    onProgress(progress) {
      const captureId = progress.captureId;
      if (disposed || !deps.captures.has(captureId)) {
        tracked.delete(captureId);
        return;
      }
      const t = track(captureId);
      const final = progress.phase !== 'reading' && progress.phase !== 'live';
      if (final) {
        void pushStatus(captureId);
        return;
      }
      const wait = t.lastPush + pushInterval - now();
      if (wait <= 0) void pushStatus(captureId);
      else if (t.timer === null) {
        t.timer = setTimeout(() => {
          t.timer = null;
          if (!disposed) void pushStatus(captureId);
        }, wait);
      }
    },
    ready: () => loading,
    dispose() {
      disposed = true;
      for (const t of tracked.values()) if (t.timer !== null) clearTimeout(t.timer);
      tracked.clear();
    },
  };
}

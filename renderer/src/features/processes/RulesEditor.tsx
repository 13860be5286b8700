// The alert rule editor: the user's rule file as JSON (docs/alert-rules.md), checked by the services
// when applied. Problems are listed with their JSON path ("rules[2].patterns[0].regex") or line and
// column; a line/column problem puts the caret there. Applying re-evaluates the open capture (the
// Processes view shows "Re-evaluating…" until it is done). An empty file means the built-in rules;
// "Start from the built-ins" copies them in to edit.
import { useEffect, useRef, useState } from 'react';
import type { RuleProblem } from '@common/ipc/messages';
import { Dialog } from '../../components/Dialog';
import { sentence } from '../../lib/format';
import { useUiStore } from '../../stores/ui-store';
import { useProcessesStore } from './processes-store';

const TEMPLATE = `{
  "version": 1,
  "rules": [
    {
      "id": "my-rule",
      "type": "filter",
      "title": "rundll32 on the network",
      "severity": "high",
      "filter": "provider == \\"Microsoft-Windows-Kernel-Network\\" and process.name == \\"rundll32.exe\\"",
      "summary": "{process} talked to {props.daddr}"
    }
  ]
}
`;

function lineColumnOffset(text: string, problem: RuleProblem): number | undefined {
  const m = /^line (\d+), column (\d+)$/.exec(problem.path);
  if (!m) return undefined;
  const lines = text.split('\n');
  const line = Math.min(lines.length, Number(m[1])) - 1;
  let offset = 0;
  for (let i = 0; i < line; i++) offset += (lines[i]?.length ?? 0) + 1;
  return offset + Number(m[2]) - 1;
}

export function RulesEditor({ onClose }: { onClose(): void }) {
  const rules = useProcessesStore((s) => s.rules);
  const loadRules = useProcessesStore((s) => s.loadRules);
  const saveRules = useProcessesStore((s) => s.saveRules);
  const [text, setText] = useState<string>();
  const [problems, setProblems] = useState<RuleProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const areaRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    void loadRules();
  }, [loadRules]);
  useEffect(() => {
    if (rules && text === undefined) {
      setText(rules.text);
      setProblems(rules.problems);
    }
  }, [rules, text]);

  const apply = async (value: string) => {
    setBusy(true);
    const r = await saveRules(value);
    setBusy(false);
    if ('code' in r) {
      useUiStore.getState().notifyError('Cannot apply the rules', r);
      return;
    }
    setProblems(r.problems);
    if (r.applied) {
      useUiStore.getState().notify({
        tone: 'info',
        title: 'Alert rules applied',
        message:
          value.trim() === '' ? 'Using the built-in rules.' : 'The open capture is being evaluated again.',
      });
      onClose();
    }
  };

  const jumpTo = (problem: RuleProblem) => {
    const offset = lineColumnOffset(text ?? '', problem);
    const area = areaRef.current;
    if (offset === undefined || !area) return;
    area.focus();
    area.setSelectionRange(offset, offset + 1);
  };

  return (
    <Dialog
      title="Alert rules"
      onClose={onClose}
      width={760}
      testId="rules-editor"
      footer={
        <>
          <span className="pv-faint pv-rules-where">
            {rules?.storedAt ? `Saved in ${rules.storedAt}` : 'Kept while the app runs'}
          </span>
          <button
            type="button"
            className="button"
            onClick={() => setText(rules?.builtin ?? '')}
            disabled={busy}
          >
            Start from the built-ins
          </button>
          <button type="button" className="button" onClick={() => void apply('')} disabled={busy}>
            Use the built-in rules
          </button>
          <button
            type="button"
            className="button button-primary"
            data-testid="rules-apply"
            onClick={() => void apply(text ?? '')}
            disabled={busy || text === undefined}
          >
            Apply
          </button>
        </>
      }
    >
      <p className="dialog-text">
        A JSON rule file: rules of type <code>exfiltration</code>, <code>beaconing</code>,{' '}
        <code>cross-process-thread</code>, <code>powershell</code>, <code>etw-tampering</code> and{' '}
        <code>filter</code> (any filter-language expression). Rules replace built-in rules with the same id;{' '}
        <code>&quot;disable&quot;: [ids]</code> switches rules off. Empty = the built-in rules.
      </p>
      <textarea
        ref={areaRef}
        className="pv-rules-text mono"
        data-testid="rules-text"
        spellCheck={false}
        value={text ?? ''}
        placeholder={TEMPLATE}
        onChange={(e) => setText(e.target.value)}
        aria-label="Rule file (JSON)"
      />
      {problems.length > 0 ? (
        <ul className="pv-problems" data-testid="rules-problems">
          {problems.map((p, i) => (
            <li key={i}>
              <button type="button" className="pv-link mono" onClick={() => jumpTo(p)}>
                {p.path}
              </button>
              : {sentence(p.message)}
            </li>
          ))}
        </ul>
      ) : null}
    </Dialog>
  );
}

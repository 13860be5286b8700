// Web mode's "Open…": the browser cannot hand over a file path, so the user types a path on the
// machine that runs the server. Errors (no such file, not readable...) show under the field and the
// dialog stays open for a correction.
import { useState, type FormEvent } from 'react';
import type { FileKind } from '@common/ipc/file-kinds';
import type { AppError } from '@common/result';
import { Dialog } from '../../components/Dialog';
import { useUiStore } from '../../stores/ui-store';
import { openPath } from './open-actions';

const TEXT: Record<FileKind, { title: string; hint: string; placeholder: string }> = {
  capture: {
    title: 'Open capture on the server',
    hint: 'An .etl file recorded on Windows (by WPR, xperf, logman, PerfView or ETW Explorer).',
    placeholder: '/home/analyst/traces/boot.etl',
  },
  manifest: {
    title: 'Open manifest or binary on the server',
    hint: 'An instrumentation manifest (.man, .xml) or a binary with an embedded manifest (.dll, .exe, .sys).',
    placeholder: 'C:\\Windows\\System32\\drivers\\tcpip.sys',
  },
};

export function OpenPathDialog({ fileKind, initialPath }: { fileKind: FileKind; initialPath?: string }) {
  const close = useUiStore((s) => s.closeDialog);
  const [path, setPath] = useState(initialPath ?? '');
  const [error, setError] = useState<AppError | undefined>();
  const [busy, setBusy] = useState(false);
  const text = TEXT[fileKind];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = path.trim();
    if (!trimmed) return;
    setBusy(true);
    const failure = await openPath(fileKind, trimmed, { quiet: true });
    setBusy(false);
    if (failure) setError(failure);
    else close();
  };

  return (
    <Dialog
      title={text.title}
      onClose={close}
      testId="open-path-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button
            type="submit"
            form="open-path-form"
            className="button button-primary"
            disabled={busy || !path.trim()}
          >
            {busy ? 'Opening…' : 'Open'}
          </button>
        </>
      }
    >
      <form id="open-path-form" onSubmit={(e) => void submit(e)}>
        <p className="dialog-text">Web mode reads files on the machine running the server. {text.hint}</p>
        <label className="field-label" htmlFor="open-path-input">
          Path on the server
        </label>
        <input
          id="open-path-input"
          className="text-input mono"
          autoFocus
          spellCheck={false}
          autoComplete="off"
          placeholder={text.placeholder}
          value={path}
          onChange={(e) => {
            setPath(e.target.value);
            setError(undefined);
          }}
        />
        {error ? (
          <div className="field-error" role="alert" data-testid="open-path-error">
            <span className="field-error-code">{error.code}</span> {error.message}
          </div>
        ) : null}
      </form>
    </Dialog>
  );
}

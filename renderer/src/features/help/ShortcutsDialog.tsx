// Help › Keyboard Shortcuts: generated from the same table the key handler uses (lib/shortcuts.ts).
import { Dialog } from '../../components/Dialog';
import { formatCombo, isMac, SHORTCUTS } from '../../lib/shortcuts';
import { useUiStore } from '../../stores/ui-store';

export function ShortcutsDialog() {
  const close = useUiStore((s) => s.closeDialog);
  const mac = isMac();
  return (
    <Dialog title="Keyboard shortcuts" onClose={close} width={480} testId="shortcuts-dialog">
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.id}>
              <td>{s.description}</td>
              <td className="shortcut-keys">
                {s.keys.map((k, i) => (
                  <span key={i}>
                    {i > 0 ? <span className="shortcut-or">or</span> : null}
                    <kbd>{formatCombo(k, mac)}</kbd>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="dialog-note">Space and / act only when the focus is not in a text field.</p>
    </Dialog>
  );
}

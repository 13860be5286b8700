// A modal dialog on the native <dialog> element (focus trap, Esc and backdrop for free). The parent
// decides whether it is open; closing for any reason calls onClose.
import { useEffect, useRef, type ReactNode } from 'react';
import { Icon } from './Icon';

export function Dialog(props: {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  width?: number;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    // showModal focuses the first button (Close); start in the body unless a field asked for focus.
    if (document.activeElement?.classList.contains('dialog-close')) bodyRef.current?.focus();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      style={{ width: props.width ?? 520 }}
      aria-label={props.title}
      data-testid={props.testId}
      onClose={props.onClose}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      onMouseDown={(e) => {
        if (e.target === ref.current) props.onClose();
      }}
    >
      <header className="dialog-header">
        <h2>{props.title}</h2>
        <button type="button" className="icon-button dialog-close" onClick={props.onClose} aria-label="Close">
          <Icon name="close" />
        </button>
      </header>
      <div className="dialog-body" ref={bodyRef} tabIndex={-1}>
        {props.children}
      </div>
      {props.footer ? <footer className="dialog-footer">{props.footer}</footer> : null}
    </dialog>
  );
}

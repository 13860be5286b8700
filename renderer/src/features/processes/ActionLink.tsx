// A link-styled button (an address, a count, a name, mostly inside a table row): clicking it does its
// own action — usually "show these events" in the Events view — without selecting the row under it.
import type { ReactNode } from 'react';

export function ActionLink(props: {
  onClick(): void;
  children: ReactNode;
  title?: string;
  testId?: string;
  mono?: boolean;
}) {
  return (
    <button
      type="button"
      className={`pv-link ${props.mono ? 'mono' : ''}`}
      title={props.title}
      data-testid={props.testId}
      onClick={(e) => {
        e.stopPropagation();
        props.onClick();
      }}
    >
      {props.children}
    </button>
  );
}

// A row of joined buttons of which one is on (Processes | Alerts, Tree | List, Linear | Log): a group
// with an accessible name whose buttons say aria-pressed. The chosen value is the caller's state.
import type { ReactNode } from 'react';
import './toggle-group.css';

export interface ToggleOption<V extends string> {
  value: V;
  label: ReactNode;
  testId?: string;
}

export function ToggleGroup<V extends string>(props: {
  /** The accessible name of the group ("Layout", "Scale"). */
  label: string;
  value: V;
  options: readonly ToggleOption<V>[];
  onChange(value: V): void;
}) {
  return (
    <div className="toggle-group" role="group" aria-label={props.label}>
      {props.options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={props.value === o.value}
          data-testid={o.testId}
          onClick={() => props.onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

// A search or filter box (the process search, the provider catalog's filter and search): an icon and a
// borderless input in one bordered field that lights up while it has focus. Escape empties a box that
// has text (and goes no further); in an empty box it is left to the shell (closing an overlay).
import type { Ref } from 'react';
import { Icon, type IconName } from './Icon';
import './search-box.css';

export function SearchBox(props: {
  value: string;
  onChange(value: string): void;
  /** The accessible name. */
  label: string;
  placeholder?: string;
  testId?: string;
  /** The field's size and place in its view. */
  className?: string;
  icon?: IconName;
  iconSize?: number;
  /** 'search' adds the browser's clear button. */
  type?: 'search' | 'text';
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <label className={`search-box ${props.className ?? ''}`}>
      <Icon name={props.icon ?? 'search'} size={props.iconSize ?? 14} />
      <input
        ref={props.inputRef}
        type={props.type ?? 'text'}
        className="search-box-input"
        data-testid={props.testId}
        aria-label={props.label}
        placeholder={props.placeholder}
        spellCheck={false}
        autoComplete="off"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || !props.value) return;
          e.stopPropagation();
          props.onChange('');
        }}
      />
    </label>
  );
}

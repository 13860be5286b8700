// The columns the provider tabs share (Levels, Channels, Tasks & opcodes, Keywords, Maps, Events): a
// schema item's numeric value, its display name (the "win:" prefix dropped, the full name in the
// tooltip), how many of the provider's events use it, and its message.
import type { DataGridColumn } from '../../components/DataGrid';
import { displayName } from './schema-names';

/** "Value": the item's number, right-aligned. */
export function valueColumn<T>(value: (row: T) => number, width = 64): DataGridColumn<T> {
  return { id: 'value', label: 'Value', width, align: 'right', mono: true, render: value, sort: value };
}

/** The item's name as the manifest's readers show it; sorts by the full name. */
export function nameColumn<T>(
  label: string,
  name: (row: T) => string,
  size: { width: number; grow: number },
): DataGridColumn<T> {
  return {
    id: 'name',
    label,
    ...size,
    render: (r) => displayName(name(r)),
    sort: name,
    title: name,
  };
}

/** A count, right-aligned: by default "Events", how many of the provider's events use the item. */
export function countColumn<T>(
  count: (row: T) => number,
  header: { id: string; label: string; headerTitle?: string } = { id: 'events', label: 'Events' },
): DataGridColumn<T> {
  return { ...header, width: 64, align: 'right', mono: true, render: count, sort: count };
}

/** "Message": the item's message text, whole in the tooltip; `sortable` sorts by it. */
export function messageColumn<T>(
  message: (row: T) => string | undefined,
  size: { width: number; grow: number; sortable?: boolean },
): DataGridColumn<T> {
  return {
    id: 'message',
    label: 'Message',
    width: size.width,
    grow: size.grow,
    render: (r) => message(r) ?? '',
    ...(size.sortable ? { sort: (r: T) => message(r) ?? '' } : {}),
    title: message,
  };
}

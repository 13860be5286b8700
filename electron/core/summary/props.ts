// Reading decoded properties without trusting their shape: the same field is a number in one
// manifest version and a hex string ("0x1f", pointers) or a decimal string (u64 beyond 2^53) in another,
// and a property may be missing when decoding stopped early. Every reader returns a safe default.

import type { PropValue } from '../../common/model/event';
import { isoToFileTime } from '../../common/time';

export type Props = { readonly [name: string]: PropValue };

/** An integer property: numbers as is, "0x.." and decimal strings parsed; else `fallback`. */
export function propInt(props: Props, name: string, fallback = -1): number {
  const v = props[name];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') {
    const n = v.startsWith('0x') || v.startsWith('0X') ? parseInt(v.slice(2), 16) : Number(v);
    return Number.isFinite(n) ? n : fallback;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return fallback;
}

/** The first of several alternative property names that holds an integer. */
export function propIntOf(props: Props, names: readonly string[], fallback = -1): number {
  for (const name of names) {
    if (props[name] !== undefined) return propInt(props, name, fallback);
  }
  return fallback;
}

/** A text property ('' when missing; numbers and booleans as text). */
export function propStr(props: Props, name: string): string {
  const v = props[name];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** The first non-empty text among alternative names. */
export function propStrOf(props: Props, names: readonly string[]): string {
  for (const name of names) {
    const s = propStr(props, name);
    if (s !== '') return s;
  }
  return '';
}

/** A key for pointer-like props (FileObject, FileKey): the text as decoded, or '' when absent. */
export function propKey(props: Props, name: string): string {
  const v = props[name];
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'number') return '0x' + v.toString(16);
  return '';
}

/**
 * Trace ticks of an ISO time property (e.g. CreateTime), given the trace start FILETIME; null when the
 * property is missing, malformed, zero, or the start time is unknown.
 */
export function propTicks(props: Props, name: string, startFileTime: bigint | undefined): number | null {
  if (startFileTime === undefined) return null;
  const v = props[name];
  if (typeof v !== 'string') return null;
  const ft = isoToFileTime(v);
  if (ft === undefined || ft <= 0n) return null;
  return Number(ft - startFileTime);
}

/**
 * A pointer-valued property as hex text: the decoder's display string when it made one (pointers
 * decoded from TRACE_EVENT_INFO metadata are numbers with a hex display), else the value in hex.
 */
export function propAddress(
  props: Props,
  display: { readonly [path: string]: string } | null,
  names: readonly string[],
): string {
  for (const name of names) {
    const shown = display?.[name];
    if (shown !== undefined) return shown;
    const v = props[name];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return '0x' + v.toString(16);
  }
  return '';
}

// Keyword masks as ETW applies them. Masks cross IPC as hex strings ("0x8000000000000010"); here they
// become bigints. The picker ORs the ticked keywords into MatchAnyKeyword and, when "require all" is on,
// into MatchAllKeyword too; an event passes when its keywords are 0, or share a bit with MatchAny
// (any = 0 takes every event) and hold every bit of MatchAll; and its level is within the session level.

/** A hex ("0x50") or decimal mask; anything unreadable is 0. */
export function parseMask(text: string | undefined): bigint {
  if (!text) return 0n;
  try {
    return BigInt(text.trim());
  } catch {
    return 0n;
  }
}

/** "0x50": lower-case hex without padding. */
export const formatMask = (mask: bigint): string => `0x${mask.toString(16)}`;

export function orMasks(masks: Iterable<string>): bigint {
  let out = 0n;
  for (const m of masks) out |= parseMask(m);
  return out;
}

export interface KeywordSelection {
  matchAny: bigint;
  matchAll: bigint;
  /** Maximum event level; 255 takes every level. */
  level: number;
}

export function eventPasses(keywords: string, level: number, selection: KeywordSelection): boolean {
  if (level !== 0 && level > selection.level) return false;
  const k = parseMask(keywords);
  if (k === 0n) return true;
  if (selection.matchAny !== 0n && (k & selection.matchAny) === 0n) return false;
  return (k & selection.matchAll) === selection.matchAll;
}

/** Whether a keyword's bits are all set in `mask` (keyword masks may hold more than one bit). */
export function maskHas(mask: bigint, keywordMask: bigint): boolean {
  return keywordMask !== 0n && (mask & keywordMask) === keywordMask;
}

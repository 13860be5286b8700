// Reading kernel StackWalk records (class def2fe46-..., group 0x18) straight from their payload, for
// attaching stacks to the events they belong to (core/pipeline/stack-table.ts) and listing their
// frames (the detail pane). The layouts are the ones the kernel tables decode (kernel/tables/
// stack-walk.ts; KMOF StackWalk_Event, StackWalk_StackKey, StackWalk_KeyDefinition), read without the
// decoder because the ingest looks at every StackWalk record:
//   Stack (32):               EventTimeStamp u64 @0, StackProcess u32 @8, StackThread u32 @12,
//                             frames ptr[] @16 to the end of the payload
//   StackKeyKernel/User (37/38): the same owner, then StackKey ptr @16
//   KeyCreate/Delete/Rundown (34/35/36): key ptr @0, frames ptr[] to the end
// Pointers are the record's pointer size. EventTimeStamp is the raw clock value of the event the stack
// belongs to (the same clock as record timestamps). A short payload reads as false (or fewer frames),
// never a throw; the ingest-time readers fill caller-owned objects and allocate nothing.

import type { RawEvent } from '../events/raw-event';
import { u64Hex } from './format';

/** The StackWalk class GUID (RawEvent.providerId of its records). */
export const STACK_WALK_CLASS = 'def2fe46-7bd6-4b80-bd94-f57fe20d0ce3';

/** StackWalk event types (RawEvent.opcode). */
export const StackWalkType = {
  Stack: 32,
  KeyCreate: 34,
  KeyDelete: 35,
  KeyRundown: 36,
  StackKeyKernel: 37,
  StackKeyUser: 38,
} as const;

/** PerfInfo (group 0x0f): Sample (46) and PMCSample (47) start with InstructionPointer ptr, ThreadId u32. */
export const PERF_INFO_CLASS = 'ce1dbfb4-137e-4da6-87b0-3f59aa102cbc';
const PERF_INFO_SAMPLE = 46;
const PERF_INFO_PMC_SAMPLE = 47;

/** Bytes before the frames (or the key) of a Stack / StackKey record. */
const OWNER_BYTES = 16;
/** Most frames read from one record (KMOF StackWalk_Event declares 192; the payload bounds it anyway). */
const MAX_FRAMES = 1024;

/** Who a Stack or StackKey record belongs to; `stampLo`/`stampHi` are EventTimeStamp's halves. */
export interface StackOwner {
  stampLo: number;
  stampHi: number;
  pid: number;
  tid: number;
}

/** A stack key (a kernel pointer) as its 32-bit halves; `hi` is 0 for 32-bit keys. */
export interface StackKey {
  lo: number;
  hi: number;
}

function u32At(p: Uint8Array, at: number): number {
  return (
    ((p[at] as number) |
      ((p[at + 1] as number) << 8) |
      ((p[at + 2] as number) << 16) |
      ((p[at + 3] as number) << 24)) >>>
    0
  );
}

/**
 * Tells whether a RawEvent.providerId is one class GUID, remembering the string object that matched:
 * readers intern GUID strings, so after the first match the test is one pointer comparison (comparing
 * two equal GUID strings character by character costs more than the rest of a per-event check).
 */
export class ClassMatcher {
  private matched = '';

  constructor(private readonly guid: string) {}

  test(providerId: string): boolean {
    if (providerId === this.matched) return true;
    if (providerId !== this.guid) return false;
    this.matched = providerId;
    return true;
  }
}

/**
 * The thread a record without one in its header (PERFINFO) names in its payload — the sampled thread
 * of PerfInfo Sample and PMCSample (TraceEvent reads their ThreadID the same way) — else -1.
 */
export function payloadThreadOf(raw: RawEvent, perfInfo = new ClassMatcher(PERF_INFO_CLASS)): number {
  if (raw.opcode !== PERF_INFO_SAMPLE && raw.opcode !== PERF_INFO_PMC_SAMPLE) return -1;
  const p = raw.payload;
  const at = raw.pointerSize;
  if (p.length < at + 4 || !perfInfo.test(raw.providerId)) return -1;
  return u32At(p, at);
}

/**
 * Reads EventTimeStamp, StackProcess and StackThread of a Stack/StackKey record into `owner` (the ingest
 * reads every stack record: nothing is allocated); false when the payload is too short.
 */
export function readStackOwner(payload: Uint8Array, owner: StackOwner): boolean {
  if (payload.length < OWNER_BYTES) return false;
  owner.stampLo = u32At(payload, 0);
  owner.stampHi = u32At(payload, 4);
  owner.pid = u32At(payload, 8);
  owner.tid = u32At(payload, 12);
  return true;
}

function readKey(payload: Uint8Array, at: number, width: 4 | 8, key: StackKey): boolean {
  if (at + width > payload.length) return false;
  key.lo = u32At(payload, at);
  key.hi = width === 8 ? u32At(payload, at + 4) : 0;
  return true;
}

/** Reads the key a StackKeyKernel/User (37/38) record refers to; false when the payload is too short. */
export function readStackKey(payload: Uint8Array, pointerSize: 4 | 8, key: StackKey): boolean {
  return readKey(payload, OWNER_BYTES, pointerSize, key);
}

/** Reads the key a KeyCreate/Delete/Rundown (34-36) record defines; false when the payload is too short. */
export function readDefinedKey(payload: Uint8Array, pointerSize: 4 | 8, key: StackKey): boolean {
  return readKey(payload, 0, pointerSize, key);
}

/** A key as hex ("0xfffffa830332e4d0"). */
export function stackKeyText(key: StackKey): string {
  return u64Hex(key.lo, key.hi);
}

/** Frames (hex addresses, innermost first) from `from` to the end of the payload, at most MAX_FRAMES. */
function framesFrom(payload: Uint8Array, from: number, width: 4 | 8): string[] {
  const frames: string[] = [];
  for (let at = from; at + width <= payload.length && frames.length < MAX_FRAMES; at += width) {
    frames.push(
      width === 4
        ? '0x' + u32At(payload, at).toString(16)
        : u64Hex(u32At(payload, at), u32At(payload, at + 4)),
    );
  }
  return frames;
}

/** The frames of a Stack (32) record. */
export function stackRecordFrames(payload: Uint8Array, pointerSize: 4 | 8): string[] {
  return framesFrom(payload, OWNER_BYTES, pointerSize);
}

/** The frames of a KeyCreate/Delete/Rundown (34-36) record. */
export function keyDefinitionFrames(payload: Uint8Array, pointerSize: 4 | 8): string[] {
  return payload.length < pointerSize ? [] : framesFrom(payload, pointerSize, pointerSize);
}

/** True for the key definition types (34, 35, 36). */
export function isKeyDefinition(type: number): boolean {
  return type >= StackWalkType.KeyCreate && type <= StackWalkType.KeyRundown;
}

/** True for the stack key references (37 kernel part, 38 user part). */
export function isStackKey(type: number): boolean {
  return type === StackWalkType.StackKeyKernel || type === StackWalkType.StackKeyUser;
}

// An event's call stack for the detail pane, put together when the pane asks: from the event's own
// extended data (StackTrace32/64 frames, or a stack key), else from the kernel StackWalk records the
// stack table attached to it (stack-table.ts) — Stack records give frames, StackKey records name a key
// whose frames a key definition gives — read back from the store. A StackWalk record shown itself lists
// its own frames (a StackKey record, its key's). The frames are then resolved to module + offset by the
// capture analysis (analysis/stack-frames.ts), at the event's time, in the process the stack names.
import type { CallStack, StackFrame } from '../../common/ipc/messages';
import type { PropValue } from '../../common/model/event';
import type { FrameContext } from '../analysis/stack-frames';
import {
  isKeyDefinition,
  isStackKey,
  keyDefinitionFrames,
  readStackKey,
  readStackOwner,
  STACK_WALK_CLASS,
  StackWalkType,
  stackKeyText,
  stackRecordFrames,
  type StackKey,
  type StackOwner,
} from '../decode/stack-walk';
import { ExtType, type RawEvent } from '../events/raw-event';
import type { StackTable } from './stack-table';

export interface FrameResolver {
  resolveFrames(addresses: readonly string[], context: FrameContext): StackFrame[];
}

export interface StoredRecords {
  raw(seq: number): RawEvent | undefined;
}

type Ext = { [name: string]: PropValue };

/** Frames of one StackWalk record (or of the extended data), before resolution. */
interface Part {
  frames: string[];
  width: 4 | 8;
  pid: number;
  recordSeq: number;
  /** 0: kernel part or whole stack, 1: user part (StackKeyUser): listed after. */
  rank: number;
  fromKey: boolean;
  note?: string;
}

export class CallStacks {
  constructor(
    private readonly table: StackTable,
    private readonly store: StoredRecords,
    private readonly resolver: FrameResolver,
  ) {}

  /** The stack of stored event `seq` (`raw` is that event, `ext` its decoded extended data). */
  of(seq: number, raw: RawEvent, ext: Ext | undefined): CallStack | undefined {
    if (raw.providerId === STACK_WALK_CLASS) return this.own(seq, raw);
    const fromExt = this.fromExtendedData(seq, raw, ext);
    if (fromExt !== undefined) return fromExt;
    const parts: Part[] = [];
    for (const recordSeq of this.table.recordsOf(seq)) {
      const record = this.store.raw(recordSeq);
      if (record !== undefined) parts.push(this.partOf(recordSeq, record));
    }
    if (parts.length === 0) return undefined;
    parts.sort((a, b) => a.rank - b.rank);
    return this.resolve(parts, raw.ticks, parts.some((p) => p.fromKey) ? 'stack-key' : 'stack-walk');
  }

  /** A StackWalk record's own frames (a StackKey record: its key's; a key definition: its frames). */
  private own(seq: number, raw: RawEvent): CallStack | undefined {
    if (isKeyDefinition(raw.opcode)) {
      const frames = keyDefinitionFrames(raw.payload, raw.pointerSize);
      const part: Part = { frames, width: raw.pointerSize, pid: -1, recordSeq: seq, rank: 0, fromKey: true };
      return this.resolve([part], raw.ticks, 'stack-key');
    }
    if (raw.opcode !== StackWalkType.Stack && !isStackKey(raw.opcode)) return undefined;
    const part = this.partOf(seq, raw);
    return this.resolve([part], raw.ticks, part.fromKey ? 'stack-key' : 'stack-walk');
  }

  private partOf(recordSeq: number, record: RawEvent): Part {
    const owner: StackOwner = { stampLo: 0, stampHi: 0, pid: -1, tid: -1 };
    const pid = readStackOwner(record.payload, owner) ? owner.pid : -1;
    const width = record.pointerSize;
    if (!isStackKey(record.opcode))
      return {
        frames: stackRecordFrames(record.payload, width),
        width,
        pid,
        recordSeq,
        rank: 0,
        fromKey: false,
      };
    const rank = record.opcode === StackWalkType.StackKeyUser ? 1 : 0;
    const key: StackKey = { lo: 0, hi: 0 };
    const what = rank === 1 ? 'user part' : 'kernel part';
    const keyed = readStackKey(record.payload, width, key)
      ? this.keyFrames(key, recordSeq, what)
      : { frames: [], width, note: `the stack key record (${what}) is too short` };
    return { ...keyed, pid, recordSeq, rank, fromKey: true };
  }

  /** The frames a key definition gives for a use of `key` at `usedAt`. */
  private keyFrames(key: StackKey, usedAt: number, what: string): Pick<Part, 'frames' | 'width' | 'note'> {
    const definition = this.table.definitionFor(key, usedAt);
    const record = definition === undefined ? undefined : this.store.raw(definition);
    if (record === undefined) {
      const text = stackKeyText(key);
      return { frames: [], width: 8, note: `no definition of stack key ${text} (${what}) was stored` };
    }
    return { frames: keyDefinitionFrames(record.payload, record.pointerSize), width: record.pointerSize };
  }

  private fromExtendedData(seq: number, raw: RawEvent, ext: Ext | undefined): CallStack | undefined {
    if (ext === undefined) return undefined;
    const stack = ext.stack;
    if (Array.isArray(stack)) {
      const part: Part = {
        frames: stack.map(String),
        width: raw.ext.some((item) => item.type === ExtType.StackTrace64) ? 8 : 4,
        pid: raw.pid,
        recordSeq: -1,
        rank: 0,
        fromKey: false,
      };
      return { ...this.resolve([part], raw.ticks, 'extended-data'), recordSeqs: [] };
    }
    const stackKey = ext.stackKey;
    if (typeof stackKey !== 'number' && typeof stackKey !== 'string') return undefined;
    const value = BigInt(stackKey);
    const key: StackKey = { lo: Number(value & 0xffffffffn), hi: Number((value >> 32n) & 0xffffffffn) };
    const keyed = this.keyFrames(key, seq, 'extended data');
    const part: Part = { ...keyed, pid: raw.pid, recordSeq: -1, rank: 0, fromKey: true };
    return { ...this.resolve([part], raw.ticks, 'extended-data'), recordSeqs: [] };
  }

  private resolve(parts: readonly Part[], ticks: number, source: CallStack['source']): CallStack {
    const frames: StackFrame[] = [];
    const notes: string[] = [];
    for (const part of parts) {
      frames.push(...this.resolver.resolveFrames(part.frames, { pid: part.pid, ticks, width: part.width }));
      if (part.note !== undefined) notes.push(part.note);
    }
    const stack: CallStack = {
      source,
      frames,
      pid: parts[0]?.pid ?? -1,
      recordSeqs: parts.map((p) => p.recordSeq),
    };
    if (notes.length > 0) stack.note = notes.join('; ');
    return stack;
  }
}

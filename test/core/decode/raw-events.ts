// Synthetic RawEvents for registry and decoder tests (the shape the ETL reader and the live addon give).
import { RecordKind, type ExtItem, type RawEvent } from '../../../electron/core/events/raw-event';

export function rawEvent(overrides: Partial<RawEvent> = {}): RawEvent {
  return {
    kind: RecordKind.EventHeader,
    headerType: 0x13,
    pointerSize: 8,
    ticks: 12_345_678,
    cpu: 1,
    pid: 100,
    tid: 200,
    providerId: '11111111-2222-3333-4444-555555555555',
    id: 1,
    version: 0,
    channel: 16,
    level: 4,
    opcode: 0,
    task: 0,
    keywords: 0x8000000000000000n,
    flags: 0,
    group: -1,
    activityId: '',
    ext: [],
    payload: new Uint8Array(0),
    bufferOffset: 0,
    recordOffset: 0,
    ...overrides,
  };
}

/** A classic (FULL_HEADER) event of class `classGuid` with event type `opcode`. */
export function classicEvent(classGuid: string, opcode: number, payload: Uint8Array, version = 0): RawEvent {
  return rawEvent({
    kind: RecordKind.Full,
    headerType: 0x14,
    providerId: classGuid,
    id: 0,
    opcode,
    version,
    payload,
    channel: 0,
  });
}

export const ext = (type: number, data: Uint8Array): ExtItem => ({ type, data });

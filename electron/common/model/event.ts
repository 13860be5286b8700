// The decoded event as it crosses IPC and leaves the CLI: the `etwx dump` JSONL shape.
// Values are JSON: 64-bit integers beyond 2^53 are strings, keywords are hex strings, times ISO 8601
// UTC with 7 fractional digits. The renderer's detail pane shows exactly this.

export type PropValue = string | number | boolean | null | PropValue[] | { [name: string]: PropValue };

export interface EventJson {
  /** ISO 8601 UTC, 7 fractional digits. */
  ts: string;
  provider: { guid: string; name: string };
  event: {
    id: number;
    version: number;
    opcode: number;
    task: number;
    level: number;
    /** Hex string, e.g. "0x8000000000000010". */
    keywords: string;
    channel: number;
    name: string;
  };
  pid: number;
  tid: number;
  cpu: number;
  /** True for classic and kernel events: provider.guid is the event class GUID, event.opcode the type. */
  classic: boolean;
  props: { [name: string]: PropValue };
  /** Display strings for props whose text differs from the value (maps, addresses, error names...). */
  display?: { [name: string]: string };
  /** Extended data items, decoded (relatedActivityId, sid, stack, processStartKey, ...). */
  ext?: { [name: string]: PropValue };
  /** Payload bytes as hex, when the event has no schema or decoding failed. */
  raw?: string;
  /** Why decoding stopped, when it did. */
  decodeError?: string;
}

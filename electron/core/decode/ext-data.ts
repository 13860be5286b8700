// Extended data items of an EVENT_HEADER record (evntcons.h EVENT_HEADER_EXT_TYPE_*), decoded into the
// `ext` object of EventJson: relatedActivityId, sid, tsId, instanceInfo, stack (+ stackMatchId),
// pebsIndex, pmcCounters, psmKey, eventKey, processStartKey, controlGuid, qpcDelta, containerId,
// stackKey. TraceLogging metadata items (11, 12) are schema, not data, and are left out. Unknown or
// malformed items appear as `ext<N>` with their bytes in hex, so nothing is lost.

import type { PropValue } from '../../common/model/event';
import { guidToString } from '../binary/guid';
import { ExtType, type ExtItem } from '../events/raw-event';
import { bytesToHex, sidToString, u64Hex, u64Json } from './format';

type Ext = { [name: string]: PropValue };

function u64At(view: DataView, at: number): number | string {
  return u64Json(view.getUint32(at, true), view.getUint32(at + 4, true));
}

function stack(view: DataView, length: number, width: 4 | 8): PropValue[] {
  const frames: PropValue[] = [];
  for (let at = 8; at + width <= length; at += width) {
    frames.push(
      width === 4
        ? '0x' + view.getUint32(at, true).toString(16)
        : u64Hex(view.getUint32(at, true), view.getUint32(at + 4, true)),
    );
  }
  return frames;
}

/** Decodes one item into `out`; false when its size does not fit its type. */
function decodeItem(item: ExtItem, out: Ext): boolean {
  const d = item.data;
  const n = d.length;
  const view = new DataView(d.buffer, d.byteOffset, n);
  switch (item.type) {
    case ExtType.RelatedActivityId:
      if (n < 16) return false;
      out.relatedActivityId = guidToString(d, 0);
      return true;
    case ExtType.Sid: {
      if (n < 8) return false;
      const sub = d[1] as number;
      if (sub > 15 || n < 8 + 4 * sub) return false;
      out.sid = sidToString(d, view, 0, sub);
      return true;
    }
    case ExtType.TsId:
      if (n < 4) return false;
      out.tsId = view.getUint32(0, true);
      return true;
    case ExtType.InstanceInfo:
      if (n < 24) return false;
      out.instanceInfo = {
        instanceId: view.getUint32(0, true),
        parentInstanceId: view.getUint32(4, true),
        parentGuid: guidToString(d, 8),
      };
      return true;
    case ExtType.StackTrace32:
    case ExtType.StackTrace64:
      if (n < 8) return false;
      out.stackMatchId = u64At(view, 0);
      out.stack = stack(view, n, item.type === ExtType.StackTrace32 ? 4 : 8);
      return true;
    case ExtType.StackKey32:
    case ExtType.StackKey64:
      if (n < 16) return false;
      out.stackMatchId = u64At(view, 0);
      out.stackKey = item.type === ExtType.StackKey32 ? view.getUint32(8, true) : u64At(view, 8);
      return true;
    case ExtType.PebsIndex:
    case ExtType.PsmKey:
    case ExtType.EventKey:
    case ExtType.ProcessStartKey:
    case ExtType.QpcDelta: {
      if (n < 8) return false;
      const names: Record<number, string> = {
        [ExtType.PebsIndex]: 'pebsIndex',
        [ExtType.PsmKey]: 'psmKey',
        [ExtType.EventKey]: 'eventKey',
        [ExtType.ProcessStartKey]: 'processStartKey',
        [ExtType.QpcDelta]: 'qpcDelta',
      };
      out[names[item.type] as string] = u64At(view, 0);
      return true;
    }
    case ExtType.PmcCounters: {
      const counters: PropValue[] = [];
      for (let at = 0; at + 8 <= n; at += 8) counters.push(u64At(view, at));
      out.pmcCounters = counters;
      return true;
    }
    case ExtType.ControlGuid:
    case ExtType.ContainerId:
      if (n < 16) return false;
      out[item.type === ExtType.ControlGuid ? 'controlGuid' : 'containerId'] = guidToString(d, 0);
      return true;
    default:
      return false;
  }
}

/** The `ext` object for an event's items, or undefined when there is nothing to show. */
export function decodeExtendedData(items: readonly ExtItem[]): Ext | undefined {
  let out: Ext | undefined;
  for (const item of items) {
    if (item.type === ExtType.EventSchemaTl || item.type === ExtType.ProvTraits) continue;
    out ??= {};
    if (!decodeItem(item, out)) out[`ext${item.type}`] = bytesToHex(item.data);
  }
  return out;
}

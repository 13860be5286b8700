// TEMP item descriptors (+ the template BinXML) → FieldSchema[].
// Known for certain (Sealighter, libfwevt samples): in-type and out-type bytes, fixed count and length
// (0 = none), the name. The remaining descriptor words are 0 in every public sample; we read them the
// way TRACE_EVENT_INFO's EVENT_PROPERTY_INFO encodes the same facts (tdh.h PROPERTY_FLAGS): flags 0x1 =
// struct (then the u16 at +4 is the first member's index and the u16 at +6 the member count), 0x2 = the
// length comes from the field whose index is `length`, 0x4 = the count comes from the field whose index
// is `count`; `mapOffset` points at the VMAP/BMAP (or its name). The BinXML substitutions say which items are arrays (value type
// bit 0x80); an array whose count cannot be derived is reported, not guessed.
import type { FieldSchema } from '../../common/model/schema';
import { inTypeName, outTypeName } from '../../common/model/tdh';
import type { CrimReport } from './crim';
import type { CrimBlob, CrimMap, CrimTemplate, CrimTemplateItem } from './crim-entries';

export const ITEM_STRUCT = 0x1;
export const ITEM_PARAM_LENGTH = 0x2;
export const ITEM_PARAM_COUNT = 0x4;

export interface TemplateContext {
  blob: CrimBlob;
  report: CrimReport;
  /** Maps of the provider by CRIM offset (and by name offset) to resolve `mapOffset`. */
  mapsByOffset: ReadonlyMap<number, CrimMap>;
}

function mapName(item: CrimTemplateItem, ctx: TemplateContext): string | undefined {
  if (item.mapOffset === 0) return undefined;
  const map = ctx.mapsByOffset.get(item.mapOffset);
  if (map?.name !== undefined) return map.name;
  try {
    return ctx.blob.sizedString(item.mapOffset);
  } catch {
    ctx.report(
      'BAD_TEMPLATE',
      item.offset + 8,
      `item ${item.name ?? '?'}: map reference 0x${item.mapOffset.toString(16)} is neither a map nor a name`,
    );
    return undefined;
  }
}

function itemName(items: readonly CrimTemplateItem[], index: number): string | undefined {
  return items[index]?.name;
}

export function templateFields(template: CrimTemplate, ctx: TemplateContext): FieldSchema[] {
  const items = template.items;
  const arrays = new Set<number>();
  for (const s of template.binxml?.substitutions ?? []) if (s.isArray) arrays.add(s.index);
  const memberOf = new Set<number>();
  for (const item of items) {
    if (item.flags & ITEM_STRUCT)
      for (let m = 0; m < item.extra; m++) memberOf.add(item.inType + (item.outType << 8) + m);
  }
  const build = (index: number, depth: number): FieldSchema | undefined => {
    const item = items[index];
    if (!item) return undefined;
    const name = item.name ?? `Field${index}`;
    if (item.flags & ITEM_STRUCT) {
      const start = item.inType + (item.outType << 8);
      const fields: FieldSchema[] = [];
      if (depth < 8 && start + item.extra <= items.length) {
        for (let m = 0; m < item.extra; m++) {
          const f = build(start + m, depth + 1);
          if (f) fields.push(f);
        }
      } else {
        ctx.report(
          'BAD_TEMPLATE',
          item.offset,
          `struct ${name}: members ${start}..${start + item.extra - 1} are not in the template`,
        );
      }
      const field: FieldSchema = { name, inType: 'Struct', fields };
      applyCountAndLength(field, item, index, items, arrays, ctx);
      return field;
    }
    const field: FieldSchema = { name, inType: inTypeName(item.inType) };
    if (item.outType !== 0) field.outType = outTypeName(item.outType);
    const map = mapName(item, ctx);
    if (map !== undefined) field.map = map;
    applyCountAndLength(field, item, index, items, arrays, ctx);
    return field;
  };
  const fields: FieldSchema[] = [];
  for (let i = 0; i < items.length; i++) {
    if (memberOf.has(i)) continue;
    const f = build(i, 0);
    if (f) fields.push(f);
  }
  return fields;
}

function applyCountAndLength(
  field: FieldSchema,
  item: CrimTemplateItem,
  index: number,
  items: readonly CrimTemplateItem[],
  arrays: ReadonlySet<number>,
  ctx: TemplateContext,
): void {
  if (item.flags & ITEM_PARAM_LENGTH) {
    const ref = itemName(items, item.length);
    if (ref !== undefined) field.length = ref;
    else
      ctx.report(
        'BAD_TEMPLATE',
        item.offset + 14,
        `field ${field.name}: length refers to item ${item.length}, which does not exist`,
      );
  } else if (item.length > 0) {
    field.length = item.length;
  }
  if (item.flags & ITEM_PARAM_COUNT) {
    const ref = itemName(items, item.count);
    if (ref !== undefined) field.count = ref;
    else
      ctx.report(
        'BAD_TEMPLATE',
        item.offset + 12,
        `field ${field.name}: count refers to item ${item.count}, which does not exist`,
      );
  } else if (item.count > 0) {
    field.count = item.count;
  } else if (arrays.has(index)) {
    ctx.report(
      'UNDERIVABLE_COUNT',
      item.offset + 12,
      `field ${field.name} is an array (BinXML) but its count is not in the descriptor`,
    );
  }
}

// Stack frames as an analyst reads them: each address resolved against the images its process had
// loaded at the time (the Analyzer's per-process ModuleMap, summary/module-map.ts) into
// `ntdll.dll+0x1a2b3` parts, with the image's full path; kernel-space addresses resolve against the
// drivers (the System process's images). An address no image covered stays a bare address. Runs when a
// detail pane shows a stack, never per event.
import type { StackFrame } from '../../common/ipc/messages';
import { parseAddress, type Analyzer } from '../summary/index';
import { baseName } from '../summary/paths';

/** Lowest kernel-space address: the upper half of the 64-bit canonical space, the upper 2 GB on 32-bit. */
const KERNEL_SPACE_64 = 0xffff800000000000n;
const KERNEL_SPACE_32 = 0x80000000n;

/** Where and when the frames were captured. */
export interface FrameContext {
  /** The process whose images resolve user-space addresses (-1: unknown, kernel addresses only). */
  pid: number;
  /** When (ticks): images loaded and unloaded over time. */
  ticks: number;
  /** Pointer width the frames were logged with (decides what is kernel space). */
  width: 4 | 8;
}

export function resolveFrames(
  analyzer: Analyzer,
  addresses: readonly string[],
  context: FrameContext,
): StackFrame[] {
  const kernelFrom = context.width === 8 ? KERNEL_SPACE_64 : KERNEL_SPACE_32;
  const paths = new Map<string, string>();
  return addresses.map((address) => {
    const value = parseAddress(address);
    if (value === undefined) return { address };
    const image = analyzer.moduleAt(context.pid, context.ticks, value, value >= kernelFrom);
    if (image === undefined) return { address };
    let path = paths.get(image.ntPath);
    if (path === undefined) {
      path = analyzer.toDosPath(image.ntPath);
      paths.set(image.ntPath, path);
    }
    return {
      address,
      module: baseName(image.ntPath),
      offset: '0x' + (value - image.base).toString(16),
      path,
    };
  });
}

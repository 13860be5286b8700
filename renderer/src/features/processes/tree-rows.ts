// The rows of the process grid: the tree flattened depth-first (children by start time, as the
// services order them) minus collapsed branches, or the flat list; a search keeps the processes that
// match (name, pid, path, command line, user) and, in the tree, their ancestors so each match shows
// where it sits.
import type { ProcessListItem, ProcessTreeNode } from '@common/ipc/messages';

export interface ProcessRow {
  process: ProcessListItem;
  depth: number;
  /** Children in the tree (0 in the flat list). */
  childCount: number;
  collapsed: boolean;
}

export function matches(p: ProcessListItem, search: string): boolean {
  if (search === '') return true;
  const s = search.toLowerCase();
  return (
    p.name.toLowerCase().includes(s) ||
    String(p.pid) === s ||
    p.path.toLowerCase().includes(s) ||
    p.cmdline.toLowerCase().includes(s) ||
    p.user.toLowerCase().includes(s)
  );
}

export function listRows(processes: readonly ProcessListItem[], search: string): ProcessRow[] {
  return processes
    .filter((p) => matches(p, search))
    .map((process) => ({ process, depth: 0, childCount: 0, collapsed: false }));
}

export function treeRows(
  roots: readonly ProcessTreeNode[],
  byKey: ReadonlyMap<string, ProcessListItem>,
  collapsed: ReadonlySet<string>,
  search: string,
): ProcessRow[] {
  // With a search: the nodes to show are the matches and their ancestors (expanded).
  let shown: Set<string> | undefined;
  if (search !== '') {
    shown = new Set();
    const visit = (node: ProcessTreeNode, path: string[]): void => {
      const p = byKey.get(node.key);
      if (p && matches(p, search)) for (const k of [...path, node.key]) shown?.add(k);
      for (const child of node.children) visit(child, [...path, node.key]);
    };
    for (const root of roots) visit(root, []);
  }
  const out: ProcessRow[] = [];
  const stack: Array<{ node: ProcessTreeNode; depth: number }> = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i] as ProcessTreeNode, depth: 0 });
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, depth } = item;
    if (shown && !shown.has(node.key)) continue;
    const process = byKey.get(node.key);
    if (process === undefined) continue;
    const isCollapsed = shown === undefined && collapsed.has(node.key);
    out.push({ process, depth, childCount: node.children.length, collapsed: isCollapsed });
    if (isCollapsed) continue;
    for (let i = node.children.length - 1; i >= 0; i--) {
      stack.push({ node: node.children[i] as ProcessTreeNode, depth: depth + 1 });
    }
  }
  return out;
}

// Pure shaping for the Code Comparer: which files two runs saved side by side, and a line
// diff (from the `diff` package) as the rows of a split or unified view, long unchanged
// stretches folded to a few lines of context.
import { diffLines } from "diff";

export interface Side {
  n: number; // 1-based line number
  text: string;
}
export type DiffRow =
  | { kind: "same" | "del" | "add" | "change"; left: Side | null; right: Side | null }
  | { kind: "fold"; left: null; right: null; hidden: number };

/** The files of both runs by name: code files first (sorted), diff.patch last. */
export function pairFiles(a: string[], b: string[]): { name: string; left: boolean; right: boolean }[] {
  const names = [...new Set([...a, ...b])].sort((x, y) => Number(x === "diff.patch") - Number(y === "diff.patch") || x.localeCompare(y));
  return names.map((name) => ({ name, left: a.includes(name), right: b.includes(name) }));
}

const lines = (s: string) => {
  const out = s.split("\n");
  if (out.length && out[out.length - 1] === "") out.pop();
  return out;
};

/** Split-view rows: deletions paired with the additions that follow them ("change"). */
export function splitRows(before: string, after: string, context = 3): DiffRow[] {
  const rows: DiffRow[] = [];
  let l = 1;
  let r = 1;
  const parts = diffLines(before, after);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part.added && !part.removed) {
      for (const text of lines(part.value)) rows.push({ kind: "same", left: { n: l++, text }, right: { n: r++, text } });
      continue;
    }
    const removed = part.removed ? lines(part.value) : [];
    const next = part.removed && parts[i + 1]?.added ? parts[++i] : null;
    const added = part.added ? lines(part.value) : next ? lines(next.value) : [];
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const left = k < removed.length ? { n: l++, text: removed[k] } : null;
      const right = k < added.length ? { n: r++, text: added[k] } : null;
      rows.push({ kind: left && right ? "change" : left ? "del" : "add", left, right });
    }
  }
  return fold(rows, context);
}

/** Unified-view rows: each change as a deletion and an addition of its own. */
export function unifiedRows(before: string, after: string, context = 3): DiffRow[] {
  const out: DiffRow[] = [];
  for (const row of splitRows(before, after, Number.MAX_SAFE_INTEGER)) {
    if (row.kind === "change") {
      out.push({ kind: "del", left: row.left, right: null }, { kind: "add", left: null, right: row.right });
    } else out.push(row);
  }
  return fold(out, context);
}

/** Unchanged stretches longer than 2 × context + 1 lines folded to context lines each side
 *  (a file without changes is shown whole). */
export function fold(rows: DiffRow[], context: number): DiffRow[] {
  if (rows.every((r) => r.kind === "same")) return rows;
  const out: DiffRow[] = [];
  let i = 0;
  while (i < rows.length) {
    if (rows[i].kind !== "same") {
      out.push(rows[i++]);
      continue;
    }
    let j = i;
    while (j < rows.length && rows[j].kind === "same") j++;
    const run = rows.slice(i, j);
    const head = i === 0 ? 0 : context;
    const tail = j === rows.length ? 0 : context;
    if (run.length > head + tail + 1) {
      out.push(...run.slice(0, head), { kind: "fold", left: null, right: null, hidden: run.length - head - tail }, ...run.slice(run.length - tail));
    } else out.push(...run);
    i = j;
  }
  return out;
}

/** Lines added and removed (a change counts as one of each). */
export function diffStats(rows: DiffRow[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const row of rows) {
    if (row.kind === "add" || row.kind === "change") added++;
    if (row.kind === "del" || row.kind === "change") removed++;
  }
  return { added, removed };
}

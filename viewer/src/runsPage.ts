// The runs table a page at a time: a project of thousands of runs puts at most `size` run
// rows in the page (with the header of each group that has runs on it). Pure: no DOM.
import type { RunGroup, RunInfo } from "./api";
import type { Runs } from "./state";

export const RUNS_PER_PAGE = 100;

export interface TablePage {
  rows: ({ group: RunGroup } | { run: RunInfo })[]; // a group's header comes before its runs
  page: number; // 0-based, clamped to the pages there are
  pages: number;
  first: number; // 1-based index of the first run shown (0 when there are none)
  last: number;
  count: number; // runs in the table, on every page
}

/** Page `page` of the runs table: the run set's order, or each group's runs in turn. */
export function tablePage(runs: Pick<Runs, "all" | "groups">, page: number, size = RUNS_PER_PAGE): TablePage {
  const byName = new Map(runs.all.map((r) => [r.name, r]));
  const ordered: { run: RunInfo; group: RunGroup | null }[] = runs.groups.length
    ? runs.groups.flatMap((g) => g.runs.flatMap((name) => (byName.has(name) ? [{ run: byName.get(name)!, group: g }] : [])))
    : runs.all.map((run) => ({ run, group: null }));
  const pages = Math.max(1, Math.ceil(ordered.length / size));
  const at = Math.min(Math.max(0, Math.floor(page) || 0), pages - 1);
  const slice = ordered.slice(at * size, at * size + size);
  const rows: TablePage["rows"] = [];
  let current: RunGroup | null = null;
  for (const { run, group } of slice) {
    if (group && group !== current) rows.push({ group });
    current = group;
    rows.push({ run });
  }
  const first = slice.length ? at * size + 1 : 0;
  return { rows, page: at, pages, first, last: at * size + slice.length, count: ordered.length };
}

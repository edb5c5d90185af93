// The run set: the runs table as the run set filters, searches, groups and sorts it (the
// server applies those), colours, the eye toggle and counts.
import type { RunGroup, RunInfo } from "./api";
import { h } from "./dom";
import { accessorLabel } from "./panels/fields";
import { runValue } from "./panels/common";
import { tablePage, type TablePage } from "./runsPage";
import type { Json } from "./spec";
import { debug, groupKey, type Runs } from "./state";

/** Which page of the runs table to show, and what to do when the user turns it. */
export interface Paging {
  page: number;
  onPage: (page: number) => void;
}

export function renderSidebar(root: HTMLElement, runs: Runs, runSet: Json, onToggle: (run: string) => void, paging?: Paging): void {
  const shown = runs.all.filter((r) => !runs.disabled.has(r.name)).length;
  root.appendChild(
    h(
      "div",
      { class: "runs-head" },
      h("h2", {}, "Runs"),
      h("span", { class: "count", "data-testid": "run-count" }, `${runs.matched} of ${runs.total}`),
    ),
  );
  const facts = describe(runSet);
  if (facts.length) root.appendChild(h("ul", { class: "runset-facts", "data-testid": "runset-facts" }, ...facts.map((f) => h("li", {}, f))));
  if (!runs.all.length) {
    const why = runs.total
      ? `All ${runs.total} runs are filtered out by the run set's filters or search.`
      : "No runs in this project yet. Log some with the wandb SDK (WANDB_BASE_URL pointing here).";
    root.appendChild(h("div", { class: "empty", "data-testid": "runs-empty" }, why));
    debug().runsTable = { rows: 0, runs: 0, drawnAt: performance.now() };
    return;
  }
  root.appendChild(h("div", { class: "visible-count", "data-testid": "visible-count" }, `${shown} shown in panels`));
  const columns = pinnedColumns(runSet);
  // room for the pinned columns: the sidebar widens a little per column (then scrolls)
  root.parentElement?.style.setProperty("--sidebar-width", `${Math.min(300 + 70 * columns.length, 480)}px`);
  const table = h("table", { class: "runs", "data-testid": "runs-table" });
  const byName = new Map(runs.all.map((r) => [r.name, r]));
  table.appendChild(
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { colspan: 3 }, "Name"),
        h("th", {}, "State"),
        ...columns.map((c) => h("th", { class: "pinned-col", "data-testid": "pinned-column", "data-column": c, title: c }, columnLabel(c))),
      ),
    ),
  );
  const row = (name: string) => {
    const run = byName.get(name);
    if (!run) return null;
    const off = runs.disabled.has(name);
    return h(
      "tr",
      { "data-testid": "run-row", "data-run": name, "data-disabled": String(off), class: off ? "off" : "" },
      h("td", {}, h("button", { class: "eye", title: off ? "Show in panels" : "Hide from panels", "data-testid": "run-eye", onclick: () => onToggle(name) }, off ? "◌" : "◉")),
      h("td", {}, h("span", { class: "swatch", "data-testid": "run-color", "data-color": runs.colors.get(name) ?? "", style: { "background-color": runs.colors.get(name) ?? "" } })),
      h("td", { class: "run-name", title: run.name }, run.displayName),
      h("td", { class: `state ${run.state}` }, run.state),
      ...columns.map((c) => {
        const v = columnValue(run, c);
        return h("td", { class: "pinned-col", "data-testid": "pinned-cell", "data-column": c, title: fullValue(v) }, compactValue(v));
      }),
    );
  };
  const groupRow = (g: RunGroup) =>
    h(
      "tr",
      { class: "group", "data-testid": "group-row", "data-group": g.name },
      h("td", { colspan: 4 + columns.length }, h("span", { class: "swatch", style: { "background-color": runs.colors.get(groupKey(g)) ?? "" } }), ` ${g.name || "(none)"} `, h("span", { class: "count" }, `${g.runs.length}`)),
    );
  // a page of rows at a time: thousands of runs would be thousands of rows to lay out
  const shownPage = tablePage(runs, paging?.page ?? 0);
  for (const entry of shownPage.rows) table.appendChild("group" in entry ? groupRow(entry.group) : row(entry.run.name)!);
  root.appendChild(table);
  if (shownPage.pages > 1) root.appendChild(runsPager(shownPage, paging?.onPage ?? (() => {})));
  debug().runsTable = { rows: table.querySelectorAll("[data-testid=run-row]").length, runs: runs.all.length, drawnAt: performance.now() };
}

/** "‹ 101–200 of 1000 ›" under a runs table. */
export function runsPager(shown: TablePage, onPage: (page: number) => void): HTMLElement {
  return h(
    "div",
    { class: "pager runs-pager", "data-testid": "runs-pager" },
    h("button", { onclick: () => onPage(shown.page - 1), disabled: shown.page === 0, "data-testid": "runs-pager-prev", title: "Previous runs" }, "‹"),
    h("span", { "data-testid": "runs-pager-label" }, `${shown.first}–${shown.last} of ${shown.count}`),
    h("button", { onclick: () => onPage(shown.page + 1), disabled: shown.page >= shown.pages - 1, "data-testid": "runs-pager-next", title: "Next runs" }, "›"),
  );
}

/** The run set's search, filters, grouping and sort, in words. */
function describe(runSet: Json): string[] {
  const out: string[] = [];
  const q = runSet.search?.query;
  if (q) out.push(`search: ${q}${runSet.search?.isRegex ? " (regex)" : ""}`);
  const filters = filterText(runSet.filters?.filters ?? []);
  if (filters) out.push(`filters: ${filters}`);
  const grouping = (runSet.grouping ?? []).map((k: Json) => `${k.section}:${k.name}`);
  if (grouping.length) out.push(`grouped by ${grouping.join(", ")}`);
  const sort = (runSet.sort?.keys ?? [])
    .map((k: Json) => `${k.key?.name}${k.ascending ? " ↑" : " ↓"}`)
    .filter((s: string) => !s.startsWith("createdAt ↓"));
  if (sort.length) out.push(`sorted by ${sort.join(", ")}`);
  return out;
}

function filterText(items: Json[]): string {
  const parts: string[] = [];
  for (const item of items) {
    let text: string;
    if (Array.isArray(item.filters)) {
      const inner = filterText(item.filters);
      if (!inner) continue;
      text = `(${inner})`;
    } else {
      if (!item.key?.name) continue;
      text = `${item.key.section ?? "run"}.${item.key.name} ${item.op ?? "="} ${JSON.stringify(item.value)}`;
    }
    parts.push(parts.length && item.connector ? `${String(item.connector).toLowerCase()} ${text}` : text);
  }
  return parts.join(" ");
}

// columns the runs table always shows (name, state) are not repeated when pinned
const BUILT_IN = new Set(["run:displayName", "run:name", "run:state"]);

/** The run set's pinned columns (`runFeed.columnPinned`), in `columnOrder` order (a pinned
 *  column missing from the order comes after, in the pin map's order). */
export function pinnedColumns(runSet: Json): string[] {
  const feed = runSet.runFeed ?? {};
  const pinnedMap: Record<string, unknown> = feed.columnPinned && typeof feed.columnPinned === "object" ? feed.columnPinned : {};
  const pinned = Object.keys(pinnedMap).filter((k) => pinnedMap[k] === true);
  const order: string[] = Array.isArray(feed.columnOrder) ? feed.columnOrder.filter((k: unknown) => typeof k === "string") : [];
  const rank = (c: string) => {
    const i = order.indexOf(c);
    return i < 0 ? order.length + pinned.indexOf(c) : i;
  };
  return pinned.filter((c) => !BUILT_IN.has(c)).sort((a, b) => rank(a) - rank(b));
}

/** `summary:accuracy` → "accuracy", `config:lr.value` → "lr", `tags:__ALL__` → "tags". */
export function columnLabel(column: string): string {
  if (column.startsWith("tags:")) return "tags";
  return accessorLabel(column);
}

/** A run's value for a runs-table column key (`run:`, `config:`, `summary:`, `tags:`). */
export function columnValue(run: RunInfo, column: string): unknown {
  if (column.startsWith("tags:")) return run.tags.length ? run.tags.join(", ") : undefined;
  if (column.startsWith("run:")) {
    const name = column.slice(4);
    if (name === "createdAt") return run.createdAt;
    return (run as unknown as Record<string, unknown>)[name === "id" ? "name" : name];
  }
  if (!column.includes(":")) return runValue(run, `summary:${column}`);
  return runValue(run, column);
}

function fullValue(v: unknown): string {
  if (v === undefined || v === null) return "";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** A value in a few characters: 0.91234 → "0.9123", 12345678 → "12.3M", 1.5e-6 → "1.5e-6". */
export function compactValue(v: unknown): string {
  if (v === undefined || v === null || v === "") return "–";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return compactNumber(v);
  if (typeof v === "string") return v.length > 24 ? `${v.slice(0, 23)}…` : v;
  if (Array.isArray(v)) return compactValue(v.map((x) => (typeof x === "number" ? compactNumber(x) : String(x))).join(", "));
  const text = JSON.stringify(v);
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}

function compactNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e5) return String(v);
  const a = Math.abs(v);
  if (a >= 1e5) {
    for (const [unit, size] of [["T", 1e12], ["B", 1e9], ["M", 1e6], ["k", 1e3]] as const) {
      if (a >= size) return `${Number((v / size).toPrecision(3))}${unit}`;
    }
  }
  if (a !== 0 && a < 1e-3) return v.toExponential(1).replace(/\.0e/, "e");
  return String(Number(v.toPrecision(4)));
}

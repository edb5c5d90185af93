// The run set: the runs table as the run set filters, searches, groups and sorts it (the
// server applies those), colours, the eye toggle and counts.
import { h } from "./dom";
import type { Json } from "./spec";
import { groupKey, type Runs } from "./state";

export function renderSidebar(root: HTMLElement, runs: Runs, runSet: Json, onToggle: (run: string) => void): void {
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
    return;
  }
  root.appendChild(h("div", { class: "visible-count", "data-testid": "visible-count" }, `${shown} shown in panels`));
  const table = h("table", { class: "runs", "data-testid": "runs-table" });
  const row = (name: string) => {
    const run = runs.all.find((r) => r.name === name);
    if (!run) return null;
    const off = runs.disabled.has(name);
    return h(
      "tr",
      { "data-testid": "run-row", "data-run": name, "data-disabled": String(off), class: off ? "off" : "" },
      h("td", {}, h("button", { class: "eye", title: off ? "Show in panels" : "Hide from panels", "data-testid": "run-eye", onclick: () => onToggle(name) }, off ? "◌" : "◉")),
      h("td", {}, h("span", { class: "swatch", "data-testid": "run-color", "data-color": runs.colors.get(name) ?? "", style: `background:${runs.colors.get(name)}` })),
      h("td", { class: "run-name", title: run.name }, run.displayName),
      h("td", { class: `state ${run.state}` }, run.state),
    );
  };
  if (runs.groups.length) {
    for (const g of runs.groups) {
      table.appendChild(
        h(
          "tr",
          { class: "group", "data-testid": "group-row", "data-group": g.name },
          h("td", { colspan: 4 }, h("span", { class: "swatch", style: `background:${runs.colors.get(groupKey(g))}` }), ` ${g.name || "(none)"} `, h("span", { class: "count" }, `${g.runs.length}`)),
        ),
      );
      for (const r of g.runs) {
        const tr = row(r);
        if (tr) table.appendChild(tr);
      }
    }
  } else {
    for (const r of runs.all) table.appendChild(row(r.name)!);
  }
  root.appendChild(table);
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

// A report's panel grid on the page: the grid's panels drawn by the workspace's section
// renderer and panel components over the runs of the grid's enabled run sets (each
// queried as the workspace page queries its run set), and below them a tab per run set
// with that run set's runs table (both left out when the grid hides its run sets).
import { queryRuns, type RunsResult } from "../api";
import { clear, h } from "../dom";
import { runsLogged } from "../liveRuns";
import { renderSections, updatePanels, type PanelSlot, type UiState } from "../sections";
import { renderSidebar } from "../sidebar";
import { debug, runsOf, type Runs } from "../state";
import { drawnRunSets, gridWorkspace, mergeRunSets, parseGrid, runSetPart } from "./grid";
import type { Json } from "./model";

export interface GridView {
  destroy(): void;
  /** Ask for the run sets' runs again: when what they logged changed, draw again the
   *  panels whose data changed (as the workspace page does). */
  refresh(): Promise<void>;
}

export function drawGrid(holder: HTMLElement, metadata: Json, where: { entity: string; project: string }, reportSettings: Json, key: string): GridView {
  const grid = parseGrid(metadata, where, key);
  const { drawn, elsewhere } = drawnRunSets(grid);
  const panelsEl = h("div", { class: "grid-panels", "data-testid": "grid-panels" });
  const tabs = h("div", { class: "runset-tabs", "data-testid": "runset-tabs", role: "tablist" });
  const table = h("div", { class: "grid-runs", "data-testid": "grid-runs" });
  const showRunSets = !grid.hideRunSets && grid.runSets.length > 0;
  holder.append(panelsEl);
  if (!grid.runSets.length) holder.appendChild(h("div", { class: "muted grid-note", "data-testid": "grid-no-runsets" }, "This panel grid has no enabled run sets: its panels show no runs."));
  if (elsewhere.length) {
    const names = elsewhere.map((rs) => `${rs.name} (${rs.entity}/${rs.project})`).join(", ");
    holder.appendChild(h("div", { class: "muted grid-note", "data-testid": "grid-elsewhere" }, `Not drawn in these panels: run sets of another project than the first run set's: ${names}.`));
  }
  if (showRunSets) holder.append(tabs, table);
  holder.setAttribute("data-runsets", String(grid.runSets.length));
  holder.setAttribute("data-hide-runsets", String(grid.hideRunSets));
  const ui: UiState = { open: new Map(), page: new Map() };
  let slots: PanelSlot[] = [];
  let active = grid.active;
  let results: RunsResult[] = []; // per enabled run set
  let merged: Runs | null = null; // what the panels draw
  let logged = ""; // runsLogged() of every run set's runs
  let alive = true;

  async function query(): Promise<RunsResult[]> {
    return Promise.all(grid.runSets.map((rs) => queryRuns(rs.entity, rs.project, rs.runSet, grid.customRunColors)));
  }
  const mergedOf = (found: RunsResult[]) =>
    mergeRunSets(drawn.map((rs) => ({ result: found[grid.runSets.indexOf(rs)], runSet: rs.runSet })), grid.customRunColors);
  const loggedOf = (found: RunsResult[]) => found.map((r) => runsLogged(r.runs)).join("#");

  function drawTabs(): void {
    clear(tabs);
    if (grid.runSets.length < 2) return;
    grid.runSets.forEach((rs, i) =>
      tabs.appendChild(
        h(
          "button",
          { role: "tab", class: i === active ? "tab active" : "tab", "aria-selected": String(i === active), "data-testid": "runset-tab", "data-runset": rs.name, onclick: () => select(i) },
          rs.name,
        ),
      ),
    );
  }

  function drawPanels(): void {
    for (const s of slots) s.view?.destroy();
    clear(panelsEl);
    slots = [];
    if (!grid.panels.length) {
      panelsEl.appendChild(h("div", { class: "empty", "data-testid": "grid-empty" }, "This panel grid has no panels."));
      return;
    }
    const first = drawn[0];
    const ws = gridWorkspace(grid, first?.runSet ?? {}, reportSettings, key);
    slots = renderSections(panelsEl, ws, merged!, first ?? where, ui, drawPanels, { bare: true, keepDebug: true });
  }

  // the runs table of the run set whose tab is open (its eye toggles switch runs off in the panels)
  function drawTable(): void {
    clear(table);
    const rs = grid.runSets[active];
    if (!showRunSets || !rs || !merged) return;
    const result = results[active];
    const part = drawn.includes(rs) ? runSetPart(merged, result) : runsOf(result, rs.runSet, grid.customRunColors);
    renderSidebar(table, part, rs.runSet, (run) => {
      if (!drawn.includes(rs)) return;
      if (merged!.disabled.has(run)) merged!.disabled.delete(run);
      else merged!.disabled.add(run);
      drawTable();
      updatePanels(slots, merged!);
    });
    debugGrid();
  }

  function debugGrid(): void {
    const rs = grid.runSets[active];
    const shown = rs && results[active] ? results[active].runs.map((r) => r.name) : [];
    const runs = merged ? merged.all.map((r) => r.name) : [];
    debug().grids = { ...(debug().grids ?? {}), [key]: { runSet: rs?.name ?? null, runs, tableRuns: shown } };
  }

  function select(i: number): void {
    active = i;
    holder.setAttribute("data-active-runset", grid.runSets[i]?.name ?? "");
    drawTabs();
    drawTable();
  }

  async function load(): Promise<void> {
    try {
      results = await query();
    } catch (err) {
      if (!alive) return;
      clear(panelsEl);
      panelsEl.appendChild(h("div", { class: "error", "data-testid": "grid-error" }, `The runs of this panel grid could not be loaded: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    if (!alive) return;
    merged = mergedOf(results);
    logged = loggedOf(results);
    drawPanels();
    select(active);
    debugGrid();
  }

  void load();
  return {
    destroy() {
      alive = false;
      for (const s of slots) s.view?.destroy();
    },
    async refresh() {
      if (!merged) return;
      const found = await query();
      if (!alive || loggedOf(found) === logged) return;
      results = found;
      logged = loggedOf(found);
      merged = { ...mergedOf(found), disabled: merged.disabled }; // the eye toggles are kept
      drawTable();
      updatePanels(slots, merged);
    },
  };
}

// A report's panel grid on the page: the grid's panels drawn by the workspace's section
// renderer and panel components, over the runs of one of the grid's run sets (queried as
// the workspace page queries its run set), with a tab per run set and the run set's runs
// table (both left out when the grid hides its run sets).
import { queryRuns } from "../api";
import { runsLogged } from "../liveRuns";
import { clear, h } from "../dom";
import { renderSections, updatePanels, type PanelSlot, type UiState } from "../sections";
import { renderSidebar } from "../sidebar";
import { debug, makeRuns, runsOf, type Runs } from "../state";
import { gridWorkspace, parseGrid, type GridRunSet } from "./grid";
import type { Json } from "./model";

export interface GridView {
  destroy(): void;
  /** Ask for the shown run set's runs again: when what they logged changed, draw again
   *  the panels whose data changed (as the workspace page does). */
  refresh(): Promise<void>;
}

export function drawGrid(holder: HTMLElement, metadata: Json, where: { entity: string; project: string }, reportSettings: Json, key: string): GridView {
  const grid = parseGrid(metadata, where, key);
  const tabs = h("div", { class: "runset-tabs", "data-testid": "runset-tabs", role: "tablist" });
  const panelsEl = h("div", { class: "grid-panels", "data-testid": "grid-panels" });
  const table = h("div", { class: "grid-runs", "data-testid": "grid-runs" });
  const showRunSets = !grid.hideRunSets && grid.runSets.length > 0;
  holder.append(panelsEl);
  if (showRunSets) holder.append(tabs, table);
  holder.setAttribute("data-runsets", String(grid.runSets.length));
  holder.setAttribute("data-hide-runsets", String(grid.hideRunSets));
  const ui: UiState = { open: new Map(), page: new Map() };
  let slots: PanelSlot[] = [];
  let active = grid.active;
  let runs: Runs | null = null;
  let drawing = 0; // a newer tab click wins over an older request
  let logged = ""; // runsLogged() of the runs shown

  const where0 = (rs: GridRunSet | undefined) => (rs ? { entity: rs.entity, project: rs.project } : where);

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
    if (!grid.panels.length) {
      panelsEl.appendChild(h("div", { class: "empty", "data-testid": "grid-empty" }, "This panel grid has no panels."));
      slots = [];
      return;
    }
    const rs = grid.runSets[active];
    const ws = gridWorkspace(grid, rs?.runSet ?? {}, reportSettings, key);
    slots = renderSections(panelsEl, ws, runs!, where0(rs), ui, drawPanels, { bare: true, keepDebug: true });
  }

  function drawTable(): void {
    const rs = grid.runSets[active];
    clear(table);
    if (!showRunSets || !rs || !runs) return;
    renderSidebar(table, runs, rs.runSet, (run) => {
      if (runs!.disabled.has(run)) runs!.disabled.delete(run);
      else runs!.disabled.add(run);
      drawTable();
      updatePanels(slots, runs!);
    });
  }

  async function select(i: number): Promise<void> {
    active = i;
    const mine = ++drawing;
    holder.setAttribute("data-active-runset", grid.runSets[i]?.name ?? "");
    drawTabs();
    const rs = grid.runSets[i];
    try {
      runs = rs
        ? runsOf(await queryRuns(rs.entity, rs.project, rs.runSet, grid.customRunColors), rs.runSet, grid.customRunColors)
        : makeRuns([], [], 0, 0, {}, []);
    } catch (err) {
      if (mine !== drawing) return;
      clear(panelsEl);
      panelsEl.appendChild(h("div", { class: "error", "data-testid": "grid-error" }, `The runs of run set ${rs?.name ?? ""} could not be loaded: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    if (mine !== drawing) return;
    logged = runsLogged(runs.all);
    debug().grids = { ...(debug().grids ?? {}), [key]: { runSet: rs?.name ?? null, runs: runs.all.map((r) => r.name) } };
    drawPanels();
    drawTable();
  }

  if (!grid.runSets.length) holder.appendChild(h("div", { class: "muted grid-note", "data-testid": "grid-no-runsets" }, "This panel grid has no enabled run sets: its panels show no runs."));
  void select(active);
  return {
    destroy() {
      drawing += 1;
      for (const s of slots) s.view?.destroy();
    },
    async refresh() {
      const rs = grid.runSets[active];
      if (!rs || !runs) return;
      const mine = drawing;
      const fresh = runsOf(await queryRuns(rs.entity, rs.project, rs.runSet, grid.customRunColors), rs.runSet, grid.customRunColors);
      if (mine !== drawing || runsLogged(fresh.all) === logged) return;
      logged = runsLogged(fresh.all);
      runs = { ...fresh, disabled: runs.disabled }; // the eye toggles are kept
      drawTable();
      updatePanels(slots, runs);
    },
  };
}

// "/<entity>/<project>?nw=<id>": the workspace, kept up to date while it is open.
import { getView, listRuns, listViews, type ViewInfo } from "../api";
import { watchView } from "../liveView";
import { clear, h } from "../dom";
import { renderSections, updatePanels, type PanelSlot, type UiState } from "../sections";
import { renderSidebar } from "../sidebar";
import { parseWorkspace, type Workspace } from "../spec";
import { runsLogged } from "../liveRuns";
import { debug, makeRuns, runsOf, type Runs } from "../state";

export async function workspacePage(root: HTMLElement, entity: string, project: string, nw: string): Promise<void> {
  const name = nw.startsWith("nw-") ? nw : `nw-${nw}-v`;
  const [found] = await listViews(entity, project).then((vs) => vs.filter((v) => v.name === name));
  if (!found) {
    root.appendChild(h("div", { class: "error", "data-testid": "view-missing" }, `No saved workspace ${nw} in ${entity}/${project}.`));
    return;
  }
  const ui: UiState = { open: new Map(), page: new Map() };
  let view: ViewInfo = await getView(found.id);
  let ws: Workspace;
  let runs: Runs;
  let panels: PanelSlot[] = [];
  const header = h("header", { class: "ws-head" });
  const banner = h("div", { class: "error", "data-testid": "view-problem", hidden: true });
  const showProblem = () => {
    banner.hidden = !view.problem;
    banner.textContent = view.problem ?? "";
  };
  const sidebar = h("aside", { class: "sidebar", "data-testid": "sidebar" });
  const main = h("main", { class: "sections", "data-testid": "sections" });
  root.append(header, banner, h("div", { class: "ws" }, sidebar, main));

  let logged = ""; // runsLogged(): when it changes, the panels are drawn again
  let runsPage = 0; // the page of the runs table shown (kept while the runs change)

  async function load(): Promise<void> {
    ws = parseWorkspace(view.spec ?? "{}");
    const result = await listRuns(entity, project, view.id);
    runs = runsOf(result, ws.runSet, ws.customRunColors);
    logged = runsLogged(result.runs);
    debug().view = { id: view.id, version: view.version };
    showProblem();
    render();
  }

  function render(): void {
    for (const p of panels) p.view?.destroy();
    clear(header);
    clear(main);
    header.append(
      h("a", { href: "/" }, entity),
      " / ",
      h("a", { href: `/${encodeURIComponent(entity)}/${encodeURIComponent(project)}` }, project),
      " / ",
      h("strong", { "data-testid": "view-name" }, view.displayName || view.name),
      h("span", { class: "muted", "data-testid": "view-version" }, ` version ${view.version}`),
    );
    drawSidebar();
    renderPanels();
  }
  function drawSidebar(): void {
    const scroll = sidebar.scrollTop;
    clear(sidebar);
    renderSidebar(sidebar, runs, ws.runSet, toggle, {
      page: runsPage,
      onPage: (page) => {
        runsPage = page;
        drawSidebar();
        sidebar.scrollTop = 0;
      },
    });
    sidebar.scrollTop = scroll;
  }
  // the eye toggle: the panels that show the run are drawn again (keeping a zoom)
  const toggle = (run: string) => {
    if (runs.disabled.has(run)) runs.disabled.delete(run);
    else runs.disabled.add(run);
    drawSidebar();
    updatePanels(panels, runs);
  };

  function renderPanels(): void {
    for (const p of panels) p.view?.destroy();
    clear(main);
    debug().renders += 1;
    panels = renderSections(main, ws, runs, { entity, project }, ui, renderPanels);
  }

  // runs that logged new rows: the same view over the new runs (the eye toggles are kept);
  // only the panels whose data changed are drawn again
  async function refreshRuns(): Promise<void> {
    const result = await listRuns(entity, project, view.id);
    if (runsLogged(result.runs) === logged) return;
    logged = runsLogged(result.runs);
    const fresh = makeRuns(result.runs, result.groups, result.total, result.matched, ws.customRunColors, []);
    runs = { ...fresh, disabled: runs.disabled };
    debug().runsUpdates = (debug().runsUpdates ?? 0) + 1;
    drawSidebar();
    updatePanels(panels, runs);
  }

  await load();
  // live update: a re-saved view re-renders without a reload
  watchView(
    view.id,
    () => view.version,
    async (latest) => {
      view = latest;
      await load();
    },
    async (latest) => {
      if ((latest.problem ?? null) !== (view.problem ?? null)) {
        view = latest;
        showProblem();
      } else {
        await refreshRuns();
      }
    },
  );
}

// "/<entity>/<project>/reports/<Title>--<id>": a report, kept up to date while it is open.
// The id after the last "--" is the report view's GraphQL id. On a share link
// (?accessToken=...) every request carries the token (api.ts) and no login is needed.
import "katex/dist/katex.min.css";
import "highlight.js/styles/github.css";
import { ApiError, accessToken, getView, type ViewInfo } from "../api";
import { append, clear, h } from "../dom";
import { watchView } from "../liveView";
import { reportId } from "../report/address";
import { drawBlocks } from "../report/draw";
import { drawGrid, type GridView } from "../report/gridView";
import { parseReport, type Json } from "../report/model";
import { drawWeaveBlock, projectRuns, type WeaveBlockView } from "../report/weaveBlock";
import { resetPanelDebug } from "../sections";
import { debug } from "../state";

export async function reportPage(root: HTMLElement, entity: string, project: string, slug: string): Promise<void> {
  const id = reportId(slug);
  if (!id) {
    root.appendChild(h("div", { class: "error", "data-testid": "view-missing" }, `${slug} is not a report address: it ends in --<report id>.`));
    return;
  }
  let view: ViewInfo;
  try {
    view = await getView(id);
  } catch (err) {
    const refused = err instanceof ApiError && (err.status === 401 || err.status === 403);
    const text = err instanceof ApiError && err.status === 404 ? `No report with id ${id}.` : err instanceof Error ? err.message : String(err);
    root.appendChild(h("div", { class: "error", "data-testid": refused ? "access-refused" : "view-missing" }, text));
    return;
  }
  if (view.type !== "runs" && view.type !== "runs/draft") {
    root.appendChild(h("div", { class: "error", "data-testid": "view-missing" }, `View ${id} is not a report (it is a ${view.type}).`));
    return;
  }
  const shared = accessToken() !== null;
  const header = h("header", { class: "report-head" });
  const article = h("article", { class: "report", "data-testid": "report" });
  root.append(header, article);
  let grids: GridView[] = [];
  let weaves: WeaveBlockView[] = [];
  let where = { entity, project };

  function draw(): void {
    for (const g of grids) g.destroy();
    for (const w of weaves) w.destroy();
    grids = [];
    weaves = [];
    clear(header);
    clear(article);
    resetPanelDebug();
    where = { entity: view.entity ?? entity, project: view.project ?? project };
    const projectHref = `/${encodeURIComponent(where.entity)}/${encodeURIComponent(where.project)}`;
    append(header, [
      h("div", { class: "crumbs" }, shared ? h("span", {}, where.entity) : h("a", { href: "/" }, where.entity), " / ", shared ? h("span", {}, where.project) : h("a", { href: projectHref }, where.project), " / reports"),
      h("h1", { class: "report-title", "data-testid": "report-title" }, view.displayName || view.name),
      view.description ? h("p", { class: "report-description", "data-testid": "report-description" }, view.description) : null,
      h("div", { class: "muted", "data-testid": "view-version" }, `${view.type === "runs/draft" ? "draft, " : ""}version ${view.version}, saved ${view.updatedAt}${shared ? " · shared read-only" : ""}`),
    ]);
    let spec: Json;
    try {
      spec = JSON.parse(view.spec || "{}");
    } catch {
      article.appendChild(h("div", { class: "error", "data-testid": "view-problem" }, "This report's spec is not valid JSON; it cannot be drawn."));
      return;
    }
    const model = parseReport(spec);
    const runs = projectRuns(where); // asked for once, by the first summary table block
    article.setAttribute("data-width", model.width);
    const settings: Json = spec.panelSettings && typeof spec.panelSettings === "object" ? spec.panelSettings : {};
    if (!model.blocks.length) article.appendChild(h("div", { class: "empty", "data-testid": "report-empty" }, "This report has no blocks yet."));
    drawBlocks(article, model.blocks, {
      model,
      drawGrid: (holder, block) => grids.push(drawGrid(holder, block.metadata, where, settings, `grid-${block.index}`)),
      drawWeave: (holder, block) => weaves.push(drawWeaveBlock(holder, block, where, runs)),
    });
    document.title = `${view.displayName || view.name} · panelbank`;
    debug().view = { id: view.id, version: view.version };
    debug().report = { id: view.id, version: view.version, blocks: model.blocks.map((b) => b.kind) };
  }

  draw();
  watchView(
    view.id,
    () => view.version,
    async (latest) => {
      view = latest;
      draw();
    },
    // the same version: runs may have logged new rows since
    async () => {
      const tables = weaves.filter((w) => w.readsRuns);
      const found = tables.length ? projectRuns(where)() : null;
      await Promise.all(grids.map((g) => g.refresh()));
      if (found) {
        const result = await found;
        for (const w of tables) w.refresh(result);
      }
    },
  );
}

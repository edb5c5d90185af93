// "/<entity>/<project>": its workspaces and reports (views), artifacts and runs.
import { listRuns, listViews, type RunInfo } from "../api";
import { clear, h } from "../dom";
import { reportPath } from "../report/address";
import { tablePage } from "../runsPage";
import { runsPager } from "../sidebar";
import { projectArtifacts } from "./artifact";

export async function projectPage(root: HTMLElement, entity: string, project: string): Promise<void> {
  root.appendChild(h("h1", {}, h("a", { href: "/" }, entity), " / ", project));
  const [views, reports, runs, artifacts] = await Promise.all([listViews(entity, project), listViews(entity, project, "runs"), listRuns(entity, project), projectArtifacts(entity, project)]);
  const workspaces = views.filter((v) => v.type === "project-view" || v.name.startsWith("nw-"));
  root.appendChild(h("h2", {}, "Workspaces"));
  root.appendChild(
    workspaces.length
      ? h("ul", { "data-testid": "views" }, ...workspaces.map((v) => {
          const id = v.name.replace(/^nw-/, "").replace(/-v$/, "");
          return h("li", {}, h("a", { href: `?nw=${encodeURIComponent(id)}`, "data-testid": "view-link" }, v.displayName || v.name), h("span", { class: "muted" }, ` version ${v.version}, saved ${v.updatedAt}`));
        }))
      : h("div", { class: "empty" }, "No saved workspaces in this project."),
  );
  root.appendChild(h("h2", {}, "Reports"));
  root.appendChild(
    reports.length
      ? h("ul", { "data-testid": "reports" }, ...reports.map((v) => {
          const title = v.displayName || v.name;
          const href = reportPath(entity, project, title, v.id);
          return h("li", {}, h("a", { href, "data-testid": "report-link" }, title), h("span", { class: "muted" }, ` version ${v.version}, saved ${v.updatedAt}`));
        }))
      : h("div", { class: "empty", "data-testid": "no-reports" }, "No reports in this project."),
  );
  root.append(h("h2", {}, "Artifacts"), artifacts);
  root.appendChild(h("h2", {}, `Runs (${runs.total})`));
  if (!runs.runs.length) {
    root.appendChild(h("div", { class: "empty" }, "No runs in this project yet."));
    return;
  }
  const holder = h("div", {});
  root.appendChild(holder);
  // a page of runs at a time, as in the workspace's runs table
  const show = (page: number) => {
    const shown = tablePage({ all: runs.runs, groups: [] }, page);
    clear(holder);
    holder.append(
      h("table", { class: "runs", "data-testid": "project-runs" }, ...shown.rows.flatMap((row) => ("run" in row ? [runRow(row.run)] : []))),
      shown.pages > 1 ? runsPager(shown, show) : "",
    );
  };
  show(0);

  function runRow(r: RunInfo): HTMLElement {
    const href = `/${encodeURIComponent(entity)}/${encodeURIComponent(project)}/runs/${encodeURIComponent(r.name)}`;
    return h("tr", {}, h("td", {}, h("a", { href, "data-testid": "run-link" }, r.displayName)), h("td", { class: "muted" }, r.name), h("td", { class: `state ${r.state}` }, r.state));
  }
}


// "/<entity>/<project>": its workspaces (views) and runs.
import { listRuns, listViews } from "../api";
import { h } from "../dom";

export async function projectPage(root: HTMLElement, entity: string, project: string): Promise<void> {
  root.appendChild(h("h1", {}, h("a", { href: "/" }, entity), " / ", project));
  const [views, runs] = await Promise.all([listViews(entity, project), listRuns(entity, project)]);
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
  root.appendChild(h("h2", {}, `Runs (${runs.total})`));
  root.appendChild(
    runs.runs.length
      ? h("table", { class: "runs", "data-testid": "project-runs" }, ...runs.runs.map((r) => h("tr", {}, h("td", {}, r.displayName), h("td", { class: "muted" }, r.name), h("td", { class: `state ${r.state}` }, r.state))))
      : h("div", { class: "empty" }, "No runs in this project yet."),
  );
}

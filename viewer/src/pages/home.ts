// "/": entities and their projects.
import { listEntities, listProjects, type ProjectInfo } from "../api";
import { h } from "../dom";

export async function homePage(root: HTMLElement): Promise<void> {
  root.appendChild(h("h1", {}, "Projects"));
  const entities = await listEntities();
  if (!entities.length) {
    root.appendChild(h("div", { class: "empty", "data-testid": "no-projects" }, "No projects yet. Save a workspace or log a run to create one."));
    return;
  }
  for (const entity of entities) {
    // One entity whose projects cannot be listed (a name stored before names were checked,
    // such as "..") shows its error; the others are listed as usual.
    let projects: ProjectInfo[] = [];
    let problem = "";
    try {
      projects = await listProjects(entity);
    } catch (err) {
      problem = `Its projects could not be listed: ${err instanceof Error ? err.message : String(err)}`;
    }
    root.appendChild(
      h(
        "div",
        { class: "entity", "data-testid": "entity", "data-entity": entity },
        h("h2", {}, entity),
        problem ? h("div", { class: "error", "data-testid": "entity-error" }, problem) : null,
        h("ul", {}, ...projects.map((p) => h("li", {}, h("a", { href: `/${encodeURIComponent(entity)}/${encodeURIComponent(p.name)}`, "data-testid": "project-link" }, p.name)))),
      ),
    );
  }
}

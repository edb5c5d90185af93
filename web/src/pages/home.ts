// "/": entities and their projects.
import { listEntities, listProjects } from "../api";
import { h } from "../dom";

export async function homePage(root: HTMLElement): Promise<void> {
  root.appendChild(h("h1", {}, "Projects"));
  const entities = await listEntities();
  if (!entities.length) {
    root.appendChild(h("div", { class: "empty", "data-testid": "no-projects" }, "No projects yet. Save a workspace or log a run to create one."));
    return;
  }
  for (const entity of entities) {
    const projects = await listProjects(entity);
    root.appendChild(
      h(
        "div",
        { class: "entity", "data-testid": "entity", "data-entity": entity },
        h("h2", {}, entity),
        h("ul", {}, ...projects.map((p) => h("li", {}, h("a", { href: `/${encodeURIComponent(entity)}/${encodeURIComponent(p.name)}`, "data-testid": "project-link" }, p.name)))),
      ),
    );
  }
}

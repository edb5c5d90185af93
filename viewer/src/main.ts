// The viewer's router: "/", "/<entity>/<project>", "/<entity>/<project>?nw=<id>",
// "/<entity>/<project>/runs/<run>", "/<entity>/<project>/reports/<Title>--<id>" and
// "/<entity>/<project>/artifacts/<type>/<name>/<version>".
import "uplot/dist/uPlot.min.css";
import "./style.css";
import { accessToken } from "./api";
import { h } from "./dom";
import { artifactPage } from "./pages/artifact";
import { homePage } from "./pages/home";
import { projectPage } from "./pages/project";
import { runPage } from "./pages/run";
import { workspacePage } from "./pages/workspace";
import { debug } from "./state";

async function route(root: HTMLElement): Promise<void> {
  const parts = location.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const nw = new URLSearchParams(location.search).get("nw");
  if (parts.length === 0) return homePage(root);
  const [entity, project] = parts;
  if (parts.length === 4 && parts[2] === "runs") return runPage(root, entity, project, parts[3]);
  // reports bring KaTeX and highlight.js: a chunk of their own, loaded on a report's page only
  if (parts.length === 4 && parts[2] === "reports") return (await import("./pages/report")).reportPage(root, entity, project, parts[3]);
  if (parts.length === 6 && parts[2] === "artifacts") return artifactPage(root, entity, project, parts[4], parts[5]);
  if (parts.length >= 2 && nw) return workspacePage(root, entity, project, nw);
  if (parts.length >= 2) return projectPage(root, entity, project);
  root.appendChild(h("div", { class: "error" }, `Nothing at ${location.pathname}.`));
}

const root = document.getElementById("app")!;
debug();
// a share link's reader has no session: no log-out button
const logout = accessToken() ? null : h("form", { method: "post", action: "/logout", class: "logout" }, h("button", { type: "submit" }, "Log out"));
const bar = h("nav", { class: "topbar" }, h("a", { href: "/", class: "brand" }, "panelbank"), logout);
const page = h("div", { class: "page" });
root.append(bar, page);
route(page).catch((err) => {
  page.appendChild(h("div", { class: "error", "data-testid": "page-error" }, `Could not load this page: ${err instanceof Error ? err.message : String(err)}`));
});

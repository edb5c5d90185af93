// "/<entity>/<project>/runs/<run>": a run's config, summary, files (downloadable) and the
// artifacts it logged and used.
import { getRun, type RunFileInfo } from "../api";
import { h } from "../dom";
import { humanSize, internalKey, keyValues, type KeyValue } from "../runDetails";
import { runArtifactLists } from "./artifact";

export async function runPage(root: HTMLElement, entity: string, project: string, name: string): Promise<void> {
  const [run, artifacts] = await Promise.all([getRun(entity, project, name), runArtifactLists(entity, project, name)]);
  const projectUrl = `/${encodeURIComponent(entity)}/${encodeURIComponent(project)}`;
  root.appendChild(h("h1", {}, h("a", { href: "/" }, entity), " / ", h("a", { href: projectUrl }, project), " / ", run.displayName));
  root.appendChild(
    h("p", { class: "muted", "data-testid": "run-meta" }, `${run.name} · `, h("span", { class: `state ${run.state}` }, run.state), ` · created ${run.createdAt} · ${run.historyLineCount} history rows`),
  );
  if (run.notes) root.appendChild(h("p", { "data-testid": "run-notes" }, run.notes));
  root.append(
    section("Config", "run-config", keyValues(run.config), "No config."),
    section("Summary", "run-summary", keyValues(run.summary, internalKey), "No summary."),
    h("h2", {}, `Files (${run.files.length})`),
    run.files.length ? h("table", { class: "runs", "data-testid": "run-files" }, ...run.files.map(fileRow)) : h("div", { class: "empty" }, "No files."),
    artifacts,
  );
}

function section(title: string, testid: string, rows: KeyValue[], empty: string): DocumentFragment {
  const out = document.createDocumentFragment();
  out.append(
    h("h2", {}, title),
    rows.length
      ? h("table", { class: "runs", "data-testid": testid }, ...rows.map((row) => h("tr", { "data-key": row.key }, h("td", {}, row.key), h("td", {}, row.value))))
      : h("div", { class: "empty" }, empty),
  );
  return out;
}

function fileRow(file: RunFileInfo): HTMLElement {
  const base = file.name.split("/").pop() ?? file.name;
  return h(
    "tr",
    { "data-file": file.name },
    h("td", {}, h("a", { href: file.url, download: base, "data-testid": "file-link" }, file.name)),
    h("td", { class: "muted" }, humanSize(file.size)),
    h("td", { class: "muted" }, file.updatedAt),
  );
}

// "Weave": the panel types the library writes as Weave expressions. A runs' summary table
// (WeavePanelSummaryTable), an artifact (WeavePanelArtifact: overview, metadata, files)
// or one file of an artifact version (WeavePanelArtifactVersionedFile). Any other
// expression is named in an empty state (Weave's own language is not evaluated here).
// A report's Weave blocks are drawn by `weaveView` too (report/weaveBlock.ts).
import { h, clear } from "../../dom";
import { fetchArtifact, type ArtifactInfo } from "../../panelData";
import { linesFor } from "../../state";
import { errorText, formatNumber, markState, showState, type PanelComponent, type PanelContext, type PanelView } from "../common";
import { tableView } from "../table/view";
import { weaveTarget, type WeaveTarget } from "./expr";

const MAX_TABLE_RUNS = 20;

export const Weave: PanelComponent = (ctx, body) =>
  weaveView(ctx, body, weaveTarget(ctx.panel.config), Math.min(ctx.settings.maxRuns, MAX_TABLE_RUNS));

/** Draw what a Weave expression names in `body`; a summary table shows the first
 *  `tableRuns` enabled runs of `ctx.runs`. */
export function weaveView(ctx: PanelContext, body: HTMLElement, target: WeaveTarget, tableRuns: number): PanelView {
  if (target.kind === "summaryTable") return summaryTable(ctx, body, target.table, tableRuns);
  if (target.kind === "artifactFile" && target.file.endsWith(".table.json")) {
    const artifact = { name: `${target.artifact}:${target.version}`, path: target.file };
    return tableView({ id: ctx.panel.id, entity: ctx.entity, project: ctx.project, runs: [], artifact }, body, (s) => {
      if (s.state !== "ready") showState(ctx, body, s.state, s.message ?? "", { data: { target, query: s.query } });
      else markState(ctx, body, "ready", { data: { artifact: artifact.name, file: artifact.path, query: s.query, columns: s.page!.columns, total: s.page!.total, rows: s.page!.rows.length } });
    });
  }
  if (target.kind === "artifact" || target.kind === "artifactFile") {
    const name = target.kind === "artifact" ? target.artifact : `${target.artifact}:${target.version}`;
    let live = true;
    fetchArtifact(ctx.entity, ctx.project, name)
      .then((info) => live && drawArtifact(ctx, body, info, target.kind === "artifact" ? target.tab : "files", target.kind === "artifactFile" ? target.file : null))
      .catch((err) => live && showState(ctx, body, "error", `Could not load artifact ${name}: ${errorText(err)}`, { data: { target } }));
    return { destroy: () => void (live = false) };
  }
  showState(ctx, body, "empty", `This Weave expression (${target.op ?? "no operation"}) is kept as saved; the viewer draws summary tables and artifacts.`, { data: { target } });
  return { destroy() {} };
}

function summaryTable(ctx: PanelContext, body: HTMLElement, table: string, maxRuns: number): PanelView {
  const lines = linesFor({ ...ctx.runs, groups: [] }, maxRuns);
  if (!lines.length) {
    showState(ctx, body, "empty", ctx.runs.all.length ? "Every run is hidden." : "No runs in this project yet.");
    return { destroy() {} };
  }
  const runs = lines.map((l) => ({ name: l.runs[0], label: l.label, color: l.color }));
  return tableView({ id: ctx.panel.id, entity: ctx.entity, project: ctx.project, runs, key: table }, body, (s) => {
    if (s.state !== "ready") showState(ctx, body, s.state, s.message ?? "", { data: { table, query: s.query } });
    else markState(ctx, body, "ready", { data: { table, runs: runs.map((r) => r.name), query: s.query, columns: s.page!.columns, total: s.page!.total, rows: s.page!.rows.length } });
  });
}

const TABS = ["overview", "metadata", "files"] as const;

function drawArtifact(ctx: PanelContext, body: HTMLElement, info: ArtifactInfo, tab: string, file: string | null): void {
  let current = file ? "files" : TABS.includes(tab as (typeof TABS)[number]) ? tab : "overview";
  const content = h("div", { class: "art-content", "data-testid": "artifact-content" });
  const tabs = h("div", { class: "art-tabs" });
  const kv = (rows: [string, unknown][]) =>
    h("table", { class: "rc-table" }, h("tbody", {}, ...rows.map(([k, v]) => h("tr", {}, h("td", { class: "rc-key" }, k), h("td", { title: String(v ?? "") }, typeof v === "number" ? formatNumber(v) : String(v ?? ""))))));
  const draw = () => {
    clear(tabs);
    for (const t of TABS) {
      tabs.appendChild(h("button", { class: t === current ? "art-tab active" : "art-tab", "data-testid": `artifact-tab-${t}`, onclick: () => { current = t; draw(); } }, t));
    }
    clear(content);
    if (current === "overview") {
      content.appendChild(kv([["name", `${info.name}:${info.version}`], ["type", info.type], ["aliases", info.aliases.join(", ")], ["versions", info.versions.join(", ")], ["description", info.description ?? ""], ["created", info.createdAt.replace("T", " ").replace(/\.\d+Z?$|Z$/, "")], ["size (bytes)", info.size], ["files", info.fileCount], ["logged by run", info.run ?? ""], ["digest", info.digest]]));
    } else if (current === "metadata") {
      const entries = Object.entries(info.metadata ?? {});
      content.appendChild(entries.length ? kv(entries.map(([k, v]) => [k, typeof v === "object" ? JSON.stringify(v) : v])) : h("div", { class: "panel-empty" }, "No metadata."));
    } else {
      const files = file ? info.files.filter((f) => f.name === file) : info.files;
      content.appendChild(
        files.length
          ? h("table", { class: "rc-table", "data-testid": "artifact-files" }, h("thead", {}, h("tr", {}, h("th", {}, "file"), h("th", {}, "size"), h("th", {}, "digest"))), h("tbody", {}, ...files.map((f) => h("tr", { "data-testid": "artifact-file" }, h("td", { title: f.name }, f.name), h("td", {}, f.size ?? ""), h("td", { title: f.digest ?? "" }, f.digest ?? "")))))
          : h("div", { class: "panel-empty" }, file ? `${info.name}:${info.version} has no file ${file}.` : "No files."),
      );
      if (info.filesTruncated) content.appendChild(h("div", { class: "panel-note" }, `The first ${info.files.length} of ${info.fileCount} files.`));
    }
  };
  clear(body);
  body.appendChild(h("div", { class: "art" }, h("div", { class: "art-title", "data-testid": "artifact-name" }, `${info.name}:${info.version}`, h("span", { class: "art-type" }, info.type)), tabs, content));
  draw();
  const shown = file ? info.files.filter((f) => f.name === file) : info.files;
  markState(ctx, body, "ready", { data: { artifact: info.name, version: info.version, tab: current, file, files: shown.map((f) => f.name), metadata: info.metadata } });
}

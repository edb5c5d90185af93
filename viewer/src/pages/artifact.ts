// "/<entity>/<project>/artifacts/<type>/<name>/<version>": an artifact version's page
// (its aliases, tags, metadata, files to download and lineage); and the artifact lists
// the project page and the run page show.
import { humanSize } from "../runDetails";
import { byType, fileRows, metadataRows, versionLabel } from "../artifacts";
import { getArtifactVersion, listArtifacts, runArtifacts, type RunRef, type VersionInfo } from "../artifactsApi";
import { h } from "../dom";

export async function artifactPage(root: HTMLElement, entity: string, project: string, name: string, version: string): Promise<void> {
  const v = await getArtifactVersion(entity, project, name, version);
  const projectUrl = `/${encodeURIComponent(entity)}/${encodeURIComponent(project)}`;
  root.appendChild(h("h1", {}, h("a", { href: "/" }, entity), " / ", h("a", { href: projectUrl }, project), " / ", `${v.collection}:${v.version}`));
  root.appendChild(
    h(
      "p",
      { class: "muted", "data-testid": "artifact-meta" },
      `${v.type} · ${v.kind} · ${humanSize(v.size)} in ${v.fileCount} files · created ${v.createdAt} · digest ${v.digest}`,
    ),
  );
  if (v.kind === "portfolio") {
    root.appendChild(h("p", { "data-testid": "artifact-source" }, "Linked from ", h("a", { href: v.source.url }, `${v.source.collection}:${v.source.version}`)));
  }
  if (v.description) root.appendChild(h("p", { "data-testid": "artifact-description" }, v.description));
  root.append(
    h("p", { "data-testid": "artifact-aliases" }, "Aliases: ", v.aliases.length ? v.aliases.join(", ") : h("span", { class: "muted" }, "none")),
    h("p", { "data-testid": "artifact-tags" }, "Tags: ", v.tags.length ? v.tags.join(", ") : h("span", { class: "muted" }, "none")),
  );
  const metadata = metadataRows(v.metadata);
  root.append(
    h("h2", {}, "Metadata"),
    metadata.length
      ? h("table", { class: "runs", "data-testid": "artifact-metadata" }, ...metadata.map((row) => h("tr", { "data-key": row.key }, h("td", {}, row.key), h("td", {}, row.value))))
      : h("div", { class: "empty" }, "No metadata."),
    h("h2", {}, `Files (${v.files.length})`),
    v.files.length
      ? h(
          "table",
          { class: "runs", "data-testid": "artifact-files" },
          ...fileRows(v.files).map((f) =>
            h(
              "tr",
              { "data-file": f.name },
              h("td", {}, f.url && !f.reference ? h("a", { href: f.url, download: f.base, "data-testid": "artifact-file-link" }, f.name) : f.name),
              h("td", { class: "muted" }, f.reference ? `reference: ${f.url ?? ""}` : humanSize(f.size)),
            ),
          ),
        )
      : h("div", { class: "empty" }, "No files."),
    h("h2", {}, "Lineage"),
    h("p", { "data-testid": "artifact-logged-by" }, "Logged by: ", v.loggedBy ? runLink(v.loggedBy) : h("span", { class: "muted" }, "no run")),
    h("p", { "data-testid": "artifact-used-by" }, "Used by: ", ...(v.usedBy.length ? v.usedBy.flatMap((run, i) => [i ? ", " : "", runLink(run)]) : [h("span", { class: "muted" }, "no run")])),
  );
}

function runLink(run: RunRef): HTMLElement {
  return h("a", { href: run.url, "data-testid": "lineage-run" }, run.displayName || run.name);
}

function versionLink(v: VersionInfo, withName: boolean): HTMLElement {
  const text = withName ? `${v.collection}:${versionLabel(v)}` : versionLabel(v);
  return h("a", { href: v.url, "data-testid": "artifact-version-link" }, text);
}

/** The project page's "Artifacts": per type, each collection with its versions. */
export async function projectArtifacts(entity: string, project: string): Promise<HTMLElement> {
  const groups = byType(await listArtifacts(entity, project));
  if (!groups.length) return h("div", { class: "empty", "data-testid": "project-artifacts" }, "No artifacts in this project.");
  return h(
    "div",
    { "data-testid": "project-artifacts" },
    ...groups.map((group) =>
      h(
        "div",
        { "data-type": group.type },
        h("h3", {}, group.type),
        h(
          "table",
          { class: "runs" },
          ...group.collections.map((c) =>
            h(
              "tr",
              { "data-collection": c.name },
              h("td", {}, c.name, c.kind === "portfolio" ? h("span", { class: "muted" }, " (linked)") : ""),
              h("td", {}, ...c.versions.flatMap((v, i) => [i ? " · " : "", versionLink(v, false)])),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The run page's "Artifacts": the versions the run logged and used. */
export async function runArtifactLists(entity: string, project: string, run: string): Promise<DocumentFragment> {
  const { logged, used } = await runArtifacts(entity, project, run);
  const list = (title: string, testid: string, versions: VersionInfo[]) => [
    h("h3", {}, `${title} (${versions.length})`),
    versions.length ? h("ul", { "data-testid": testid }, ...versions.map((v) => h("li", {}, versionLink(v, true), h("span", { class: "muted" }, ` ${v.type}`)))) : h("div", { class: "empty" }, "None."),
  ];
  const out = document.createDocumentFragment();
  out.append(h("h2", {}, "Artifacts"), ...list("Logged", "run-artifacts-logged", logged), ...list("Used", "run-artifacts-used", used));
  return out;
}

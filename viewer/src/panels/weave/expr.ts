// What a Weave panel's expression asks for, read from its config (pure): the summary
// table of the runs, an artifact, or one file of an artifact version. The shapes are the
// ones the library writes (src/wandb_workspaces/reports/v2/_weave.py for workspace panels,
// _weave_blocks.py for report blocks: the same expression and panel config, kept under
// `panel2Config` in a panel's config and under `panelConfig` in a block's).

export type WeaveTarget =
  | { kind: "summaryTable"; table: string }
  | { kind: "artifact"; artifact: string; tab: string }
  | { kind: "artifactFile"; artifact: string; version: string; file: string }
  | { kind: "unknown"; op: string | null };

type Obj = Record<string, any>;
const obj = (v: unknown): Obj | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** What a workspace Weave panel shows (its config's `panel2Config`). */
export function weaveTarget(config: unknown): WeaveTarget {
  return expressionTarget(obj(config)?.panel2Config);
}

/** What a report's `weave-panel` block shows (its config's `panelConfig`). */
export function weaveBlockTarget(config: unknown): WeaveTarget {
  return expressionTarget(obj(config)?.panelConfig);
}

/** A panel or block config's `{exp, panelConfig}`: what its expression names. */
function expressionTarget(value: unknown): WeaveTarget {
  const panel2 = obj(value);
  const exp = obj(panel2?.exp);
  const op = obj(exp?.fromOp);
  const name = str(op?.name);
  const inputs = obj(op?.inputs) ?? {};
  if (name === "pick") {
    const table = str(obj(inputs.key)?.val);
    if (table !== null) return { kind: "summaryTable", table };
  }
  if (name === "project-artifact") {
    const artifact = str(obj(inputs.artifactName)?.val);
    const tab = str(obj(obj(obj(panel2?.panelConfig)?.tabConfigs)?.overview)?.selectedTab) ?? "overview";
    if (artifact !== null) return { kind: "artifact", artifact, tab };
  }
  if (name === "artifactVersion-file") {
    const version = obj(obj(obj(inputs.artifactVersion)?.fromOp)?.inputs) ?? {};
    const artifact = str(obj(version.artifactName)?.val);
    const alias = str(obj(version.artifactVersionAlias)?.val);
    const file = str(obj(inputs.path)?.val);
    if (artifact !== null && alias !== null && file !== null) return { kind: "artifactFile", artifact, version: alias, file };
  }
  return { kind: "unknown", op: name };
}

/** A title for a custom chart or Weave panel with none: its chart's title or name, the
 *  table or artifact it shows. */
export function dataPanelTitle(viewType: string, config: unknown): string {
  if (viewType === "Vega2") {
    const c = obj(config);
    return str(obj(c?.stringSettings)?.title) || str(c?.panelDefId) || "";
  }
  return targetTitle(weaveTarget(config));
}

/** The table or artifact a Weave target shows ("" for an expression not read). */
export function targetTitle(t: WeaveTarget): string {
  if (t.kind === "summaryTable") return t.table;
  if (t.kind === "artifact") return t.artifact;
  if (t.kind === "artifactFile") return `${t.artifact}:${t.version}/${t.file}`;
  return "";
}

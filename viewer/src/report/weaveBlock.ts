// A report's Weave block (WeaveBlockSummaryTable, WeaveBlockArtifact,
// WeaveBlockArtifactVersionedFile): what its expression names, drawn by the workspace's
// Weave component (`weaveView`) in the workspace's panel card, over the report's project.
// A summary table shows the runs of the report's project as a run set with no filters
// selects them (newest first), at most as many as the tables route reads at once
// (TABLE_MAX_RUNS). W&B would use the block's own run set; the library's blocks write
// none, so the project's runs are what there is.
import { queryRuns, type RunsResult } from "../api";
import { clear } from "../dom";
import { runsLogged } from "../liveRuns";
import { TABLE_MAX_RUNS } from "../panelData";
import { errorText, panelCard, showState, type PanelContext, type PanelView } from "../panels/common";
import { targetTitle } from "../panels/weave/expr";
import { weaveView } from "../panels/weave/Weave";
import { resolveSettings } from "../spec";
import { debug, makeRuns, runsOf, type Runs } from "../state";
import type { Block } from "./model";

type WeaveBlock = Extract<Block, { kind: "weave" }>;

export interface WeaveBlockView {
  destroy(): void;
  /** The project's runs again (a summary table is drawn again when what they logged changed). */
  refresh(result: RunsResult): void;
  /** Whether the block reads the project's runs (a summary table). */
  readonly readsRuns: boolean;
}

const NO_RUNS: Runs = makeRuns([], [], 0, 0, {}, []);

/** The id the block's panel has in `window.__panelbank.panels`. */
export const weaveBlockId = (index: number) => `weave-block-${index}`;

/** The runs of the report's project a summary table block shows (one request per page). */
export function projectRuns(where: { entity: string; project: string }): () => Promise<RunsResult> {
  let pending: Promise<RunsResult> | null = null;
  return () => (pending ??= queryRuns(where.entity, where.project, {}, {}));
}

export function drawWeaveBlock(
  holder: HTMLElement,
  block: WeaveBlock,
  where: { entity: string; project: string },
  runs: () => Promise<RunsResult>,
): WeaveBlockView {
  const id = weaveBlockId(block.index);
  const ctx: PanelContext = {
    ...where,
    panel: { id, viewType: "Weave", config: {}, layout: { x: 0, y: 0, w: 24, h: 8 } },
    title: targetTitle(block.target),
    settings: resolveSettings({}, {}, {}),
    runs: NO_RUNS,
  };
  const { root, body } = panelCard(ctx);
  holder.appendChild(root);
  const d = debug();
  d.expected += 1;
  d.panels[id] = { type: "Weave", title: ctx.title, state: "loading" };
  let view: PanelView | null = null;
  let logged: string | null = null;
  let alive = true;
  const draw = (result: RunsResult | null, again: boolean) => {
    view?.destroy();
    if (again) d.panels[id] = { ...(d.panels[id] ?? { type: "Weave", title: ctx.title }), state: "loading", updating: true };
    clear(body);
    view = weaveView({ ...ctx, runs: result ? runsOf(result, {}, {}) : NO_RUNS }, body, block.target, TABLE_MAX_RUNS);
  };
  const readsRuns = block.target.kind === "summaryTable";
  if (!readsRuns) draw(null, false);
  else {
    runs().then(
      (result) => {
        if (!alive) return;
        logged = runsLogged(result.runs);
        draw(result, false);
      },
      (err) => alive && showState(ctx, body, "error", `The runs of ${where.entity}/${where.project} could not be loaded: ${errorText(err)}`),
    );
  }
  return {
    readsRuns,
    destroy() {
      alive = false;
      view?.destroy();
    },
    refresh(result) {
      if (!alive || !readsRuns || logged === null || runsLogged(result.runs) === logged) return;
      logged = runsLogged(result.runs);
      draw(result, true); // the table keeps its sort, filter and page (by the panel's id)
    },
  };
}

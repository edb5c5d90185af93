// Live update when runs log new rows: the workspace page polls the runs list; when what
// the runs have logged changes (new history lines, a heartbeat, a new or finished run), it
// draws again only the panels whose data changed, each keeping what the user did (a
// drag-zoom), and leaves the sections as they are.
import type { RunInfo } from "./api";
import type { PanelContext } from "./panels/common";
import { isStatic } from "./panels";
import { linePlotLines } from "./panels/linePlot/shape";

/** What the runs have logged so far: names, states, history line counts, heartbeats. */
export function runsLogged(runs: RunInfo[]): string {
  return runs.map((r) => `${r.name}:${r.state}:${r.historyLineCount}:${r.heartbeatAt}`).join("|");
}

/** What a panel's drawing depends on, as a string: the panel is drawn again when it changes.
 *  A line plot: its lines (runs, labels, colours) and the history line counts of their
 *  runs. Panels of run values (bars, scalars, scatter, parallel coordinates, importance,
 *  comparer, tables, custom charts): the enabled runs' names, states, config and summary.
 *  The code comparer: the enabled runs only. Markdown and placeholder cards: nothing. */
export function panelSignature(ctx: PanelContext): string {
  const { runs, panel } = ctx;
  if (isStatic(panel.viewType)) return "static";
  const none = runs.all.length ? "" : `no runs of ${runs.total}`;
  if (panel.viewType === "Run History Line Plot") {
    const byName = new Map(runs.all.map((r) => [r.name, r]));
    const template = typeof panel.config.legendTemplate === "string" && panel.config.legendTemplate.includes("${");
    const lines = linePlotLines(ctx).map((l) => [
      l.key,
      l.label,
      l.color,
      l.runs.map((name) => {
        const r = byName.get(name);
        // a legend template may show config or summary values
        return template ? [name, r?.historyLineCount, r?.displayName, r?.config, r?.summary] : [name, r?.historyLineCount];
      }),
    ]);
    return JSON.stringify([none, lines]);
  }
  if (panel.viewType === "Code Comparer") {
    // the code runs saved does not change as they log: only which runs are shown
    const shown = runs.all.filter((r) => !runs.disabled.has(r.name)).map((r) => [r.name, r.displayName, runs.colors.get(r.name)]);
    return JSON.stringify([none, shown]);
  }
  const enabled = runs.all
    .filter((r) => !runs.disabled.has(r.name))
    .map((r) => [r.name, r.displayName, r.state, runs.colors.get(r.name), r.tags, r.createdAt, r.config, r.summary]);
  return JSON.stringify([none, enabled, runs.groups]);
}

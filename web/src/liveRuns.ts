// Live update when runs log new rows: the workspace page polls the runs list and redraws
// the panels when what the runs have logged changes (new history lines, a heartbeat, a
// new or finished run), without a re-saved view.
import type { RunInfo } from "./api";

/** What the runs have logged so far: names, states, history line counts, heartbeats. */
export function runsLogged(runs: RunInfo[]): string {
  return runs.map((r) => `${r.name}:${r.state}:${r.historyLineCount}:${r.heartbeatAt}`).join("|");
}

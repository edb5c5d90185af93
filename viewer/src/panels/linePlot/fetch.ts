// Line plot fetching: the metrics a plot shows (its list, and the names its regex matches
// in the runs' history keys) and their history, downsampled by the server to one point
// per pixel of the panel's width.
import { fetchHistory, runKeys, type HistoryRequest, type Series } from "../../api";
import type { Line } from "../../state";
import type { PanelContext } from "../common";
import { lineConfig } from "./shape";

/** Points per line to ask the server for: one per pixel of the panel's width. */
export function pointsFor(body: HTMLElement): number {
  return Math.min(Math.max(Math.round(body.clientWidth || 400), 100), 2000);
}

export async function metricsOf(ctx: PanelContext, lines: Line[]): Promise<string[]> {
  const cfg = lineConfig(ctx);
  const listed: string[] = (Array.isArray(cfg.metrics) ? cfg.metrics : []).filter(
    (m: unknown): m is string => typeof m === "string" && m !== "",
  );
  if (!cfg.metricRegex || cfg.useMetricRegex === false) return listed;
  let re: RegExp;
  try {
    re = new RegExp(String(cfg.metricRegex));
  } catch {
    throw new Error(`the metric regex ${String(cfg.metricRegex)} is not a valid regular expression`);
  }
  const names = new Set<string>();
  const sample = [...new Set(lines.flatMap((l) => l.runs))].slice(0, 5);
  for (const keys of await Promise.all(sample.map((r) => runKeys(ctx.entity, ctx.project, r)))) {
    for (const k of keys) if (!k.startsWith("_") && re.test(k)) names.add(k);
  }
  return [...listed, ...[...names].sort()];
}

/** The history of the lines' runs for the metrics, over the x range (a zoom, else the
 *  settings' range). */
export async function fetchLines(
  ctx: PanelContext,
  lines: Line[],
  metrics: string[],
  range: [number | null, number | null],
  points: number,
  signal: AbortSignal,
): Promise<{ request: HistoryRequest; series: Series[] }> {
  const request = {
    runs: [...new Set(lines.flatMap((l) => l.runs))],
    metrics,
    x: ctx.settings.xAxis,
    points,
    xMin: range[0],
    xMax: range[1],
  };
  const series = await fetchHistory(ctx.entity, ctx.project, request, signal);
  return { request, series };
}

// Pure shaping for histograms logged over steps: each step's histogram re-binned onto one
// shared set of value bins, so the steps line up as the columns of a heat map.
import type { Histogram } from "../../panelData";

export interface HeatMap {
  steps: number[]; // one column per logged step
  edges: number[]; // the shared value bins' edges (rows), bins + 1 of them
  counts: number[][]; // [step][bin]
  max: number; // the largest count (the darkest cell)
}

/** Re-bin every step's histogram onto `bins` equal bins spanning all of them; a source
 *  bin's count is shared among the target bins by how much of its width each covers, so
 *  the count of every step is kept. */
export function heatMap(steps: number[], histograms: Histogram[], bins = 48): HeatMap {
  let lo = Infinity;
  let hi = -Infinity;
  for (const hist of histograms) {
    if (!hist.bins.length) continue;
    lo = Math.min(lo, hist.bins[0]);
    hi = Math.max(hi, hist.bins[hist.bins.length - 1]);
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { steps: [], edges: [], counts: [], max: 0 };
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const n = Math.max(1, Math.floor(bins));
  const width = (hi - lo) / n;
  const edges = Array.from({ length: n + 1 }, (_, i) => (i === n ? hi : lo + i * width));
  let max = 0;
  const counts = histograms.map((hist) => {
    const row = new Array<number>(n).fill(0);
    hist.values.forEach((count, i) => {
      const a = hist.bins[i];
      const b = hist.bins[i + 1];
      if (!count) return;
      if (b <= a) {
        row[Math.min(n - 1, Math.max(0, Math.floor((a - lo) / width)))] += count;
        return;
      }
      const first = Math.max(0, Math.floor((a - lo) / width));
      const last = Math.min(n - 1, Math.ceil((b - lo) / width) - 1);
      for (let j = first; j <= last; j++) {
        const overlap = Math.min(b, edges[j + 1]) - Math.max(a, edges[j]);
        if (overlap > 0) row[j] += (count * overlap) / (b - a);
      }
    });
    for (const c of row) max = Math.max(max, c);
    return row;
  });
  return { steps: [...steps], edges, counts, max };
}

/** The bars of one histogram: [left edge, right edge, count] each. */
export function bars(hist: Histogram): [number, number, number][] {
  return hist.values.map((count, i) => [hist.bins[i], hist.bins[i + 1], count]);
}

/** Whether a logged value (a run's summary value) is a histogram. */
export function isHistogram(value: unknown): boolean {
  return Boolean(value && typeof value === "object" && (value as { _type?: unknown })._type === "histogram");
}

/** What is under a point of the heat map, given as fractions of its width (steps, left to
 *  right) and height (values, bottom to top); null outside it. */
export function heatCellAt(map: HeatMap, fx: number, fy: number): { step: number; low: number; high: number; count: number } | null {
  const bins = map.edges.length - 1;
  if (!map.steps.length || bins < 1 || fx < 0 || fx >= 1 || fy < 0 || fy >= 1) return null;
  const i = Math.floor(fx * map.steps.length);
  const j = Math.floor(fy * bins);
  return { step: map.steps[i], low: map.edges[j], high: map.edges[j + 1], count: map.counts[i][j] };
}

// Smoothing as the W&B app offers it. `weight` is the stored smoothingWeight: for the
// exponential kinds a factor in [0, 1) (integers are read as percent), for gaussian and
// average a window in points.
import type { SmoothingType } from "./spec";

type Y = (number | null)[];

function factor(weight: number): number {
  const w = weight >= 1 ? weight / 100 : weight;
  return Math.min(Math.max(w, 0), 0.999);
}

function windowSize(weight: number): number {
  return Math.max(1, Math.round(weight < 1 ? weight * 100 : weight));
}

export function smooth(type: SmoothingType, weight: number, xs: ArrayLike<number>, ys: Y): Y {
  if (type === "none" || weight <= 0) return ys;
  switch (type) {
    case "exponential":
      return exponential(factor(weight), ys);
    case "exponentialTimeWeighted":
      return timeWeighted(factor(weight), xs, ys);
    case "gaussian":
      return gaussian(windowSize(weight), ys);
    case "average":
      return average(windowSize(weight), ys);
  }
  return ys;
}

/** TensorBoard's exponential moving average with debiasing. */
function exponential(w: number, ys: Y): Y {
  let last = 0;
  let n = 0;
  return ys.map((y) => {
    if (y === null || !Number.isFinite(y)) return y;
    last = last * w + (1 - w) * y;
    n += 1;
    return last / (1 - Math.pow(w, n));
  });
}

/** Exponential, with the weight of each step scaled by its x gap (uneven logging). */
function timeWeighted(w: number, xs: ArrayLike<number>, ys: Y): Y {
  const n = xs.length;
  const span = n > 1 ? (xs[n - 1] - xs[0]) / (n - 1) || 1 : 1;
  let last = 0;
  let debias = 1;
  let prevX: number | null = null;
  return ys.map((y, i) => {
    if (y === null || !Number.isFinite(y)) return y;
    const gap = prevX === null ? 1 : Math.max((xs[i] - prevX) / span, 0);
    const wi = Math.pow(w, gap);
    last = last * wi + (1 - wi) * y;
    debias *= wi;
    prevX = xs[i];
    return last / (1 - debias || 1);
  });
}

function gaussian(window: number, ys: Y): Y {
  const sigma = window / 2 || 1;
  const kernel: number[] = [];
  for (let d = -window; d <= window; d++) kernel.push(Math.exp(-(d * d) / (2 * sigma * sigma)));
  return ys.map((y, i) => {
    if (y === null) return y;
    let sum = 0;
    let wsum = 0;
    for (let d = -window; d <= window; d++) {
      const v = ys[i + d];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      const k = kernel[d + window];
      sum += v * k;
      wsum += k;
    }
    return wsum ? sum / wsum : y;
  });
}

/** Trailing running average over `window` points. */
function average(window: number, ys: Y): Y {
  const out: Y = [];
  const buf: number[] = [];
  let sum = 0;
  for (const y of ys) {
    if (y === null || !Number.isFinite(y)) {
      out.push(y);
      continue;
    }
    buf.push(y);
    sum += y;
    if (buf.length > window) sum -= buf.shift()!;
    out.push(sum / buf.length);
  }
  return out;
}

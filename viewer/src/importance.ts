// Parameter importance of config parameters for a target metric, over a set of runs.
//
// Features: each config parameter (nested keys flattened with dots). A parameter whose
// values are all numbers (or booleans, as 0/1) is one numeric feature, missing values
// imputed with its mean; any other parameter is categorical and becomes one 0/1 feature
// per value ("optimizer=adam"), at most MAX_CATEGORIES values. Features that do not vary
// over the runs are dropped, as are keys starting with "_".
//
// correlation: Pearson's r between the feature and the target over the runs.
// importance:  |standardized ridge-regression coefficient| of the feature when the target
//              is regressed on all features together (features and target as z-scores,
//              penalty RIDGE * n), normalized so the importances sum to 1. Unlike the
//              correlation it credits a parameter only for what the others do not explain;
//              the small ridge penalty keeps it defined with collinear one-hot features and
//              with more features than runs.

export interface Importance {
  feature: string; // "lr" or "optimizer=adam"
  parameter: string; // "lr" or "optimizer"
  importance: number; // 0..1, all features sum to 1
  correlation: number; // -1..1
}

export interface ImportanceResult {
  target: string;
  runs: number; // runs with a numeric target
  rows: Importance[]; // by importance, largest first
}

export const MAX_CATEGORIES = 20;
export const RIDGE = 0.01;

type Sample = { params: Record<string, unknown>; target: number };

const asNumber = (v: unknown): number | null =>
  typeof v === "number" && Number.isFinite(v) ? v : typeof v === "boolean" ? (v ? 1 : 0) : null;

export function features(samples: Sample[]): { names: string[]; parameters: string[]; columns: number[][] } {
  const keys = new Set<string>();
  for (const s of samples) for (const k of Object.keys(s.params)) if (!k.startsWith("_")) keys.add(k);
  const names: string[] = [];
  const parameters: string[] = [];
  const columns: number[][] = [];
  for (const key of [...keys].sort()) {
    const vals = samples.map((s) => s.params[key]);
    const present = vals.filter((v) => v !== undefined && v !== null);
    if (!present.length) continue;
    if (present.every((v) => asNumber(v) !== null)) {
      const nums = vals.map(asNumber);
      const known = nums.filter((v): v is number => v !== null);
      const mean = known.reduce((a, b) => a + b, 0) / known.length;
      names.push(key);
      parameters.push(key);
      columns.push(nums.map((v) => (v === null ? mean : v)));
      continue;
    }
    const text = vals.map((v) => (v === undefined || v === null ? null : typeof v === "string" ? v : JSON.stringify(v)));
    const categories = [...new Set(text.filter((t): t is string => t !== null))].sort();
    if (categories.length > MAX_CATEGORIES) continue;
    for (const c of categories) {
      names.push(`${key}=${c}`);
      parameters.push(key);
      columns.push(text.map((t) => (t === c ? 1 : 0)));
    }
  }
  // drop features that do not vary
  const keep = columns.map((c) => c.some((v) => v !== c[0]));
  return {
    names: names.filter((_, i) => keep[i]),
    parameters: parameters.filter((_, i) => keep[i]),
    columns: columns.filter((_, i) => keep[i]),
  };
}

function zscores(xs: number[]): number[] {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
  return xs.map((v) => (sd > 0 ? (v - mean) / sd : 0));
}

export function pearson(a: number[], b: number[]): number {
  const za = zscores(a);
  const zb = zscores(b);
  const r = za.reduce((acc, v, i) => acc + v * zb[i], 0) / a.length;
  return Math.max(-1, Math.min(1, r));
}

/** Solve A x = b (A symmetric positive definite) by Gaussian elimination with pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    const pivot = M[c][c] || 1e-12;
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / pivot;
      if (f) for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / (M[r][r] || 1e-12);
  }
  return x;
}

export function parameterImportance(samples: Sample[], target: string): ImportanceResult {
  const n = samples.length;
  if (n < 2) return { target, runs: n, rows: [] };
  const { names, parameters, columns } = features(samples);
  const ys = samples.map((s) => s.target);
  if (!names.length || ys.every((v) => v === ys[0])) return { target, runs: n, rows: [] };
  const Z = columns.map(zscores);
  const zy = zscores(ys);
  const p = Z.length;
  const A = Z.map((ci, i) => Z.map((cj, j) => ci.reduce((acc, v, k) => acc + v * cj[k], 0) + (i === j ? RIDGE * n : 0)));
  const rhs = Z.map((c) => c.reduce((acc, v, k) => acc + v * zy[k], 0));
  const beta = p ? solve(A, rhs) : [];
  const total = beta.reduce((a, b) => a + Math.abs(b), 0) || 1;
  const rows = names.map((feature, i) => ({
    feature,
    parameter: parameters[i],
    importance: Math.abs(beta[i]) / total,
    correlation: pearson(columns[i], ys),
  }));
  rows.sort((a, b) => b.importance - a.importance || Math.abs(b.correlation) - Math.abs(a.correlation));
  return { target, runs: n, rows };
}

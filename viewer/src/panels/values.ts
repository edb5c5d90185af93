// Run values and numbers as panels read and show them; pure (no DOM), so data shaping
// and its unit tests use them too.

/** A summary or config value of a run for a "pc"-style key (summary:acc, config:lr.value, run:state). */
export function runValue(run: { summary: Record<string, any>; config: Record<string, any>; [k: string]: any }, key: string): unknown {
  const [section, ...rest] = key.includes(":") ? key.split(":") : ["summary", key];
  const name = rest.join(":");
  if (section === "summary") return dig(run.summary, name);
  if (section === "config") {
    const direct = dig(run.config, name);
    if (direct !== undefined) return unwrap(direct);
    return unwrap(dig(run.config, name.replace(/\.value(\.|$)/, "$1").replace(/\.$/, "")));
  }
  if (section === "run") return run[name];
  return dig(run.summary, key);
}

function unwrap(v: any): unknown {
  return v && typeof v === "object" && "value" in v ? v.value : v;
}

function dig(obj: Record<string, any>, path: string): unknown {
  if (obj == null) return undefined;
  if (path in obj) return obj[path];
  let cur: any = obj;
  for (const part of path.split(".")) {
    if (cur == null || typeof cur !== "object") return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Aggregate numbers as the app's groupAgg does. */
export function aggregate(values: number[], agg: string): number {
  if (!values.length) return NaN;
  switch (agg) {
    case "min":
      return Math.min(...values);
    case "max":
      return Math.max(...values);
    case "sum":
      return values.reduce((a, b) => a + b, 0);
    case "median": {
      const s = [...values].sort((a, b) => a - b);
      const m = s.length >> 1;
      return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
    default:
      return values.reduce((a, b) => a + b, 0) / values.length;
  }
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(3).replace(/\.?0+e/, "e");
  return Number(v.toPrecision(5)).toString();
}

// Run fields as panels name them: the "pc" accessor family (run:, config:, summary:, c::)
// and a readable label for each; numbers out of whatever a run stored.
import type { RunInfo } from "../api";
import { runValue } from "./common";

/** The value of a "pc"-style accessor on a run: `run:state`, `config:lr.value`, `c::lr`,
 *  `summary:acc` (a bare name is a summary metric). */
export function accessorValue(run: RunInfo, accessor: string): unknown {
  if (accessor.startsWith("c::")) return runValue(run, `config:${accessor.slice(3)}`);
  if (accessor.startsWith("run:")) {
    const name = accessor.slice(4);
    const aliases: Record<string, string> = { displayName: "displayName", name: "name", id: "name", state: "state", createdAt: "createdAt" };
    return (run as unknown as Record<string, unknown>)[aliases[name] ?? name];
  }
  return runValue(run, accessor);
}

/** `config:lr.value` → "lr", `summary:acc` → "acc", `c::lr` → "lr", `run:state` → "state". */
export function accessorLabel(accessor: string): string {
  return accessor
    .replace(/^c::/, "")
    .replace(/^(summary|run|config):/, "")
    .replace(/\.value(\.|$)/, "$1")
    .replace(/\.$/, "");
}

export function toNumber(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  return null;
}

/** A value as a table cell shows it. */
export function showValue(v: unknown): string {
  if (v === undefined) return "–";
  if (v === null) return "null";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : Number(v.toPrecision(5)).toString();
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

/** Flatten nested objects to dotted keys ({model: {layers: 4}} → {"model.layers": 4}). */
export function flatten(obj: Record<string, unknown>, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(obj ?? {})) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length && !("_type" in v)) flatten(v as Record<string, unknown>, key, out);
    else out[key] = v;
  }
  return out;
}

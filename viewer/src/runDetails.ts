// A run's page, the pure part: config and summary as sorted key/value rows, sizes for
// people. No DOM.

export interface KeyValue {
  key: string;
  value: string;
}

/** Nested objects flattened to dotted keys, sorted, each value as short text. */
export function keyValues(values: Record<string, unknown>, hidden: (key: string) => boolean = () => false): KeyValue[] {
  const out: KeyValue[] = [];
  const walk = (prefix: string, value: unknown) => {
    if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length) {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) walk(prefix ? `${prefix}.${key}` : key, inner);
      return;
    }
    if (!hidden(prefix)) out.push({ key: prefix, value: shortText(value) });
  };
  for (const [key, value] of Object.entries(values)) walk(key, value);
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function shortText(value: unknown): string {
  if (value === null || value === undefined) return "null"; // NaN and infinity arrive as null
  if (typeof value === "string") return value;
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** "1.5 KB": bytes in the largest unit that keeps the number at or above 1. */
export function humanSize(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${size.toFixed(1)} ${units[unit]}`;
}

/** The summary's internal keys (`_wandb`, `_runtime`...) are not shown. */
export const internalKey = (key: string) => key.startsWith("_");

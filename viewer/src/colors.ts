// Run colours: the run set's custom colour, else the server's, else a stable palette by
// position in the run set's order.
export const PALETTE = [
  "#5387DD", "#DA4C4C", "#479A5F", "#E87B35", "#7D54B2", "#229487", "#C565C7", "#A0A00B",
  "#5BC5DB", "#EDB732", "#A46750", "#8A8A8A", "#E57373", "#2E7D32", "#1565C0", "#AD1457",
];

/** ``value`` if the browser takes it as a colour, else null: a stored or served colour
 * that is anything more (``url(...)``, ``red; background: ...``) is never drawn. */
export function safeColor(value: string | null | undefined): string | null {
  if (!value) return null;
  if (typeof CSS !== "undefined" && typeof CSS.supports === "function") {
    return CSS.supports("color", value) ? value : null;
  }
  return /^(#[0-9a-f]{3,8}|[a-z]+|(rgba?|hsla?)\([0-9.,%\s/]*\))$/i.test(value) ? value : null;
}

export function paletteColor(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/** The colour with an alpha, for bands and the faint original line. */
export function faint(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return color;
  let hex = m[1];
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join("");
  const n = parseInt(hex, 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

// A report's spec (the JSON the library and the W&B app store: `blocks`, `width`, ...) as
// the block model the page draws. Pure: no DOM. Anything the app may write is read
// defensively; a block of a type this viewer does not know becomes an `unknown` block
// naming its type, never an error.
import { weaveBlockTarget, type WeaveTarget } from "../panels/weave/expr";
import { embedFor, safeHref, type Embed } from "./embeds";

export type Json = Record<string, any>;

/** Marks the app writes on a text leaf. */
export interface Marks {
  bold?: boolean;
  italic?: boolean;
  strikethrough?: boolean;
  underline?: boolean;
  code?: boolean;
  color?: string; // as written; the drawing sets it through the CSSOM (an invalid one is dropped)
}

export type Inline =
  | { kind: "text"; text: string; marks: Marks }
  | { kind: "link"; href: string | null; url: string; children: Inline[] } // href null: not a safe link
  | { kind: "latex"; content: string };

export interface ListItem {
  checked: boolean | null; // null: not a checklist item
  blocks: Block[]; // its paragraphs and nested lists
}

export interface GalleryItem {
  kind: "url" | "report";
  href: string | null;
  title: string;
  description: string;
  imageUrl: string | null;
}

export type Block =
  | { kind: "heading"; level: 1 | 2 | 3; inlines: Inline[]; anchor: string; collapsed: Block[] | null }
  | { kind: "paragraph"; inlines: Inline[] }
  | { kind: "list"; ordered: boolean; checklist: boolean; items: ListItem[] }
  | { kind: "quote"; inlines: Inline[] }
  | { kind: "code"; language: string; text: string }
  | { kind: "markdown"; content: string }
  | { kind: "latex"; content: string }
  | { kind: "image"; src: string | null; url: string; caption: Inline[] }
  | { kind: "video"; url: string; embed: Embed | null; href: string | null }
  | { kind: "embed"; service: "spotify" | "soundcloud" | "twitter"; embed: Embed | null; href: string | null }
  | { kind: "callout"; lines: Inline[][] }
  | { kind: "rule" }
  | { kind: "toc" }
  | { kind: "gallery"; items: GalleryItem[] }
  | { kind: "grid"; index: number; metadata: Json }
  | { kind: "weave"; index: number; title: string; target: WeaveTarget } // target "unknown": a card
  | { kind: "unknown"; type: string };

export interface ReportModel {
  width: "readable" | "fixed" | "fluid";
  blocks: Block[];
  grids: number; // panel grids, numbered 0.. in document order (collapsed ones too)
}

const MARKS = ["bold", "italic", "strikethrough", "underline"] as const;

function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((v) => v && typeof v === "object") : [];
}

/** The inline content of a text-like node's children: text leaves, links, inline LaTeX. */
export function inlines(children: unknown): Inline[] {
  const out: Inline[] = [];
  for (const child of asArray(children)) {
    if (child.type === "link") {
      const url = String(child.url ?? "");
      out.push({ kind: "link", url, href: safeHref(url), children: inlines(child.children) });
    } else if (child.type === "latex") {
      out.push({ kind: "latex", content: String(child.content ?? "") });
    } else if (typeof child.text === "string") {
      const marks: Marks = {};
      for (const m of MARKS) if (child[m] === true) marks[m] = true;
      if (child.inlineCode === true || child.code === true) marks.code = true;
      if (typeof child.color === "string" && child.color) marks.color = child.color;
      if (child.text) out.push({ kind: "text", text: child.text, marks });
    } else if (Array.isArray(child.children)) {
      out.push(...inlines(child.children)); // an inline element of another type: its text
    }
  }
  return out;
}

/** The plain text of inline content (headings' anchors, the table of contents). */
export function plainText(content: Inline[]): string {
  return content
    .map((i) => (i.kind === "text" ? i.text : i.kind === "link" ? plainText(i.children) : i.content))
    .join("");
}

/** An anchor for a heading's text, unique among `taken` (which it joins). */
export function anchorFor(text: string, taken: Set<string>): string {
  const base =
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "") // accents off their letters: "Größe" → "große"
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "") || "section";
  let anchor = `h-${base}`;
  for (let n = 2; taken.has(anchor); n++) anchor = `h-${base}-${n}`;
  taken.add(anchor);
  return anchor;
}

function isEmptyParagraph(b: Json): boolean {
  return (b.type === "paragraph" || b.type === "default") && inlines(b.children).length === 0;
}

class Reader {
  readonly anchors = new Set<string>();
  grids = 0;
  weaves = 0;

  blocks(nodes: unknown, { trim = false } = {}): Block[] {
    let list = asArray(nodes);
    // the first and last blocks the client adds on save (empty paragraphs) are not shown
    if (trim) {
      if (list.length && isEmptyParagraph(list[0])) list = list.slice(1);
      if (list.length && isEmptyParagraph(list[list.length - 1])) list = list.slice(0, -1);
    }
    return list.map((b) => this.block(b));
  }

  block(b: Json): Block {
    switch (b.type) {
      case "heading": {
        const content = inlines(b.children);
        const level = b.level === 2 || b.level === 3 ? b.level : 1;
        const collapsed = Array.isArray(b.collapsedChildren) ? this.blocks(b.collapsedChildren) : null;
        return { kind: "heading", level, inlines: content, anchor: anchorFor(plainText(content), this.anchors), collapsed };
      }
      case "paragraph":
      case "default":
        return { kind: "paragraph", inlines: inlines(b.children) };
      case "list":
        return this.list(b);
      case "block-quote":
        return { kind: "quote", inlines: inlines(b.children) };
      case "code-block":
        return { kind: "code", language: String(b.language ?? "python"), text: codeText(b) };
      case "markdown-block":
        return { kind: "markdown", content: String(b.content ?? "") };
      case "latex":
        return { kind: "latex", content: String(b.content ?? "") };
      case "image": {
        const url = String(b.url ?? "");
        return { kind: "image", url, src: safeHref(url, { relative: true }), caption: b.hasCaption === false ? [] : inlines(b.children) };
      }
      case "video": {
        const url = String(b.url ?? "");
        return { kind: "video", url, embed: embedFor("video", b), href: safeHref(url) };
      }
      case "spotify":
      case "soundcloud":
      case "twitter": {
        const embed = embedFor(b.type, b);
        return { kind: "embed", service: b.type, embed, href: embed?.link ?? null };
      }
      case "callout-block":
        return { kind: "callout", lines: asArray(b.children).map((line) => inlines(line.children ?? [line])) };
      case "horizontal-rule":
        return { kind: "rule" };
      case "table-of-contents":
        return { kind: "toc" };
      case "gallery":
        return { kind: "gallery", items: galleryItems(b) };
      case "panel-grid":
        return { kind: "grid", index: this.grids++, metadata: b.metadata && typeof b.metadata === "object" ? b.metadata : {} };
      case "weave-panel":
        return { kind: "weave", index: this.weaves++, title: weaveTitle(b), target: weaveBlockTarget(b.config) };
      default:
        return { kind: "unknown", type: typeof b.type === "string" && b.type ? b.type : "(no type)" };
    }
  }

  list(b: Json): Block {
    const items = asArray(b.children);
    const checklist = items.some((i) => typeof i.checked === "boolean");
    return {
      kind: "list",
      ordered: b.ordered === true || items.some((i) => i.ordered === true),
      checklist,
      items: items.map((item) => {
        const children = asArray(item.children);
        // an item holds paragraphs and nested lists, or (older specs) bare text leaves
        const blocks = children.some((c) => typeof c.type === "string" && c.type !== "link" && c.type !== "latex")
          ? this.blocks(children)
          : [{ kind: "paragraph" as const, inlines: inlines(children) }];
        return { checked: checklist ? item.checked === true : null, blocks };
      }),
    };
  }
}

function codeText(b: Json): string {
  // each code-line's leaves are lines of their own (the client writes one leaf per line)
  return asArray(b.children)
    .flatMap((line) => asArray(line.children).map((leaf) => String(leaf.text ?? "")))
    .join("\n");
}

function galleryItems(b: Json): GalleryItem[] {
  const links = asArray(b.links);
  const ids: string[] = Array.isArray(b.ids) ? b.ids.map(String) : [];
  const reports = [...links.filter((l) => l.type === "report").map((l) => String(l.id ?? "")), ...ids];
  return [
    ...links
      .filter((l) => l.type !== "report")
      .map((l) => ({
        kind: "url" as const,
        href: safeHref(String(l.url ?? "")),
        title: String(l.title || l.url || ""),
        description: String(l.description ?? ""),
        imageUrl: l.imageURL ? safeHref(String(l.imageURL)) : null,
      })),
    ...reports.filter(Boolean).map((id) => ({
      kind: "report" as const,
      href: `--${encodeURIComponent(id)}`, // beside this report: /<entity>/<project>/reports/--<id>
      title: `Report ${id}`,
      description: "",
      imageUrl: null,
    })),
  ];
}

const WEAVE_KINDS: [string, string][] = [
  ["artifactVersion-file", "Artifact file"],
  ["project-artifact", "Artifact"],
  ["run-summary", "Summary table"],
];

/** What a Weave block shows, in a few words: what it reads (from the ops of its
 *  expression) and the names it was given (the expression's constant strings). */
export function weaveTitle(b: Json): string {
  const ops = new Set<string>();
  const values: string[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 60 || !node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, depth + 1));
    const o = node as Json;
    if (o.fromOp && typeof o.fromOp.name === "string") ops.add(o.fromOp.name);
    if (o.nodeType === "const" && typeof o.val === "string" && o.val && !values.includes(o.val)) values.push(o.val);
    for (const v of Object.values(o)) visit(v, depth + 1);
  };
  visit(b.config ?? {}, 0);
  const kind = WEAVE_KINDS.find(([op]) => ops.has(op))?.[1] ?? "Weave panel";
  return values.length ? `${kind}: ${values.slice(0, 6).join(" · ").slice(0, 160)}` : kind;
}

/** The block model of a report spec (its JSON text or object). */
export function parseReport(spec: string | Json): ReportModel {
  const json: Json = typeof spec === "string" ? JSON.parse(spec || "{}") : spec;
  const reader = new Reader();
  const blocks = reader.blocks(json?.blocks, { trim: true });
  const width = json?.width === "fixed" || json?.width === "fluid" ? json.width : "readable";
  return { width, blocks, grids: reader.grids };
}

/** The table of contents: the headings in document order (not those inside a collapsed
 *  heading, which the page does not show until it is opened). */
export function tableOfContents(blocks: Block[]): { level: number; text: string; anchor: string }[] {
  return blocks.flatMap((b) => (b.kind === "heading" ? [{ level: b.level, text: plainText(b.inlines) || "(untitled)", anchor: b.anchor }] : []));
}

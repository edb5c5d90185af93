// Drawing a report's blocks (the model of ./model.ts) into the page. Text goes in as text
// nodes; the only HTML set is what markdown.ts sanitised (Markdown, highlighted code);
// KaTeX draws into elements itself (styles through the CSSOM, so the page's CSP holds).
// Panel grids and Weave blocks are left to the page (`drawGrid`, `drawWeave`), which
// fetches their runs.
import katex from "katex";
import { h, setStyles, type Child } from "../dom";
import { markdownHtml, sanitizeHtml } from "../markdown";
import { isVideoFile, safeHref } from "./embeds";
import { highlight } from "./highlight";
import { plainText, tableOfContents, type Block, type Inline, type ListItem, type ReportModel } from "./model";

export interface DrawContext {
  model: ReportModel;
  /** Draw panel grid `index` (its metadata) into `holder`. */
  drawGrid: (holder: HTMLElement, block: Extract<Block, { kind: "grid" }>) => void;
  /** Draw a Weave block whose expression was read (a table, an artifact) into `holder`. */
  drawWeave: (holder: HTMLElement, block: Extract<Block, { kind: "weave" }>) => void;
}

export function drawBlocks(root: HTMLElement, blocks: Block[], ctx: DrawContext): void {
  for (const block of blocks) root.appendChild(drawBlock(block, ctx));
}

function wrap(kind: string, ...children: Child[]): HTMLElement {
  return h("div", { class: `block block-${kind}`, "data-testid": "report-block", "data-kind": kind }, ...children);
}

function drawBlock(b: Block, ctx: DrawContext): HTMLElement {
  switch (b.kind) {
    case "heading":
      return heading(b, ctx);
    case "paragraph":
      return wrap("paragraph", h("p", {}, ...drawInlines(b.inlines)));
    case "list":
      return wrap("list", list(b.ordered, b.checklist, b.items, ctx));
    case "quote":
      return wrap("quote", h("blockquote", {}, ...drawInlines(b.inlines)));
    case "code": {
      const { html, language } = highlight(b.text, b.language);
      const code = h("code", { class: language ? `hljs language-${language}` : "hljs", "data-testid": "code" });
      code.innerHTML = sanitizeHtml(html);
      const el = wrap("code", h("pre", {}, code));
      el.setAttribute("data-language", b.language);
      el.setAttribute("data-highlighted", String(language !== null));
      return el;
    }
    case "markdown": {
      const body = h("div", { class: "markdown", "data-testid": "markdown" });
      body.innerHTML = markdownHtml(b.content);
      return wrap("markdown", body);
    }
    case "latex":
      return wrap("latex", latex(b.content, true));
    case "image":
      return wrap("image", image(b));
    case "video":
      return wrap("video", video(b));
    case "embed":
      return wrap(b.service, b.embed ? frame(b.embed.src, b.embed.title, b.href) : refused(b.service, b.href));
    case "callout":
      return wrap("callout", h("aside", { class: "callout" }, ...b.lines.map((line) => h("p", {}, ...drawInlines(line)))));
    case "rule":
      return wrap("rule", h("hr", {}));
    case "toc":
      return wrap("toc", toc(ctx.model));
    case "gallery":
      return wrap("gallery", gallery(b.items));
    case "grid": {
      const holder = wrap("grid");
      holder.setAttribute("data-grid", String(b.index));
      ctx.drawGrid(holder, b);
      return holder;
    }
    case "weave": {
      if (b.target.kind === "unknown") {
        const note = "The panelbank viewer draws Weave blocks of a summary table, an artifact or an artifact file; this expression is none of those, so the block is kept in the report as saved.";
        return wrap("weave", card("Weave panel: not shown", b.title === "Weave panel" ? "" : b.title, note));
      }
      const holder = wrap("weave");
      holder.setAttribute("data-weave", String(b.index));
      holder.setAttribute("data-target", b.target.kind);
      ctx.drawWeave(holder, b);
      return holder;
    }
    case "unknown": {
      const el = wrap("unknown", card(b.type, "", "A block type the panelbank viewer does not draw; it is kept in the report as saved."));
      el.setAttribute("data-type", b.type);
      return el;
    }
  }
}

function card(kind: string, title: string, note: string): HTMLElement {
  return h(
    "div",
    { class: "block-card", "data-testid": "block-card" },
    h("div", { class: "placeholder-type" }, kind),
    title ? h("div", { class: "placeholder-title" }, title) : null,
    h("div", { class: "placeholder-note" }, note),
  );
}

function heading(b: Extract<Block, { kind: "heading" }>, ctx: DrawContext): HTMLElement {
  const tag = (["h1", "h2", "h3"] as const)[b.level - 1];
  const title = h(tag, { id: b.anchor, class: "report-heading", "data-testid": "report-heading" });
  const el = wrap("heading", title);
  if (b.collapsed === null) {
    title.append(...drawInlines(b.inlines));
    return el;
  }
  // a collapsed heading: its blocks are drawn the first time it is opened
  const inner = h("div", { class: "collapsed-blocks", "data-testid": "collapsed-blocks", hidden: true });
  let drawn = false;
  const toggle = h("button", { class: "heading-toggle", "data-testid": "heading-toggle", "aria-expanded": "false", title: "Show the blocks under this heading" }, h("span", { class: "caret" }, "▸"), ...drawInlines(b.inlines));
  toggle.addEventListener("click", () => {
    const open = inner.hidden;
    if (open && !drawn) {
      drawn = true;
      inner.hidden = false; // laid out before panels in it measure their cards
      drawBlocks(inner, b.collapsed ?? [], ctx);
    }
    inner.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.querySelector(".caret")!.textContent = open ? "▾" : "▸";
    el.setAttribute("data-open", String(open));
  });
  title.appendChild(toggle);
  el.setAttribute("data-open", "false");
  el.setAttribute("data-collapsed-count", String(b.collapsed.length));
  el.appendChild(inner);
  return el;
}

export function drawInlines(content: Inline[]): Node[] {
  return content.map((i) => {
    if (i.kind === "latex") return latex(i.content, false);
    if (i.kind === "link") {
      const children = i.children.length ? drawInlines(i.children) : [i.url];
      return i.href ? h("a", { href: i.href, target: "_blank", rel: "noopener noreferrer", "data-testid": "report-link" }, ...children) : h("span", { class: "unsafe-link", title: `Not a link: ${i.url}` }, ...children);
    }
    let node: HTMLElement = i.marks.code ? h("code", { class: "inline-code", "data-testid": "inline-code" }, i.text) : h("span", {}, i.text);
    if (i.marks.bold) node = h("strong", {}, node);
    if (i.marks.italic) node = h("em", {}, node);
    if (i.marks.strikethrough) node = h("s", {}, node);
    if (i.marks.underline) node = h("u", {}, node);
    if (i.marks.color) {
      node = h("span", { class: "text-color", "data-color": i.marks.color }, node);
      setStyles(node, { color: i.marks.color }); // an invalid colour is dropped by the CSSOM
    }
    return node;
  });
}

function latex(content: string, display: boolean): HTMLElement {
  const el = h(display ? "div" : "span", { class: display ? "latex latex-block" : "latex latex-inline", "data-testid": "latex", "data-tex": content });
  try {
    katex.render(content, el, { displayMode: display, throwOnError: false, trust: false, maxExpand: 1000, maxSize: 50 });
  } catch (err) {
    el.textContent = content;
    el.title = err instanceof Error ? err.message : String(err);
  }
  return el;
}

function list(ordered: boolean, checklist: boolean, items: ListItem[], ctx: DrawContext): HTMLElement {
  const el = h(ordered ? "ol" : "ul", { class: checklist ? "checklist" : "", "data-testid": "report-list" });
  for (const item of items) {
    const li = h("li", { "data-testid": "list-item" });
    if (item.checked !== null) {
      li.setAttribute("data-checked", String(item.checked));
      li.appendChild(h("input", { type: "checkbox", disabled: true, checked: item.checked, "aria-label": item.checked ? "done" : "to do" }));
    }
    for (const child of item.blocks) {
      li.appendChild(child.kind === "paragraph" ? h("span", { class: "item-text" }, ...drawInlines(child.inlines)) : drawBlock(child, ctx));
    }
    el.appendChild(li);
  }
  return el;
}

function image(b: Extract<Block, { kind: "image" }>): HTMLElement {
  const caption = plainText(b.caption);
  if (!b.src) return card("Image", b.url, "Not shown: an image is shown from an http(s) address only.");
  return h("figure", {}, h("img", { src: b.src, alt: caption, loading: "lazy", referrerpolicy: "no-referrer", "data-testid": "report-image" }), caption ? h("figcaption", {}, ...drawInlines(b.caption)) : null);
}

function video(b: Extract<Block, { kind: "video" }>): HTMLElement {
  if (b.embed) return frame(b.embed.src, b.embed.title, b.href);
  if (b.href && isVideoFile(b.href)) return h("video", { src: b.href, controls: true, preload: "metadata", "data-testid": "report-video" });
  return refused("video", b.href ?? safeHref(b.url));
}

function frame(src: string, title: string, link: string | null): HTMLElement {
  return h(
    "div",
    { class: "embed" },
    h("iframe", {
      src,
      title,
      loading: "lazy",
      referrerpolicy: "strict-origin-when-cross-origin",
      sandbox: "allow-scripts allow-same-origin allow-popups allow-presentation",
      allow: "encrypted-media; fullscreen; picture-in-picture",
      allowfullscreen: true,
      "data-testid": "embed-frame",
    }),
    link ? h("a", { href: link, target: "_blank", rel: "noopener noreferrer", class: "embed-link" }, `Open: ${link}`) : null,
  );
}

function refused(kind: string, link: string | null): HTMLElement {
  return h(
    "div",
    { class: "embed-refused", "data-testid": "embed-link" },
    `${kind}: `,
    link ? h("a", { href: link, target: "_blank", rel: "noopener noreferrer" }, link) : "not shown (not from a site the viewer embeds, and no link to follow).",
  );
}

function toc(model: ReportModel): HTMLElement {
  const entries = tableOfContents(model.blocks);
  if (!entries.length) return h("nav", { class: "toc empty", "data-testid": "toc" }, "Table of contents: this report has no headings.");
  return h(
    "nav",
    { class: "toc", "data-testid": "toc" },
    h("div", { class: "toc-title" }, "Contents"),
    h("ul", {}, ...entries.map((e) => h("li", { class: `toc-level-${e.level}` }, h("a", { href: `#${e.anchor}`, "data-testid": "toc-link" }, e.text)))),
  );
}

function gallery(items: Extract<Block, { kind: "gallery" }>["items"]): HTMLElement {
  if (!items.length) return h("div", { class: "empty" }, "An empty gallery.");
  return h(
    "div",
    { class: "gallery" },
    ...items.map((item) =>
      h(
        item.href ? "a" : "div",
        { class: "gallery-item", href: item.href ?? undefined, target: item.kind === "url" && item.href ? "_blank" : undefined, rel: "noopener noreferrer", "data-testid": "gallery-item", "data-kind": item.kind },
        item.imageUrl ? h("img", { src: item.imageUrl, alt: "", loading: "lazy", referrerpolicy: "no-referrer" }) : null,
        h("div", { class: "gallery-title" }, item.title),
        item.description ? h("div", { class: "gallery-description" }, item.description) : null,
      ),
    ),
  );
}

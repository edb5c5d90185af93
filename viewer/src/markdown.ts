// Markdown to safe HTML, for the Markdown panel and a report's Markdown blocks: markdown-it
// (CommonMark, GFM tables and strikethrough) without raw HTML, then DOMPurify, which keeps
// only harmless elements and attributes (no script, no event handler, no style, no
// javascript: URL). Links open in a new tab without handing the page to it.
import DOMPurify from "dompurify";
import MarkdownIt from "markdown-it";

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

const PURIFY = {
  FORBID_TAGS: ["style", "form", "input", "button", "iframe", "object", "embed"],
  FORBID_ATTR: ["style"],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|\/(?!\/))/i,
};

let hooked = false;

/** `source` as sanitised HTML (a string for innerHTML). */
export function markdownHtml(source: string): string {
  if (!hooked) {
    DOMPurify.addHook("afterSanitizeAttributes", (node) => {
      if (node.tagName === "A" && node.getAttribute("href")) {
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", "noopener noreferrer");
      }
    });
    hooked = true;
  }
  return DOMPurify.sanitize(md.render(source), PURIFY);
}

/** Any HTML string made safe the same way (a highlighter's output, say). */
export function sanitizeHtml(html: string): string {
  return DOMPurify.sanitize(html, PURIFY);
}

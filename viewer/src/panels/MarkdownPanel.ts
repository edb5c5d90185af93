// "Markdown Panel": the panel's Markdown through markdown-it, sanitised by DOMPurify
// (../markdown.ts; the same as a report's Markdown blocks).
import { markdownHtml } from "../markdown";
import { configOf } from "../spec";
import { markState, showState, type PanelComponent } from "./common";

export const MarkdownPanel: PanelComponent = (ctx, body) => {
  const text = String(configOf(ctx.panel, "Markdown Panel").value ?? "");
  if (!text.trim()) {
    showState(ctx, body, "empty", "This Markdown panel is empty.");
    return { destroy() {} };
  }
  body.innerHTML = `<div class="markdown" data-testid="markdown">${markdownHtml(text)}</div>`;
  markState(ctx, body, "ready", { data: { markdown: text } });
  return { destroy() {} };
};

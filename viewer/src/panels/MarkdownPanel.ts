// "Markdown Panel": a small, safe Markdown subset (text is escaped before any markup).
import { configOf } from "../spec";
import { markState, showState, type PanelComponent } from "./common";

export const MarkdownPanel: PanelComponent = (ctx, body) => {
  const text = String(configOf(ctx.panel, "Markdown Panel").value ?? "");
  if (!text.trim()) {
    showState(ctx, body, "empty", "This Markdown panel is empty.");
    return { destroy() {} };
  }
  body.innerHTML = `<div class="markdown" data-testid="markdown">${renderMarkdown(text)}</div>`;
  markState(ctx, body, "ready", { data: { markdown: text } });
  return { destroy() {} };
};

const escape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function inline(s: string): string {
  return escape(s)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\*([^*]+)\*/g, "<em>$1</em>")
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+|\/[^)\s]*)\)/g, '<a href="$2" rel="noopener noreferrer">$1</a>');
}

export function renderMarkdown(src: string): string {
  const out: string[] = [];
  let list: string[] | null = null;
  let para: string[] = [];
  let code: string[] | null = null;
  const flush = () => {
    if (para.length) out.push(`<p>${inline(para.join(" "))}</p>`);
    para = [];
    if (list) out.push(`<ul>${list.map((li) => `<li>${inline(li)}</li>`).join("")}</ul>`);
    list = null;
  };
  for (const line of src.split("\n")) {
    if (code) {
      if (line.startsWith("```")) {
        out.push(`<pre><code>${escape(code.join("\n"))}</code></pre>`);
        code = null;
      } else code.push(line);
      continue;
    }
    if (line.startsWith("```")) {
      flush();
      code = [];
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
    } else if (item) {
      if (para.length) flush();
      (list ??= []).push(item[1]);
    } else if (!line.trim()) flush();
    else para.push(line);
  }
  if (code) out.push(`<pre><code>${escape(code.join("\n"))}</code></pre>`);
  flush();
  return out.join("");
}

// @vitest-environment jsdom
// The Markdown of Markdown panels and report blocks: markdown-it, then DOMPurify.
import { describe, expect, it } from "vitest";
import { markdownHtml, sanitizeHtml } from "../src/markdown";

describe("markdownHtml", () => {
  it("renders CommonMark: headings, emphasis, code, lists, fenced code, tables", () => {
    const html = markdownHtml("# Notes\nThe **baseline** _sweep_; see `loss`.\n\n- a\n- b\n\n```\nx < 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |");
    expect(html).toContain("<h1>Notes</h1>");
    expect(html).toContain("<strong>baseline</strong> <em>sweep</em>; see <code>loss</code>");
    expect(html).toContain("<ul>\n<li>a</li>\n<li>b</li>\n</ul>");
    expect(html).toContain("<pre><code>x &lt; 1\n</code></pre>");
    expect(html).toContain("<td>1</td>");
  });
  it("shows raw HTML as text and runs nothing", () => {
    const html = markdownHtml('<script>alert(1)</script><img src=x onerror="alert(2)">');
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toMatch(/<script|<img/);
  });
  it("keeps http(s) links, opening in a new tab, and drops javascript: ones", () => {
    expect(markdownHtml("[a](https://example.com/x)")).toContain('<a href="https://example.com/x" target="_blank" rel="noopener noreferrer">a</a>');
    expect(markdownHtml("[a](javascript:alert(1))")).not.toContain("<a");
    expect(markdownHtml("see https://example.com")).toContain('href="https://example.com"');
  });
});

describe("sanitizeHtml", () => {
  it("drops scripts, handlers, styles and javascript: URLs", () => {
    const out = sanitizeHtml('<span class="k" style="color:red" onclick="x()">a</span><script>x()</script><a href="javascript:x()">b</a>');
    expect(out).toBe('<span class="k">a</span><a>b</a>');
  });
});

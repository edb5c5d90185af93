// Syntax highlighting for code blocks: highlight.js core with the languages the official
// CodeBlock allows (javascript, python, css, json, html, markdown, yaml). Pure: HTML text
// out (highlight.js escapes the code; the page sanitises it once more before use).
import hljs from "highlight.js/lib/core";
import css from "highlight.js/lib/languages/css";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import markdown from "highlight.js/lib/languages/markdown";
import python from "highlight.js/lib/languages/python";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";

hljs.registerLanguage("javascript", javascript);
hljs.registerLanguage("python", python);
hljs.registerLanguage("css", css);
hljs.registerLanguage("json", json);
hljs.registerLanguage("xml", xml); // "html" is one of its aliases
hljs.registerLanguage("markdown", markdown);
hljs.registerLanguage("yaml", yaml);

/** `code` as highlighted HTML, and the language used (null: shown as plain, escaped text). */
export function highlight(code: string, language: string): { html: string; language: string | null } {
  const lang = language.toLowerCase();
  if (hljs.getLanguage(lang)) return { html: hljs.highlight(code, { language: lang, ignoreIllegals: true }).value, language: lang };
  return { html: escapeHtml(code), language: null };
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

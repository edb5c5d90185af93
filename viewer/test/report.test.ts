import { describe, expect, it } from "vitest";
import hosts from "../../src/panelbank/pages/embed_hosts.json";
import { reportId, reportPath, reportSlug } from "../src/report/address";
import { allowedFrame, EMBED_HOSTS, embedFor, iframeSrc, isVideoFile, safeHref, videoEmbed } from "../src/report/embeds";
import type { RunsResult } from "../src/api";
import { drawnRunSets, gridWorkspace, mergeRunSets, parseGrid, runSetPart } from "../src/report/grid";
import { run } from "./fixtures";
import { highlight } from "../src/report/highlight";
import { targetTitle, weaveBlockTarget } from "../src/panels/weave/expr";
import { anchorFor, inlines, parseReport, tableOfContents, weaveTitle, type Block } from "../src/report/model";

const P = (...children: object[]) => ({ type: "paragraph", children });
const EMPTY = P({ text: "" });
const spec = (...blocks: object[]) => ({ version: 5, blocks: [EMPTY, ...blocks, EMPTY], width: "readable" });
const kinds = (blocks: Block[]) => blocks.map((b) => b.kind);

describe("parseReport", () => {
  it("leaves out the empty paragraphs the client adds first and last", () => {
    expect(parseReport(spec()).blocks).toEqual([]);
    expect(kinds(parseReport(spec(P({ text: "x" }))).blocks)).toEqual(["paragraph"]);
    expect(parseReport({ blocks: [EMPTY, EMPTY, EMPTY] }).blocks).toHaveLength(1);
  });
  it("reads the width, readable unless fixed or fluid", () => {
    expect(parseReport(spec()).width).toBe("readable");
    expect(parseReport({ ...spec(), width: "fluid" }).width).toBe("fluid");
    expect(parseReport({ ...spec(), width: "huge" }).width).toBe("readable");
  });
  it("reads text marks, inline code, links and inline LaTeX", () => {
    const got = inlines([
      { text: "b", bold: true, italic: true },
      { text: "s", strikethrough: true, underline: true, color: "#f00" },
      { text: "c", inlineCode: true },
      { type: "link", url: "https://x.org/a", children: [{ text: "x" }] },
      { type: "link", url: "javascript:alert(1)", children: [{ text: "bad" }] },
      { type: "latex", content: "a^2", children: [{ text: "" }] },
      { text: "" },
    ]);
    expect(got).toEqual([
      { kind: "text", text: "b", marks: { bold: true, italic: true } },
      { kind: "text", text: "s", marks: { strikethrough: true, underline: true, color: "#f00" } },
      { kind: "text", text: "c", marks: { code: true } },
      { kind: "link", url: "https://x.org/a", href: "https://x.org/a", children: [{ kind: "text", text: "x", marks: {} }] },
      { kind: "link", url: "javascript:alert(1)", href: null, children: [{ kind: "text", text: "bad", marks: {} }] },
      { kind: "latex", content: "a^2" },
    ]);
  });
  it("reads lists: ordered, checklists with their state, nested", () => {
    const item = (text: string, extra = {}) => ({ type: "list-item", children: [P({ text })], ...extra });
    const [plain, ordered, checks] = parseReport(
      spec(
        { type: "list", children: [item("a"), { type: "list-item", children: [P({ text: "b" }), { type: "list", ordered: true, children: [item("b1", { ordered: true })] }] }] },
        { type: "list", ordered: true, children: [item("1", { ordered: true })] },
        { type: "list", children: [item("done", { checked: true }), item("todo", { checked: false })] },
      ),
    ).blocks as Extract<Block, { kind: "list" }>[];
    expect([plain.ordered, plain.checklist, ordered.ordered, checks.checklist]).toEqual([false, false, true, true]);
    expect(kinds(plain.items[1].blocks)).toEqual(["paragraph", "list"]);
    expect((plain.items[1].blocks[1] as Extract<Block, { kind: "list" }>).ordered).toBe(true);
    expect(checks.items.map((i) => i.checked)).toEqual([true, false]);
    expect(plain.items[0].checked).toBeNull();
  });
  it("reads code lines, one leaf a line, and the language", () => {
    const [code] = parseReport(spec({ type: "code-block", language: "yaml", children: [{ type: "code-line", children: [{ text: "a: 1" }, { text: "b: 2" }] }] })).blocks;
    expect(code).toEqual({ kind: "code", language: "yaml", text: "a: 1\nb: 2" });
  });
  it("gives headings unique anchors and keeps collapsed blocks apart", () => {
    const h = (text: string, extra = {}) => ({ type: "heading", level: 2, children: [{ text }], ...extra });
    const model = parseReport(spec(h("Results"), h("Results"), h("Appendix", { level: 1, collapsedChildren: [h("Inner"), P({ text: "x" })] })));
    expect(model.blocks.map((b) => (b.kind === "heading" ? b.anchor : ""))).toEqual(["h-results", "h-results-2", "h-appendix"]);
    const appendix = model.blocks[2] as Extract<Block, { kind: "heading" }>;
    expect(kinds(appendix.collapsed!)).toEqual(["heading", "paragraph"]);
    expect(tableOfContents(model.blocks)).toEqual([
      { level: 2, text: "Results", anchor: "h-results" },
      { level: 2, text: "Results", anchor: "h-results-2" },
      { level: 1, text: "Appendix", anchor: "h-appendix" },
    ]);
  });
  it("makes anchors of any text", () => {
    const taken = new Set<string>();
    expect(anchorFor("Ergebnisse: Größe & Zeit", taken)).toBe("h-ergebnisse-große-zeit");
    expect(anchorFor("", taken)).toBe("h-section");
    expect(anchorFor("", taken)).toBe("h-section-2");
  });
  it("numbers panel grids in document order and keeps unknown blocks as cards", () => {
    const model = parseReport(spec({ type: "panel-grid", metadata: { runSets: [] } }, { type: "new-thing" }, { type: "panel-grid" }, {}));
    expect(model.blocks).toEqual([
      { kind: "grid", index: 0, metadata: { runSets: [] } },
      { kind: "unknown", type: "new-thing" },
      { kind: "grid", index: 1, metadata: {} },
      { kind: "unknown", type: "(no type)" },
    ]);
    expect(model.grids).toBe(2);
  });
  it("reads gallery links and report ids", () => {
    const [gallery] = parseReport(spec({ type: "gallery", links: [{ type: "url", url: "https://a.org/p", title: "P", imageURL: "javascript:x" }, { type: "report", id: "Vmlldzox" }], ids: ["Vmlldzoy"] })).blocks;
    expect(gallery).toEqual({
      kind: "gallery",
      items: [
        { kind: "url", href: "https://a.org/p", title: "P", description: "", imageUrl: null },
        { kind: "report", href: "--Vmlldzox", title: "Report Vmlldzox", description: "", imageUrl: null },
        { kind: "report", href: "--Vmlldzoy", title: "Report Vmlldzoy", description: "", imageUrl: null },
      ],
    });
  });
  it("names what a Weave block reads", () => {
    const node = (op: string, ...vals: string[]) => ({ nodeType: "output", fromOp: { name: op, inputs: Object.fromEntries(vals.map((v, i) => [`i${i}`, { nodeType: "const", val: v }])) } });
    expect(weaveTitle({ config: { panelConfig: { exp: node("run-summary", "ent", "proj", "predictions") } } })).toBe("Summary table: ent · proj · predictions");
    expect(weaveTitle({ config: {} })).toBe("Weave panel");
  });
});

describe("the shared report vectors", () => {
  // ../shared beside the repository; absent in a plain clone (then skipped)
  const records = import.meta.glob<{ spec: { blocks: object[] } }>("../../../shared/vectors/reports/*.json", { eager: true, import: "default" });
  const files = Object.keys(records);
  it.skipIf(!files.length)("each parses to one block per stored block (first and last empty paragraphs aside)", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const file of files) {
      const record = records[file];
      const model = parseReport(record.spec);
      expect(model.blocks.length, file).toBe(record.spec.blocks.length - 2);
      expect(model.blocks.some((b) => b.kind === "unknown"), file).toBe(false);
    }
  });
  const weave = files.find((f) => f.endsWith("/report_weave_blocks.json"));
  it.skipIf(!weave)("reads what each Weave block of the library shows, numbered in order", () => {
    const blocks = parseReport(records[weave!].spec).blocks;
    expect(blocks.map((b) => (b.kind === "weave" ? [b.index, b.target] : b.kind))).toEqual([
      [0, { kind: "summaryTable", table: "predictions" }],
      [1, { kind: "artifact", artifact: "dataset", tab: "files" }],
      [2, { kind: "artifactFile", artifact: "dataset", version: "v1", file: "train.csv" }],
    ]);
  });
});

describe("Weave blocks", () => {
  it("read the expression under the block's panelConfig (a panel's is under panel2Config)", () => {
    const exp = { fromOp: { name: "pick", inputs: { key: { val: "predictions" } } } };
    expect(weaveBlockTarget({ panelConfig: { exp } })).toEqual({ kind: "summaryTable", table: "predictions" });
    expect(weaveBlockTarget({ panel2Config: { exp } })).toEqual({ kind: "unknown", op: null });
    expect(weaveBlockTarget(null)).toEqual({ kind: "unknown", op: null });
  });
  it("keep a card only for an expression that is not read", () => {
    const [known, other] = parseReport(spec(
      { type: "weave-panel", config: { panelConfig: { exp: { fromOp: { name: "project-artifact", inputs: { artifactName: { val: "eval" } } } }, panelConfig: { tabConfigs: { overview: { selectedTab: "metadata" } } } } } },
      { type: "weave-panel", config: { panelConfig: { exp: { fromOp: { name: "run-history", inputs: {} } } } } },
    )).blocks;
    expect(known).toMatchObject({ kind: "weave", index: 0, target: { kind: "artifact", artifact: "eval", tab: "metadata" } });
    expect(other).toMatchObject({ kind: "weave", index: 1, target: { kind: "unknown", op: "run-history" } });
    expect(targetTitle(other.kind === "weave" ? other.target : { kind: "unknown", op: null })).toBe("");
    expect(targetTitle({ kind: "artifactFile", artifact: "d", version: "v1", file: "t.csv" })).toBe("d:v1/t.csv");
  });
});

describe("embeds", () => {
  it("come from the one host list the CSP names", () => {
    expect(EMBED_HOSTS).toEqual(hosts.frame);
    expect(allowedFrame("https://open.spotify.com/embed/track/x")).toBe(true);
    expect(allowedFrame("http://open.spotify.com/embed/track/x")).toBe(false);
    expect(allowedFrame("https://open.spotify.com.evil.org/x")).toBe(false);
    expect(allowedFrame("javascript:alert(1)")).toBe(false);
  });
  it("show YouTube and Vimeo videos, nothing else", () => {
    expect(videoEmbed("https://www.youtube.com/watch?v=abc")?.src).toBe("https://www.youtube-nocookie.com/embed/abc");
    expect(videoEmbed("https://youtu.be/abc_-1")?.src).toBe("https://www.youtube-nocookie.com/embed/abc_-1");
    expect(videoEmbed("https://vimeo.com/123")?.src).toBe("https://player.vimeo.com/video/123");
    expect(videoEmbed("https://www.youtube.com/watch?v=a%22b")).toBeNull();
    expect(videoEmbed("https://example.com/v.mp4")).toBeNull();
    expect(isVideoFile("https://example.com/v.mp4?x=1")).toBe(true);
    expect(isVideoFile("javascript:x.mp4")).toBe(false);
  });
  it("build Spotify, SoundCloud and Twitter frames from the block", () => {
    expect(embedFor("spotify", { spotifyID: "4uLU6hMCjMI75M1A2tKUQC" })).toEqual({
      src: "https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC",
      link: "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
      title: "Spotify track",
    });
    expect(embedFor("spotify", { spotifyID: "../../x" })).toBeNull();
    const sc = embedFor("soundcloud", { html: '<iframe width="100%" src="https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/1&amp;auto_play=false"></iframe>' });
    expect(sc?.src).toBe("https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/1&auto_play=false");
    expect(sc?.link).toBe("https://api.soundcloud.com/tracks/1");
    expect(embedFor("soundcloud", { html: '<iframe src="https://evil.org/x"></iframe>' })).toBeNull();
    expect(embedFor("soundcloud", { html: "<iframe></iframe>" })).toBeNull();
    expect(iframeSrc("<iframe src=https://a.org/x></iframe>")).toBe("https://a.org/x");
    const tweet = embedFor("twitter", { html: '<blockquote><a href="https://twitter.com/wandb/status/123">x</a></blockquote>' });
    expect(tweet).toEqual({ src: "https://platform.twitter.com/embed/Tweet.html?id=123", link: "https://twitter.com/wandb/status/123", title: "Post by @wandb" });
  });
  it("follow only http(s) and mailto links (and same-site paths where asked)", () => {
    expect(safeHref("https://a.org")).toBe("https://a.org/");
    expect(safeHref("mailto:a@b.org")).toBe("mailto:a@b.org");
    expect(safeHref(" javascript:alert(1)")).toBeNull();
    expect(safeHref("data:text/html,x")).toBeNull();
    expect(safeHref("/x/y")).toBeNull();
    expect(safeHref("/x/y", { relative: true })).toBe("/x/y");
    expect(safeHref("//evil.org/x", { relative: true })).toBeNull();
  });
});

describe("panel grids", () => {
  const rs = (name: string, extra = {}) => ({ name, project: { entityName: "e2", name: "p2" }, ...extra });
  it("keep the enabled run sets, each with its project, and open the one openRunSet names", () => {
    const grid = parseGrid({ runSets: [rs("a"), rs("off", { enabled: false }), rs("c", { project: null })], openRunSet: 2, hideRunSets: true }, { entity: "e", project: "p" }, "g");
    expect(grid.runSets.map((r) => [r.index, r.name, r.entity, r.project])).toEqual([
      [0, "a", "e2", "p2"],
      [2, "c", "e", "p"],
    ]);
    expect(grid.active).toBe(1);
    expect(grid.hideRunSets).toBe(true);
  });
  it("open the first enabled run set when openRunSet names a disabled one", () => {
    expect(parseGrid({ runSets: [rs("off", { enabled: false }), rs("b")], openRunSet: 0 }, { entity: "e", project: "p" }, "g").active).toBe(0);
  });
  it("lay their panels out on the 24-column grid as one custom section", () => {
    const grid = parseGrid(
      { runSets: [rs("a")], panelBankSectionConfig: { panels: [{ viewType: "Run History Line Plot", config: { metrics: ["loss"] }, layout: { x: 8, y: 0, w: 16, h: 6 } }, { viewType: "Scalar Chart", layout: { w: "wide" } }], localPanelSettings: { smoothingWeight: 0.5 } }, customRunColors: { run1: "#f00", ref: "x" } },
      { entity: "e", project: "p" },
      "g",
    );
    expect(grid.panels.map((p) => [p.id, p.layout])).toEqual([
      ["g-0", { x: 8, y: 0, w: 16, h: 6 }],
      ["g-1", { x: 0, y: 0, w: 8, h: 6 }],
    ]);
    const ws = gridWorkspace(grid, grid.runSets[0].runSet, {}, "g");
    expect(ws.sections).toHaveLength(1);
    expect(ws.sections[0]).toMatchObject({ custom: true, isOpen: true, settings: { smoothingWeight: 0.5 } });
    expect(ws.customRunColors).toEqual({ run1: "#f00" });
    expect(ws.runSet.name).toBe("a");
  });
});

describe("the runs a grid's panels draw", () => {
  const result = (names: string[], groups: RunsResult["groups"] = []): RunsResult => ({ runs: names.map((n) => run(n)), groups, total: 9, matched: names.length });
  const off = (...names: string[]) => ({ selections: { root: 1, bounds: [], tree: names } });
  it("are every enabled run set's, a run in two sets once, each set's selections applied", () => {
    const merged = mergeRunSets([{ result: result(["a", "b"]), runSet: off("b") }, { result: result(["b", "c"]), runSet: off() }], { c: "#123456" });
    expect(merged.all.map((r) => r.name)).toEqual(["a", "b", "c"]);
    expect([...merged.disabled]).toEqual(["b"]);
    expect(merged.colors.get("c")).toBe("#123456");
    expect([merged.total, merged.matched, merged.groups]).toEqual([9, 3, []]);
    const part = runSetPart(merged, result(["b", "c"]));
    expect(part.all.map((r) => r.name)).toEqual(["b", "c"]);
    expect(part.colors).toBe(merged.colors);
  });
  it("are groups throughout when one run set groups (the others' runs a group each)", () => {
    const g = { path: ["x"], name: "x", color: null, runs: ["a", "b"] };
    const merged = mergeRunSets([{ result: result(["a", "b"], [g]), runSet: {} }, { result: result(["c"]), runSet: {} }], {});
    expect(merged.groups.map((x) => [x.name, x.runs])).toEqual([
      ["x", ["a", "b"]],
      ["c-display", ["c"]],
    ]);
  });
  it("come from the first run set's project only", () => {
    const rs = (name: string, project: string) => ({ name, project: { entityName: "e", name: project } });
    const grid = parseGrid({ runSets: [rs("a", "p"), rs("b", "q"), rs("c", "p")] }, { entity: "e", project: "p" }, "g");
    const { drawn, elsewhere } = drawnRunSets(grid);
    expect([drawn.map((r) => r.name), elsewhere.map((r) => r.name)]).toEqual([["a", "c"], ["b"]]);
    expect(drawnRunSets(parseGrid({}, { entity: "e", project: "p" }, "g"))).toEqual({ drawn: [], elsewhere: [] });
  });
});

describe("code highlighting", () => {
  it("highlights the CodeBlock languages and escapes everything else", () => {
    for (const lang of ["javascript", "python", "css", "json", "html", "markdown", "yaml"]) {
      expect(highlight("x", lang).language, lang).toBe(lang);
    }
    expect(highlight("def f(): pass", "python").html).toContain('<span class="hljs-keyword">def</span>');
    expect(highlight("<b>", "cobol")).toEqual({ html: "&lt;b&gt;", language: null });
    expect(highlight("<script>", "html").html).not.toContain("<script>");
  });
});

describe("report addresses", () => {
  it("read the id after the last -- and write the title as the library does", () => {
    expect(reportId("My-report--VmlldzoxMjM=")).toBe("VmlldzoxMjM=");
    expect(reportId("a--b--Vmlldzo5")).toBe("Vmlldzo5");
    expect(reportId("no-id")).toBe("");
    expect(reportSlug("My report: v2")).toBe("My-report%3A-v2");
    expect(reportPath("e", "p", "My report", "VmlldzoxMjM=")).toBe("/e/p/reports/My-report--VmlldzoxMjM=");
  });
});

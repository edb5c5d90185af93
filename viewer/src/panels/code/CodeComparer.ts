// "Code Comparer": the code two runs saved (code/..., diff.patch), file by file, side by
// side ("split", the default) or inline ("unified", the panel's `diff`). The runs are the
// first two shown; two selects pick others, a third the file.
import { h, clear } from "../../dom";
import { fetchCode, fetchCodeText, type RunCode } from "../../panelData";
import { linesFor, type Line } from "../../state";
import { errorText, markState, showState, type PanelComponent, type PanelContext } from "../common";
import type { DiffRow } from "./shape"; // loaded when a comparer is drawn (with the diff library)

const MAX_RUNS = 50;

export const CodeComparer: PanelComponent = (ctx, body) => {
  const lines = linesFor({ ...ctx.runs, groups: [] }, Math.min(ctx.settings.maxRuns, MAX_RUNS));
  if (lines.length < 1) {
    showState(ctx, body, "empty", ctx.runs.all.length ? "Every run is hidden." : "No runs in this project yet.");
    return { destroy() {} };
  }
  const state = { live: true, left: lines[0], right: lines[1] ?? lines[0], file: "" };
  const unified = (ctx.panel.config as { diff?: unknown }).diff === "unified";
  const codes = new Map<string, Promise<RunCode>>();
  const code = (run: string) => {
    if (!codes.has(run)) codes.set(run, fetchCode(ctx.entity, ctx.project, run));
    return codes.get(run)!;
  };
  const text = async (run: string, info: RunCode, file: string) => (info.files.some((f) => f.name === file) ? (await fetchCodeText(ctx.entity, ctx.project, run, file)).text : "");

  async function draw(): Promise<void> {
    try {
      const [{ pairFiles, splitRows, unifiedRows, diffStats }, a, b] = await Promise.all([import("./shape"), code(state.left.runs[0]), code(state.right.runs[0])]);
      if (!state.live) return;
      const files = pairFiles(a.files.map((f) => f.name), b.files.map((f) => f.name));
      if (!files.length) {
        showState(ctx, body, "empty", "Neither run saved its code (wandb.init(save_code=True) or run.log_code() saves it).", { data: { runs: [a.run, b.run] } });
        return;
      }
      if (!files.some((f) => f.name === state.file)) state.file = files[0].name;
      const [before, after] = await Promise.all([text(a.run, a, state.file), text(b.run, b, state.file)]);
      if (!state.live) return;
      const rows = unified ? unifiedRows(before, after) : splitRows(before, after);
      render(ctx, body, lines, state, files.map((f) => f.name), rows, diffStats(rows), [a, b], unified, () => void draw());
    } catch (err) {
      if (state.live) showState(ctx, body, "error", `Could not load the code: ${errorText(err)}`);
    }
  }
  void draw();
  return { destroy: () => void (state.live = false) };
};

function render(
  ctx: PanelContext,
  body: HTMLElement,
  lines: Line[],
  state: { left: Line; right: Line; file: string },
  files: string[],
  rows: DiffRow[],
  stats: { added: number; removed: number },
  codes: [RunCode, RunCode],
  unified: boolean,
  redraw: () => void,
): void {
  const pick = (side: "left" | "right") => {
    const select = h("select", { "data-testid": `code-run-${side}` }, ...lines.map((l) => h("option", { value: l.key, selected: l.key === state[side].key }, l.label)));
    select.addEventListener("change", () => {
      state[side] = lines.find((l) => l.key === select.value) ?? state[side];
      redraw();
    });
    return select;
  };
  const fileSelect = h("select", { "data-testid": "code-file" }, ...files.map((f) => h("option", { value: f, selected: f === state.file }, f)));
  fileSelect.addEventListener("change", () => {
    state.file = fileSelect.value;
    redraw();
  });
  const num = (s: { n: number } | null) => h("td", { class: "cc-num" }, s ? String(s.n) : "");
  const code = (s: { text: string } | null) => h("td", { class: "cc-code" }, s ? s.text : "");
  const tr = (row: DiffRow) => {
    if (row.kind === "fold") return h("tr", { class: "cc-fold" }, h("td", { colspan: unified ? 3 : 4 }, `⋯ ${row.hidden} unchanged lines`));
    if (unified) {
      const side = row.left ?? row.right;
      const mark = row.kind === "del" ? "-" : row.kind === "add" ? "+" : " ";
      return h("tr", { class: `cc-${row.kind}`, "data-testid": "code-row" }, num(row.left), num(row.right), h("td", { class: "cc-code" }, `${mark} ${side?.text ?? ""}`));
    }
    return h("tr", { class: `cc-${row.kind}`, "data-testid": "code-row" }, num(row.left), code(row.left), num(row.right), code(row.right));
  };
  const head = (c: RunCode, line: Line) => h("div", { class: "cc-head" }, h("span", { class: "swatch", style: { "background-color": line.color } }), " ", line.label, c.git.commit ? ` · ${c.git.commit.slice(0, 8)}` : "");
  clear(body);
  body.appendChild(
    h(
      "div",
      { class: "cc" },
      h("div", { class: "cc-tools" }, pick("left"), " vs ", pick("right"), fileSelect, h("span", { class: "cc-stats", "data-testid": "code-stats" }, `+${stats.added} −${stats.removed}`)),
      h("div", { class: "cc-heads" }, head(codes[0], state.left), head(codes[1], state.right)),
      h("div", { class: "cc-scroll" }, h("table", { class: unified ? "cc-table cc-unified" : "cc-table", "data-testid": "code-diff" }, h("tbody", {}, ...rows.map(tr)))),
    ),
  );
  markState(ctx, body, "ready", {
    data: { runs: [codes[0].run, codes[1].run], file: state.file, files, mode: unified ? "unified" : "split", stats, rows: rows.length },
  });
}

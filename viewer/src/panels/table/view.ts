// A logged table of one or more runs, drawn from the server a page at a time: click a
// header to sort, type to filter, page with the arrows. Used by WeavePanelSummaryTable
// (and by reports' WeaveBlockSummaryTable, which draws the same table).
import { h, clear } from "../../dom";
import { fetchTable, runFileUrl, type TablePage } from "../../panelData";
import { cellView, firstPage, nextSort, pageInfo, pageTo, withFilter, type TableQuery } from "./shape";

export interface TableSource {
  id: string; // the panel's id: its sort, filter and page are kept while the page is open
  entity: string;
  project: string;
  runs: { name: string; label: string; color: string }[]; // none for an artifact's table
  key?: string; // a summary key of the runs holding the table
  artifact?: { name: string; path: string }; // or a table file of an artifact version
}

export interface TableState {
  state: "ready" | "empty" | "error";
  message?: string;
  query: TableQuery;
  page?: TablePage;
}

// panel id → its query: a table drawn again (the runs logged more) keeps what the user chose
const remembered = new Map<string, TableQuery>();

/** Draw the table in `body`; `done` hears each drawn page (or why there is none). */
export function tableView(source: TableSource, body: HTMLElement, done: (s: TableState) => void): { destroy(): void } {
  let query = remembered.get(source.id) ?? firstPage();
  let abort: AbortController | null = null;
  let filterTimer: ReturnType<typeof setTimeout> | undefined;
  const labels = new Map(source.runs.map((r) => [r.name, r]));
  const filter = h("input", { type: "search", class: "tbl-filter", placeholder: "Filter rows…", "data-testid": "table-filter" });
  const column = h("select", { class: "tbl-filter-col", "data-testid": "table-filter-column" });
  const grid = h("div", { class: "tbl-scroll" });
  const pager = h("div", { class: "tbl-pager", "data-testid": "table-pager" });
  filter.value = query.filter;
  clear(body);
  body.appendChild(h("div", { class: "tbl" }, h("div", { class: "tbl-tools" }, filter, column), grid, pager));
  filter.addEventListener("input", () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => void load(withFilter(query, filter.value)), 200);
  });
  column.addEventListener("change", () => void load(withFilter(query, query.filter, column.value || null)));

  const cell = (run: string, value: unknown): HTMLElement => {
    const v = cellView(value);
    if (source.artifact && (v.kind === "image" || v.kind === "media")) {
      // media inside an artifact's table are files of the artifact, not of a run
      return h("td", { title: v.path }, v.caption || v.path);
    }
    if (v.kind === "image") {
      const src = runFileUrl(source.entity, source.project, run, v.path);
      const img = h("img", { class: "tbl-thumb", alt: v.caption || v.path, title: v.caption || v.path, loading: "lazy", src, "data-src": src, "data-testid": "table-image" });
      // a file the server does not have (yet): say so instead of a broken image
      img.addEventListener("error", () => img.replaceWith(h("span", { class: "tbl-missing", title: v.path, "data-src": src, "data-testid": "table-image" }, "image not found")));
      return h("td", { class: "tbl-media" }, img);
    }
    if (v.kind === "media") {
      const link = h("a", { href: runFileUrl(source.entity, source.project, run, v.path), target: "_blank", rel: "noopener" }, v.caption || v.type);
      return h("td", { class: "tbl-media" }, link);
    }
    if (v.kind === "empty") return h("td", { class: "tbl-empty" }, "");
    return h("td", { class: v.kind === "number" ? "tbl-num" : "", title: v.text }, v.text);
  };

  const draw = (page: TablePage) => {
    if (column.options.length !== page.columns.length + 1) {
      clear(column);
      column.appendChild(h("option", { value: "" }, "any column"));
      for (const c of page.columns) column.appendChild(h("option", { value: c, selected: c === query.filterColumn }, c));
    }
    const arrow = (c: string) => (query.sort === c ? (query.desc ? " ▼" : " ▲") : "");
    const head = h(
      "tr",
      {},
      source.artifact ? null : h("th", { class: "tbl-run" }, "run"), // one artifact: no run column
      ...page.columns.map((c) => {
        const th = h("th", { class: "tbl-sortable", "data-testid": "table-header", "data-column": c, title: `Sort by ${c}` }, c + arrow(c));
        th.addEventListener("click", () => void load(nextSort(query, c)));
        return th;
      }),
    );
    const rows = page.rows.map((r) => {
      const run = labels.get(r.run);
      const swatch = h("span", { class: "swatch", style: { "background-color": run?.color ?? "#999" } });
      const runCell = source.artifact ? null : h("td", { class: "tbl-run", title: r.run }, swatch, " ", run?.label ?? r.run);
      return h("tr", { "data-testid": "table-row" }, runCell, ...r.cells.map((c) => cell(r.run, c)));
    });
    clear(grid);
    grid.appendChild(h("table", { class: "tbl-table", "data-testid": "table" }, h("thead", {}, head), h("tbody", {}, ...rows)));
    const info = pageInfo(query, page.total, page.rows.length);
    const go = (p: number) => () => void load(pageTo(query, p, page.total));
    clear(pager);
    pager.append(
      h("button", { class: "icon", "data-testid": "table-prev", disabled: info.page <= 1, onclick: go(info.page - 1) }, "‹"),
      h("span", { "data-testid": "table-page" }, `${info.from}–${info.to} of ${page.total}`),
      h("button", { class: "icon", "data-testid": "table-next", disabled: info.page >= info.pages, onclick: go(info.page + 1) }, "›"),
    );
  };

  async function load(next: TableQuery): Promise<void> {
    abort?.abort();
    abort = new AbortController();
    const signal = abort.signal;
    query = next;
    remembered.set(source.id, query);
    try {
      const from = source.artifact ? { artifact: source.artifact.name, path: source.artifact.path } : { runs: source.runs.map((r) => r.name), key: source.key };
      const page = await fetchTable(source.entity, source.project, { ...from, ...query }, signal);
      if (signal.aborted) return;
      if (!source.artifact && page.missing.length === source.runs.length) {
        done({ state: "empty", message: `No run logged a table \`${source.key}\`.`, query });
        return;
      }
      draw(page);
      done({ state: "ready", query, page });
    } catch (err) {
      if (signal.aborted) return;
      done({ state: "error", message: `Could not load the table: ${err instanceof Error ? err.message : String(err)}`, query });
    }
  }
  void load(query);
  return {
    destroy() {
      clearTimeout(filterTimer);
      abort?.abort();
    },
  };
}

// Sections in order (pinned first), open or closed, with the standard grid (columns ×
// rows per page, with paging) or the custom layout (x, y, w, h on a 24-column grid).
import { h } from "./dom";
import { componentFor } from "./panels";
import { panelCard, type PanelContext, type PanelView } from "./panels/common";
import { panelSignature } from "./liveRuns";
import { panelTitle, resolveSettings, type Panel, type Section, type Workspace } from "./spec";
import { debug, type Runs } from "./state";

export interface UiState {
  open: Map<string, boolean>; // section key → open (starts as the spec says)
  page: Map<string, number>;
  fullscreen?: string | null; // the panel shown full screen (kept across redraws)
}

/** A panel on the page: its context, the body its component draws in, the component, and
 *  what its drawing depends on (panelSignature). */
export interface PanelSlot {
  ctx: PanelContext;
  body: HTMLElement;
  card: HTMLElement;
  view: PanelView | null;
  signature: string;
}

const ROW_PX = 48; // one unit of a custom layout's h (W&B's grid rows)

/** How a page other than the workspace uses the renderer (a report's panel grids). */
export interface SectionsOptions {
  bare?: boolean; // no section header (a report's grid is one unnamed section, always open)
  keepDebug?: boolean; // add to window.__panelbank's panels instead of starting afresh
}

/** Start window.__panelbank's panel bookkeeping afresh (a page draws all its panels again). */
export function resetPanelDebug(): void {
  const d = debug();
  d.panels = {};
  d.drawn = 0;
  d.expected = 0;
  d.allDrawnAt = null;
}

export function renderSections(
  root: HTMLElement,
  ws: Workspace,
  runs: Runs,
  where: { entity: string; project: string },
  ui: UiState,
  rerender: () => void,
  options: SectionsOptions = {},
): PanelSlot[] {
  const slots: PanelSlot[] = [];
  const d = debug();
  if (!options.keepDebug) resetPanelDebug();
  if (!ws.sections.length) {
    root.appendChild(h("div", { class: "empty", "data-testid": "no-sections" }, "This workspace has no sections."));
  }
  const query = ws.searchQuery ? safeRegex(ws.searchQuery) : null;
  for (const section of ws.sections) {
    const open = ui.open.get(section.key) ?? section.isOpen;
    let panels = section.panels.map((p) => ({ panel: p, title: panelTitle(p) }));
    if (query) panels = panels.filter((p) => query.test(p.title));
    if (ws.sortAlphabetically) panels.sort((a, b) => a.title.localeCompare(b.title));
    const el = h("section", {
      class: "section",
      "data-testid": "section",
      "data-section": section.name,
      "data-open": String(open),
      "data-pinned": String(section.pinned),
    });
    if (!options.bare) el.appendChild(
      h(
        "button",
        {
          class: "section-head",
          "data-testid": "section-toggle",
          onclick: () => {
            ui.open.set(section.key, !open);
            rerender();
          },
        },
        h("span", { class: "caret" }, open ? "▾" : "▸"),
        section.pinned ? h("span", { class: "pin", title: "Pinned section" }, "pinned") : null,
        h("span", { class: "section-name" }, section.name || "(untitled section)"),
        h("span", { class: "count" }, `${panels.length} panel${panels.length === 1 ? "" : "s"}`),
      ),
    );
    root.appendChild(el);
    if (!open) continue;
    if (!panels.length) {
      el.appendChild(h("div", { class: "empty", "data-testid": "section-empty" }, query ? "No panels match the panel search." : "This section has no panels."));
      continue;
    }
    let shown = panels;
    const grid = h("div", { class: section.custom ? "grid custom" : "grid standard", "data-testid": "section-grid" });
    if (section.custom) {
      const bottom = Math.max(...panels.map((p) => p.panel.layout.y + p.panel.layout.h));
      grid.style.gridTemplateRows = `repeat(${bottom}, ${ROW_PX}px)`;
    } else {
      const size = section.columns * section.rows;
      const pages = Math.ceil(panels.length / size);
      const page = Math.min(ui.page.get(section.key) ?? 0, pages - 1);
      shown = panels.slice(page * size, page * size + size);
      grid.style.gridTemplateColumns = `repeat(${section.columns}, minmax(0, 1fr))`;
      if (pages > 1) el.appendChild(pager(section, page, pages, panels.length, size, ui, rerender));
    }
    el.insertBefore(grid, el.querySelector(".pager"));
    for (const { panel, title } of shown) {
      const ctx = {
        ...where,
        panel,
        title,
        runs,
        settings: resolveSettings(ws.settings, section.settings, panel.config),
      };
      const { root: card, body } = panelCard(ctx, {
        open: ui.fullscreen === panel.id,
        onChange: (open) => {
          ui.fullscreen = open ? panel.id : null;
        },
      });
      if (section.custom) place(card, panel);
      grid.appendChild(card);
      d.expected += 1;
      d.panels[panel.id] = { type: panel.viewType, title, state: "loading" };
      slots.push({ ctx, body, card, view: null, signature: panelSignature(ctx) });
    }
  }
  // components measure their cards, so they start once the grid is laid out
  for (const slot of slots) start(slot);
  return slots;
}

function start(slot: PanelSlot): void {
  try {
    slot.view = componentFor(slot.ctx.panel.viewType)(slot.ctx, slot.body);
  } catch (err) {
    slot.view = null;
    slot.body.textContent = `This panel could not be drawn: ${err instanceof Error ? err.message : String(err)}`;
    slot.card.setAttribute("data-state", "error");
  }
}

/** The runs changed (new rows, states or runs; a run switched on or off): draw again only
 *  the panels whose data changed, each in place (a line plot keeps its zoom); the sections,
 *  their pages and the other panels stay as they are. Returns how many were drawn again. */
export function updatePanels(slots: PanelSlot[], runs: Runs): number {
  const d = debug();
  let changed = 0;
  for (const slot of slots) {
    const ctx = { ...slot.ctx, runs };
    const signature = panelSignature(ctx);
    if (signature === slot.signature) continue;
    changed += 1;
    slot.ctx = ctx;
    slot.signature = signature;
    const id = ctx.panel.id;
    d.panels[id] = { ...(d.panels[id] ?? { type: ctx.panel.viewType, title: ctx.title }), state: "loading", updating: true };
    if (slot.view?.update) {
      slot.view.update(ctx);
    } else {
      slot.view?.destroy();
      start(slot);
    }
  }
  d.panelUpdates = (d.panelUpdates ?? 0) + changed;
  return changed;
}

function place(card: HTMLElement, panel: Panel): void {
  const { x, y, w, h: height } = panel.layout;
  card.style.gridColumn = `${Math.max(0, x) + 1} / span ${Math.min(Math.max(1, w), 24)}`;
  card.style.gridRow = `${Math.max(0, y) + 1} / span ${Math.max(1, height)}`;
}

function pager(section: Section, page: number, pages: number, total: number, size: number, ui: UiState, rerender: () => void): HTMLElement {
  const go = (p: number) => () => {
    ui.page.set(section.key, p);
    rerender();
  };
  const first = page * size + 1;
  const last = Math.min(total, first + size - 1);
  return h(
    "div",
    { class: "pager", "data-testid": "pager" },
    h("button", { onclick: go(page - 1), disabled: page === 0, "data-testid": "pager-prev" }, "‹"),
    h("span", { "data-testid": "pager-label" }, `${first}–${last} of ${total}`),
    h("button", { onclick: go(page + 1), disabled: page >= pages - 1, "data-testid": "pager-next" }, "›"),
  );
}

function safeRegex(q: string): RegExp {
  try {
    return new RegExp(q, "i");
  } catch {
    return new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
  }
}

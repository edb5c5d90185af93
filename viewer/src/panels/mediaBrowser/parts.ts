// What the Media Browser's gallery and grid share: the user's choices, a run's column,
// the run header, the toolbar (key, slider slot, overlay toggles, class chips) and the
// summary of items the debug hook records.
import { h } from "../../dom";
import type { PanelContext } from "../common";
import type { Overlays } from "./draw";
import { cssColor, itemClasses, type MediaConfig, type MediaItem } from "./shape";
import type { Line } from "../../state";

export interface Choice {
  key: string;
  step: number | null;
  run: string | null; // the run a gallery along runs shows
  overlays: Overlays;
}

export interface Column {
  line: Line;
  run: string;
  steps: number[];
}

export function runHead(column: Column, note = ""): HTMLElement {
  return h(
    "div",
    { class: "mb-run", title: column.run, "data-testid": "media-run" },
    h("span", { class: "swatch", style: { "background-color": column.line.color } }),
    h("span", { class: "mb-run-name" }, column.line.label),
    note ? h("span", { class: "mb-step-note" }, note) : null,
  );
}

export function toolbar(ctx: PanelContext, cfg: MediaConfig, choice: Choice, items: MediaItem[], redraw: () => void, extra: HTMLElement | null = null): HTMLElement {
  const bar = h("div", { class: "mb-toolbar" });
  if (cfg.keys.length > 1) {
    const select = h("select", { "data-testid": "media-key" }, ...cfg.keys.map((k) => h("option", { value: k, selected: k === choice.key }, k)));
    select.addEventListener("change", () => {
      choice.key = select.value;
      choice.step = null;
      redraw();
    });
    bar.appendChild(select);
  }
  if (extra) bar.appendChild(extra);
  const toggle = (name: "masks" | "boxes", present: boolean) => {
    if (!present) return;
    const box = h("input", { type: "checkbox", checked: choice.overlays[name], "data-testid": `media-toggle-${name}` });
    box.addEventListener("change", () => {
      choice.overlays[name] = box.checked;
      redraw();
    });
    bar.appendChild(h("label", { class: "mb-toggle" }, box, ` ${name}`));
  };
  toggle("masks", items.some((i) => i.masks?.length));
  toggle("boxes", items.some((i) => i.boxes?.length));
  for (const [id, name] of itemClasses(items)) {
    const off = choice.overlays.hidden.has(id);
    const chip = h(
      "button",
      { class: off ? "mb-class off" : "mb-class", "data-testid": "media-class", "data-class": id, title: off ? "show this class" : "hide this class" },
      h("span", { class: "swatch", style: { "background-color": cssColor(id) } }),
      ` ${name}`,
    );
    chip.addEventListener("click", () => {
      if (off) choice.overlays.hidden.delete(id);
      else choice.overlays.hidden.add(id);
      redraw();
    });
    bar.appendChild(chip);
  }
  void ctx;
  return bar;
}

export function summarize(items: MediaItem[]): unknown[] {
  return items.map((i) => ({ type: i.type, url: i.url, caption: i.caption ?? null, masks: i.masks?.length ?? 0, boxes: i.boxes?.reduce((n, b) => n + (b.boxData?.length ?? 0), 0) ?? 0 }));
}

// Hover tooltip: the value of each line at the cursor's x (or only the closest line).
import type uPlot from "uplot";
import type { Tooltip } from "../spec";
import { formatNumber } from "./common";

interface Info {
  label: string;
  color: string;
  kind: string;
}

export function tooltipPlugin(mode: Tooltip, colorNames: boolean, info: Info[]): uPlot.Plugin {
  let tip: HTMLDivElement | null = null;
  let focused: number | null = null;
  return {
    hooks: {
      init: (u) => {
        if (mode === "none") return;
        tip = document.createElement("div");
        tip.className = "tooltip";
        tip.setAttribute("data-testid", "tooltip");
        tip.style.display = "none";
        u.over.appendChild(tip);
        u.over.addEventListener("mouseleave", () => tip && (tip.style.display = "none"));
      },
      setSeries: (_u, i) => {
        focused = i;
      },
      setCursor: (u) => {
        if (!tip) return;
        const idx = u.cursor.idx;
        if (idx === null || idx === undefined || u.cursor.left === undefined || u.cursor.left < 0) {
          tip.style.display = "none";
          return;
        }
        const rows: [string, string, number][] = [];
        info.forEach((si, i) => {
          if (si.kind !== "line") return;
          if (mode === "single" && focused !== null && focused !== i + 1) return;
          const v = u.data[i + 1][idx];
          if (v === null || v === undefined) return;
          rows.push([si.label, si.color, v]);
        });
        if (!rows.length) {
          tip.style.display = "none";
          return;
        }
        rows.sort((a, b) => b[2] - a[2]);
        const shown = mode === "single" ? rows.slice(0, 1) : rows.slice(0, 12);
        tip.replaceChildren();
        const head = document.createElement("div");
        head.className = "tooltip-x";
        head.textContent = `${u.series[0].label}: ${formatNumber(u.data[0][idx])}`;
        tip.appendChild(head);
        for (const [label, color, v] of shown) {
          const row = document.createElement("div");
          const name = document.createElement("span");
          name.textContent = label;
          if (colorNames) name.style.color = color;
          const val = document.createElement("b");
          val.textContent = ` ${formatNumber(v)}`;
          row.append(name, val);
          tip.appendChild(row);
        }
        if (rows.length > shown.length) {
          const more = document.createElement("div");
          more.textContent = `… ${rows.length - shown.length} more`;
          tip.appendChild(more);
        }
        tip.style.display = "block";
        const left = u.cursor.left;
        const flip = left > u.over.clientWidth / 2;
        tip.style.left = flip ? "" : `${left + 12}px`;
        tip.style.right = flip ? `${u.over.clientWidth - left + 12}px` : "";
        tip.style.top = `${Math.max((u.cursor.top ?? 0) - 10, 0)}px`;
      },
    },
  };
}

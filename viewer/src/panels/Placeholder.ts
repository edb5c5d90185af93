// Any panel type the viewer does not draw yet: a card that says what it is.
import { h, clear } from "../dom";
import { markState, type PanelComponent } from "./common";

export const Placeholder: PanelComponent = (ctx, body) => {
  clear(body);
  body.appendChild(
    h(
      "div",
      { class: "panel-placeholder", "data-testid": "panel-placeholder" },
      h("div", { class: "placeholder-type" }, ctx.panel.viewType),
      ctx.title ? h("div", { class: "placeholder-title" }, ctx.title) : null,
      h("div", { class: "placeholder-note" }, "This panel type is not drawn by the panelbank viewer yet; it is kept in the workspace as saved."),
    ),
  );
  markState(ctx, body, "placeholder", { message: `${ctx.panel.viewType} is not drawn yet` });
  return { destroy() {} };
};

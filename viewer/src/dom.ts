// A tiny element builder: h("div", {class: "x", "data-testid": "y"}, child, "text").
// Styles go in as an object of CSS properties ({style: {"background-color": c}}) and are
// set through the CSSOM: a value that is not valid for its property is dropped by the
// browser, so data (a run colour) can never add declarations or fetch a URL, and no style
// attribute is built from strings (the Content-Security-Policy forbids inline styles).
export type Styles = Record<string, string>;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener | Styles>;
export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "style") {
      if (typeof value !== "object") throw new Error("h(): give style as an object of CSS properties");
      setStyles(el, value);
    } else if (typeof value === "object" || typeof value === "function") {
      throw new Error(`h(): attribute ${key} must be a string, number or boolean`);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Set CSS properties through the CSSOM (never a style attribute). */
export function setStyles(el: HTMLElement | SVGElement, styles: Styles): void {
  for (const [property, value] of Object.entries(styles)) el.style.setProperty(property, value);
}

export function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

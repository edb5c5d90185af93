// Drawing one media item: an image with its mask and box overlays, an audio or video
// player, HTML in a sandboxed frame, or a download link for what the viewer does not draw.
import { h, setStyles } from "../../dom";
import { boxRect, colourMask, cssColor, downloadLabel, type MediaItem } from "./shape";

export interface Overlays {
  masks: boolean;
  boxes: boolean;
  hidden: Set<number>; // classes switched off in the legend
}

const SVG = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

function fileName(item: MediaItem): string {
  return item.path.split("/").pop() ?? item.path;
}

/** Paint the item's masks onto ``canvas`` (same-origin PNGs: class id per pixel). */
function paintMasks(item: MediaItem, canvas: HTMLCanvasElement, overlays: Overlays): void {
  const width = item.width ?? 0;
  const height = item.height ?? 0;
  if (!width || !height) return;
  canvas.width = width;
  canvas.height = height;
  const target = canvas.getContext("2d");
  if (!target) return;
  for (const mask of item.masks ?? []) {
    const image = new Image();
    image.onload = () => {
      const scratch = document.createElement("canvas");
      scratch.width = width;
      scratch.height = height;
      const context = scratch.getContext("2d", { willReadFrequently: true });
      if (!context) return;
      context.drawImage(image, 0, 0, width, height);
      const pixels = colourMask(context.getImageData(0, 0, width, height).data, (id) => !overlays.hidden.has(id));
      context.putImageData(new ImageData(pixels, width, height), 0, 0);
      target.drawImage(scratch, 0, 0);
      canvas.setAttribute("data-painted", String(Number(canvas.getAttribute("data-painted") ?? 0) + 1));
    };
    image.src = mask.src ?? mask.url;
  }
}

function boxesSvg(item: MediaItem, overlays: Overlays): SVGSVGElement | null {
  const width = item.width ?? 0;
  const height = item.height ?? 0;
  if (!width || !height) return null;
  const root = svg("svg", { class: "mb-boxes", viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none", "data-testid": "media-boxes" });
  const font = Math.max(4, Math.min(width, height) / 16);
  for (const overlay of item.boxes ?? []) {
    for (const box of overlay.boxData ?? []) {
      const rect = boxRect(box, width, height, overlay.classLabels);
      if (!rect || (rect.classId !== null && overlays.hidden.has(rect.classId))) continue;
      const color = cssColor(rect.classId ?? 0);
      root.appendChild(svg("rect", { x: rect.x, y: rect.y, width: rect.w, height: rect.h, fill: "none", stroke: color, "stroke-width": Math.max(1, font / 5), "vector-effect": "non-scaling-stroke" }));
      if (rect.label) {
        const y = rect.y > font ? rect.y - 1 : rect.y + font;
        // keep the label inside the image: end-anchored at the box's right edge when it
        // would run off (about 0.6 em a character)
        const fits = rect.x + rect.label.length * font * 0.6 <= width;
        const x = fits ? Math.max(0, rect.x) + 1 : Math.min(width, rect.x + rect.w) - 1;
        root.appendChild(svg("text", { x, y, fill: color, "font-size": font, "text-anchor": fits ? "start" : "end", class: "mb-box-label" }, rect.label));
      }
    }
  }
  return root;
}

// Images (and their masks) are fetched once they come within a little of the viewport,
// clipped by the panel's scroll box: the browser's own lazy loading reaches thousands of
// pixels ahead, which in a grid of 5,000 cells is hundreds of needless requests.
const starts = new WeakMap<Element, () => void>();
let watcher: IntersectionObserver | null = null;

function whenVisible(el: Element, start: () => void): void {
  if (typeof IntersectionObserver === "undefined") return start();
  watcher ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        watcher!.unobserve(entry.target);
        starts.get(entry.target)?.();
        starts.delete(entry.target);
      }
    },
    { rootMargin: "150px" },
  );
  starts.set(el, start);
  watcher.observe(el);
}

function image(item: MediaItem, overlays: Overlays): HTMLElement {
  const img = h("img", { alt: item.caption ?? fileName(item), decoding: "async", "data-testid": "media-image" });
  if (item.width && item.height) {
    img.width = item.width;
    img.height = item.height;
  }
  const frame = h("div", { class: "mb-frame" }, img);
  if (item.width && item.height) setStyles(frame, { "aspect-ratio": `${item.width} / ${item.height}` });
  if (item.width && item.width <= 256) frame.classList.add("pixelated");
  let canvas: HTMLCanvasElement | null = null;
  if (overlays.masks && item.masks?.length) {
    canvas = h("canvas", { class: "mb-mask", "data-testid": "media-mask" });
    frame.appendChild(canvas);
  }
  whenVisible(frame, () => {
    img.src = item.src ?? item.url;
    if (canvas) paintMasks(item, canvas, overlays); // in parallel with the image
  });
  if (overlays.boxes && item.boxes?.length) {
    const boxes = boxesSvg(item, overlays);
    if (boxes) frame.appendChild(boxes);
  }
  return frame;
}

/** One item, with its caption. */
export function mediaItem(item: MediaItem, overlays: Overlays): HTMLElement {
  let content: HTMLElement;
  if (item.type === "image") content = image(item, overlays);
  else if (item.type === "audio") content = h("audio", { controls: true, preload: "none", src: item.url, "data-testid": "media-audio" });
  else if (item.type === "video") content = h("video", { controls: true, preload: "none", src: item.url, "data-testid": "media-video" });
  else if (item.type === "html")
    content = h("iframe", { src: item.url, sandbox: "allow-scripts", loading: "lazy", referrerpolicy: "no-referrer", title: item.caption ?? fileName(item), "data-testid": "media-html" });
  else
    content = h(
      "a",
      { href: item.url, download: fileName(item), class: "mb-download", "data-testid": "media-download" },
      `⬇ ${downloadLabel(item)}: ${fileName(item)}`,
      h("span", { class: "mb-note" }, "not drawn in the viewer: download it to open"),
    );
  return h(
    "figure",
    { class: `mb-item mb-${item.type}`, "data-type": item.type },
    content,
    item.caption ? h("figcaption", { class: "mb-caption", title: item.caption }, item.caption) : null,
  );
}

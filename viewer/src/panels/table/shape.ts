// Pure shaping for table panels: the query a page is fetched with (sort, filter, paging)
// and how a cell is shown (media references as thumbnails, numbers formatted).
import { formatNumber } from "../values";

export interface TableQuery {
  offset: number;
  limit: number;
  sort: string | null;
  desc: boolean;
  filter: string;
  filterColumn: string | null;
}

export const firstPage = (limit = 20): TableQuery => ({ offset: 0, limit, sort: null, desc: false, filter: "", filterColumn: null });

/** A click on a column header: ascending, then descending, then unsorted; back to page 1. */
export function nextSort(q: TableQuery, column: string): TableQuery {
  if (q.sort !== column) return { ...q, sort: column, desc: false, offset: 0 };
  if (!q.desc) return { ...q, desc: true, offset: 0 };
  return { ...q, sort: null, desc: false, offset: 0 };
}

/** New filter text (or column): from the first page again. */
export function withFilter(q: TableQuery, filter: string, column: string | null = q.filterColumn): TableQuery {
  return { ...q, filter, filterColumn: column || null, offset: 0 };
}

export interface PageInfo {
  page: number; // 1-based
  pages: number;
  from: number; // 1-based row numbers shown, 0 when none
  to: number;
}

export function pageInfo(q: TableQuery, total: number, shown: number): PageInfo {
  const pages = Math.max(1, Math.ceil(total / q.limit));
  return { page: Math.floor(q.offset / q.limit) + 1, pages, from: shown ? q.offset + 1 : 0, to: q.offset + shown };
}

/** The query for page `page` (1-based), kept within the pages there are. */
export function pageTo(q: TableQuery, page: number, total: number): TableQuery {
  const pages = Math.max(1, Math.ceil(total / q.limit));
  const p = Math.min(Math.max(1, Math.round(page)), pages);
  return { ...q, offset: (p - 1) * q.limit };
}

export type CellView =
  | { kind: "empty" }
  | { kind: "number"; text: string }
  | { kind: "text"; text: string }
  | { kind: "image"; path: string; caption: string }
  | { kind: "media"; type: string; path: string; caption: string };

const IMAGE_TYPES = new Set(["image-file", "image"]);

/** What a logged cell shows: media files (by their `_type` and `path`), numbers, text. */
export function cellView(cell: unknown): CellView {
  if (cell === null || cell === undefined) return { kind: "empty" };
  if (typeof cell === "number") return { kind: "number", text: formatNumber(cell) };
  if (typeof cell === "boolean") return { kind: "text", text: String(cell) };
  if (typeof cell === "string") return { kind: "text", text: cell };
  if (typeof cell === "object" && !Array.isArray(cell)) {
    const o = cell as Record<string, unknown>;
    const type = typeof o._type === "string" ? o._type : "";
    const path = typeof o.path === "string" ? o.path : "";
    const caption = typeof o.caption === "string" ? o.caption : "";
    if (type && path) return IMAGE_TYPES.has(type) ? { kind: "image", path, caption } : { kind: "media", type, path, caption };
  }
  return { kind: "text", text: JSON.stringify(cell) };
}

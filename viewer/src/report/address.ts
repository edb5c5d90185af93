// A report's address, /<entity>/<project>/reports/<Title>--<id>, as the library's
// report_url writes it and parse_report_url reads it. Pure.

/** The view id in the address segment `<Title>--<id>` (after the last "--"); "" if none. */
export function reportId(slug: string): string {
  const at = slug.lastIndexOf("--");
  return at < 0 ? "" : slug.slice(at + 2);
}

/** A report's title as its address writes it (spaces as "-", the rest percent-encoded). */
export function reportSlug(title: string): string {
  return encodeURIComponent(title.replace(/ /g, "-")).replace(/%2D/gi, "-");
}

/** The path of report `id` titled `title` in `entity`/`project`. */
export function reportPath(entity: string, project: string, title: string, id: string): string {
  return `/${encodeURIComponent(entity)}/${encodeURIComponent(project)}/reports/${reportSlug(title)}--${encodeURIComponent(id).replace(/%3D/g, "=")}`;
}

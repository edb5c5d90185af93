// Artifacts for people, the pure part: collections grouped by type, a version's label,
// metadata as rows, files in name order. No DOM.
import type { ArtifactFileInfo, CollectionInfo, VersionInfo } from "./artifactsApi";
import { keyValues, type KeyValue } from "./runDetails";

export interface TypeGroup {
  type: string;
  collections: CollectionInfo[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Collections grouped by artifact type; types and the collections in each by name. */
export function byType(collections: CollectionInfo[]): TypeGroup[] {
  const groups = new Map<string, CollectionInfo[]>();
  for (const c of collections) groups.set(c.type, [...(groups.get(c.type) ?? []), c]);
  return [...groups.entries()]
    .map(([type, list]) => ({ type, collections: [...list].sort((a, b) => compare(a.name, b.name)) }))
    .sort((a, b) => compare(a.type, b.type));
}

/** "v3 (latest, best)": the version, then its aliases, latest first. */
export function versionLabel(v: Pick<VersionInfo, "version" | "aliases">): string {
  const aliases = [...v.aliases].sort((a, b) => (a === "latest" ? -1 : b === "latest" ? 1 : compare(a, b)));
  return aliases.length ? `${v.version} (${aliases.join(", ")})` : v.version;
}

/** A version's metadata (JSON text) as sorted key/value rows; text that is not a JSON
 *  object is one row under "metadata". */
export function metadataRows(metadata: string | null): KeyValue[] {
  if (!metadata) return [];
  try {
    const parsed: unknown = JSON.parse(metadata);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return keyValues(parsed as Record<string, unknown>);
  } catch {
    // shown as it is below
  }
  return [{ key: "metadata", value: metadata }];
}

/** Files in name order, with the base name a download saves under. */
export function fileRows(files: ArtifactFileInfo[]): (ArtifactFileInfo & { base: string })[] {
  return [...files].sort((a, b) => compare(a.name, b.name)).map((f) => ({ ...f, base: f.name.split("/").pop() || f.name }));
}

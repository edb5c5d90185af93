// The artifact routes of the JSON API (/api/v1/<entity>/<project>/artifacts...).
import { call } from "./api";

export interface VersionInfo {
  collection: string;
  type: string;
  version: string; // "v3" in its collection
  aliases: string[];
  tags: string[];
  createdAt: string;
  size: number;
  fileCount: number;
  digest: string;
  url: string; // its page: /<entity>/<project>/artifacts/<type>/<collection>/<version>
}
export interface CollectionInfo {
  name: string;
  type: string;
  kind: "sequence" | "portfolio";
  description: string | null;
  tags: string[];
  versions: VersionInfo[]; // newest first
}
export interface RunRef {
  entity: string;
  project: string;
  name: string;
  displayName: string;
  url: string;
}
export interface ArtifactFileInfo {
  name: string;
  size: number;
  url: string | null; // a signed download path on this server, or a reference's URI
  reference: boolean;
}
export interface VersionDetails extends VersionInfo {
  kind: "sequence" | "portfolio";
  source: VersionInfo; // the version in the sequence that logged it
  description: string | null;
  metadata: string | null; // JSON text
  files: ArtifactFileInfo[];
  loggedBy: RunRef | null;
  usedBy: RunRef[];
}

const enc = encodeURIComponent;
const base = (entity: string, project: string) => `/${enc(entity)}/${enc(project)}`;

export const listArtifacts = (entity: string, project: string) =>
  call<{ collections: CollectionInfo[] }>(`${base(entity, project)}/artifacts`).then((b) => b.collections);
export const getArtifactVersion = (entity: string, project: string, name: string, version: string) =>
  call<VersionDetails>(`${base(entity, project)}/artifacts/${enc(name)}/${enc(version)}`);
export const runArtifacts = (entity: string, project: string, run: string) =>
  call<{ logged: VersionInfo[]; used: VersionInfo[] }>(`${base(entity, project)}/runs/${enc(run)}/artifacts`);

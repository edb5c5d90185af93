// The server's panel-data routes (src/panelbank/server/panel_data): logged tables a page at
// a time, histograms per step, a run's saved code, an artifact version. And the one place
// that builds the address of a run's file (the run files route, GET .../runs/{run}/files/{path}).
import { call, tokenized } from "./api";

const enc = encodeURIComponent;
const base = (entity: string, project: string) => `/${enc(entity)}/${enc(project)}`;

/** The address a run's file (a media cell's `path`) is served at. */
export function runFileUrl(entity: string, project: string, run: string, path: string): string {
  const file = path.split("/").map(enc).join("/");
  return tokenized(`/api/v1${base(entity, project)}/runs/${enc(run)}/files/${file}`);
}

export interface TableRequest {
  runs?: string[];
  key?: string;
  artifact?: string; // "name:alias", with path: a table file of an artifact version
  path?: string;
  offset: number;
  limit: number;
  sort?: string | null;
  desc?: boolean;
  filter?: string;
  filterColumn?: string | null;
}
export interface TableRow {
  run: string;
  index: number;
  cells: unknown[];
}
export interface TablePage {
  columns: string[];
  total: number;
  offset: number;
  limit: number;
  rows: TableRow[];
  missing: string[];
}

/** The most runs one table request names (the tables route's MAX_RUNS,
 *  src/panelbank/server/panel_data/tables.py; a test checks they agree). */
export const TABLE_MAX_RUNS = 100;

/** A page of a logged table (of several runs, their rows one after the other). */
export function fetchTable(entity: string, project: string, request: TableRequest, signal?: AbortSignal): Promise<TablePage> {
  const body: Record<string, unknown> = { ...request };
  for (const k of Object.keys(body)) if (body[k] === null || body[k] === undefined || body[k] === "") delete body[k];
  return call<TablePage>(`${base(entity, project)}/tables`, { method: "POST", body: JSON.stringify(body), signal });
}

export interface Histogram {
  bins: number[]; // edges, one more than values
  values: number[];
}
export interface RunHistograms {
  run: string;
  steps: number[];
  histograms: Histogram[];
}

export function fetchHistograms(entity: string, project: string, runs: string[], key: string, steps: number, signal?: AbortSignal): Promise<RunHistograms[]> {
  return call<{ runs: RunHistograms[] }>(`${base(entity, project)}/histograms`, {
    method: "POST",
    body: JSON.stringify({ runs, key, steps }),
    signal,
  }).then((b) => b.runs);
}

export interface RunCode {
  run: string;
  program: string | null;
  codePath: string | null;
  git: { remote: string | null; commit: string | null };
  files: { name: string; size: number }[];
}

export const fetchCode = (entity: string, project: string, run: string) =>
  call<RunCode>(`${base(entity, project)}/runs/${enc(run)}/code`);

export const fetchCodeText = (entity: string, project: string, run: string, file: string) =>
  call<{ name: string; text: string; truncated: boolean }>(`${base(entity, project)}/runs/${enc(run)}/code?file=${enc(file)}`);

export interface ArtifactInfo {
  name: string;
  version: string;
  type: string;
  state: string;
  aliases: string[];
  description: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  size: number;
  fileCount: number;
  digest: string;
  run: string | null;
  versions: string[];
  files: { name: string; size: number | null; digest: string | null }[];
  filesTruncated: boolean;
}

export const fetchArtifact = (entity: string, project: string, name: string) =>
  call<ArtifactInfo>(`${base(entity, project)}/artifacts/${enc(name)}`);

// The server's JSON API (/api/v1). Requests carry the session cookie (same origin) and,
// on a page opened through a share link, the page's accessToken (every request, here only).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The share link's token of this page (`?accessToken=`), or null. */
export function accessToken(search: string = location.search): string | null {
  return new URLSearchParams(search).get("accessToken") || null;
}

/** `path` with the page's access token added to its query (unchanged without one). */
export function withToken(path: string, token: string | null): string {
  if (!token) return path;
  return `${path}${path.includes("?") ? "&" : "?"}accessToken=${encodeURIComponent(token)}`;
}

/** What to tell a reader the server refused (401 or 403), by whether a share link was used. */
export function refusalMessage(status: number, token: string | null): string {
  if (token) {
    return status === 401
      ? "This share link is not valid: it was revoked or mistyped. Ask the report's owner for a new link."
      : "This share link does not grant access to this page or its runs. Ask the report's owner for a new link.";
  }
  return status === 401 ? "Log in to see this page." : "Your key is not allowed to read this page.";
}

export async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const token = accessToken();
  const response = await fetch(withToken(`/api/v1${path}`, token), {
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    ...init,
  });
  if (response.status === 401 || response.status === 403) {
    // without a share link, a 401 means: log in (a share link's reader has no login)
    if (response.status === 401 && !token) {
      location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    }
    throw new ApiError(response.status, refusalMessage(response.status, token));
  }
  const text = await response.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = body?.error?.message ?? `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  return body as T;
}

export interface ProjectInfo {
  entity: string;
  name: string;
  createdAt: string;
}
export interface ViewInfo {
  id: string;
  entity?: string;
  project?: string;
  description?: string;
  name: string;
  displayName: string;
  type: string;
  version: number;
  updatedAt: string;
  spec?: string;
  problem?: string | null; // e.g. a previewed file that no longer loads (the last good spec is kept)
}

export interface RunInfo {
  name: string;
  displayName: string;
  state: string;
  color: string | null;
  disabled: boolean;
  group: string[] | null; // the run set's group path, when the run set groups
  config: Record<string, unknown>;
  summary: Record<string, unknown>;
  tags: string[];
  createdAt: string;
  historyLineCount: number;
  heartbeatAt: string;
}
export interface RunGroup {
  path: string[];
  name: string;
  color: string | null;
  runs: string[];
}
export interface RunsResult {
  runs: RunInfo[];
  groups: RunGroup[];
  total: number; // runs in the project
  matched: number; // runs that pass the run set's filters and search
}

export interface Series {
  run: string;
  metric: string;
  x: number[];
  min: number[];
  max: number[];
  mean: number[];
  count: number[];
}

export interface HistoryRequest {
  runs: string[];
  metrics: string[];
  x: string;
  points: number;
  xMin?: number | null;
  xMax?: number | null;
}

export const listEntities = () => call<{ entities: string[] }>("/entities").then((b) => b.entities);
export const listProjects = (entity: string) =>
  call<{ projects: ProjectInfo[] }>(`/${enc(entity)}/projects`).then((b) => b.projects);
export const listViews = (entity: string, project: string, type?: string) =>
  call<{ views: ViewInfo[] }>(`/${enc(entity)}/${enc(project)}/views${type ? `?type=${enc(type)}` : ""}`).then((b) => b.views);
export const getView = (id: string) => call<ViewInfo>(`/views/${enc(id)}`);

function enc(s: string): string {
  return encodeURIComponent(s);
}

function asPath(value: unknown): string[] | null {
  if (Array.isArray(value)) return value.map(String);
  if (value === null || value === undefined || value === "") return null;
  return [String(value)];
}

/** The runs of a project as a view's run set selects them (filtered, grouped, sorted). */
export async function listRuns(entity: string, project: string, viewId?: string): Promise<RunsResult> {
  const query = viewId ? `?view=${enc(viewId)}` : "";
  return runsResult(await call<any>(`/${enc(entity)}/${enc(project)}/runs${query}`));
}

/** The runs of a project as a run set given here selects them (a report's panel grid). */
export async function queryRuns(entity: string, project: string, runSet: unknown, customRunColors: Record<string, string>): Promise<RunsResult> {
  const body = await call<any>(`/${enc(entity)}/${enc(project)}/runs`, {
    method: "POST",
    body: JSON.stringify({ runSet, customRunColors }),
  });
  return runsResult(body);
}

function runsResult(body: any): RunsResult {
  const runs: RunInfo[] = (body?.runs ?? []).map((r: any) => ({
    name: String(r.name ?? r.id),
    displayName: String(r.displayName ?? r.display_name ?? r.name),
    state: String(r.state ?? ""),
    color: r.color || null,
    disabled: Boolean(r.disabled ?? r.hidden ?? false),
    group: asPath(r.groupPath ?? r.groupKey ?? null),
    config: r.config ?? {},
    summary: r.summary ?? r.summaryMetrics ?? {},
    tags: r.tags ?? [],
    createdAt: String(r.createdAt ?? ""),
    historyLineCount: Number(r.historyLineCount ?? 0),
    heartbeatAt: String(r.heartbeatAt ?? ""),
  }));
  const groups: RunGroup[] = (body?.groups ?? []).map((g: any) => {
    const path = (g.values ?? g.path ?? asPath(g.key ?? g.name) ?? []).map((v: unknown) =>
      v === null || v === undefined ? "(none)" : typeof v === "string" ? v : JSON.stringify(v),
    );
    return {
    path,
    name: String(g.name ?? path.join(" / ")),
    color: g.color || null,
    runs: (g.runs ?? []).map((r: any) => (typeof r === "string" ? r : String(r.name))),
    };
  });
  const counts = body?.counts ?? body ?? {};
  return {
    runs,
    groups,
    total: Number(counts.total ?? runs.length),
    matched: Number(counts.shown ?? counts.matched ?? runs.length),
  };
}

/** Downsampled history of many runs and metrics: one Series per run and metric. */
export async function fetchHistory(
  entity: string,
  project: string,
  request: HistoryRequest,
  signal?: AbortSignal,
): Promise<Series[]> {
  const body = await call<any>(`/${enc(entity)}/${enc(project)}/history`, {
    method: "POST",
    body: JSON.stringify(request),
    signal,
  });
  const out: Series[] = [];
  const push = (run: string, metric: string, s: any) =>
    out.push({
      run,
      metric,
      x: s.x ?? [],
      min: s.min ?? s.mean ?? [],
      max: s.max ?? s.mean ?? [],
      mean: s.mean ?? s.y ?? [],
      count: s.count ?? [],
    });
  if (Array.isArray(body?.series)) {
    for (const s of body.series) push(String(s.run), String(s.metric), s);
  } else if (body?.runs && typeof body.runs === "object") {
    for (const [run, metrics] of Object.entries<any>(body.runs)) {
      for (const [metric, s] of Object.entries<any>(metrics)) push(run, metric, s);
    }
  }
  return out;
}

/** The keys a run logged (for metricRegex panels). */
export async function runKeys(entity: string, project: string, run: string): Promise<string[]> {
  const body = await call<any>(`/${enc(entity)}/${enc(project)}/runs/${enc(run)}/keys`);
  const keys = body?.keys ?? body;
  if (Array.isArray(keys)) return keys.map((k: any) => (typeof k === "string" ? k : String(k.name)));
  return keys && typeof keys === "object" ? Object.keys(keys) : [];
}

export interface RunFileInfo {
  name: string;
  size: number;
  updatedAt: string;
  url: string; // a signed download path on this server (an hour long)
}
export interface RunDetails extends RunInfo {
  notes: string | null;
  host: string | null;
  files: RunFileInfo[];
}
export const getRun = (entity: string, project: string, run: string) =>
  call<RunDetails>(`/${enc(entity)}/${enc(project)}/runs/${enc(run)}`);

// Media Browser fetching: POST /api/v1/{entity}/{project}/media, at most 100 runs a request
// (the server's bound), only the steps a visible cell shows. Answers are kept per run and
// step, so sliding back to a step already seen asks nothing.
import { call } from "../../api";
import type { RunMedia, StepMedia } from "./shape";

const RUNS_PER_REQUEST = 100;
/** Images and masks up to this size come inline (data: URLs): thumbnails in one request. */
export const INLINE_BYTES = 16 * 1024;

export interface MediaRequest {
  runs: string[];
  key: string;
  minStep?: number | null;
  maxStep?: number | null;
  limit?: number;
  withSteps?: boolean;
  latest?: boolean;
}

export async function fetchMedia(entity: string, project: string, request: MediaRequest, signal?: AbortSignal): Promise<RunMedia[]> {
  const out: RunMedia[] = [];
  const chunks = [];
  for (let i = 0; i < request.runs.length; i += RUNS_PER_REQUEST) chunks.push(request.runs.slice(i, i + RUNS_PER_REQUEST));
  const answers = await Promise.all(
    chunks.map((runs) =>
      call<{ runs: RunMedia[] }>(`/${encodeURIComponent(entity)}/${encodeURIComponent(project)}/media`, {
        method: "POST",
        body: JSON.stringify({ inlineBytes: INLINE_BYTES, ...request, runs }),
        signal,
      }),
    ),
  );
  for (const answer of answers) out.push(...(answer?.runs ?? []));
  return out;
}

/** Media per run and step, filled as pages arrive. */
export class MediaCache {
  private readonly known = new Map<string, Map<number, StepMedia>>();
  private readonly asked = new Set<string>();

  has(run: string, step: number): boolean {
    return this.asked.has(`${run}\u0000${step}`);
  }

  get(run: string, step: number): StepMedia | undefined {
    return this.known.get(run)?.get(step);
  }

  /** Record an answer for ``steps`` (asked steps with no media are remembered as empty). */
  put(runs: RunMedia[], asked: { runs: string[]; steps: number[] }): void {
    for (const run of asked.runs) for (const step of asked.steps) this.asked.add(`${run}\u0000${step}`);
    for (const r of runs) {
      if (!this.known.has(r.run)) this.known.set(r.run, new Map());
      for (const m of r.media) this.known.get(r.run)!.set(m.step, m);
    }
  }
}

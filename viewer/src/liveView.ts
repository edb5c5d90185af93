// A saved change shows up without a reload: a page polls its view and, when the stored
// version changes, draws it again. The workspace and report pages both watch this way.
import { getView, type ViewInfo } from "./api";

/** How often to ask (ms); `?poll=` on the page changes it (the tests use it). */
export const POLL_MS = Number(new URLSearchParams(location.search).get("poll") ?? 3000);

/** Ask for view `id` every POLL_MS: `onSaved(latest)` when its version is not `version()`
 *  any more, otherwise `onSame(latest)`. A failed poll (the server restarting) is tried
 *  again on the next tick. */
export function watchView(
  id: string,
  version: () => number,
  onSaved: (latest: ViewInfo) => Promise<void>,
  onSame: (latest: ViewInfo) => Promise<void> = async () => {},
): void {
  const poll = async () => {
    try {
      const latest = await getView(id);
      await (latest.version !== version() ? onSaved(latest) : onSame(latest));
    } catch {
      // the server may be restarting; try again on the next tick
    }
    setTimeout(poll, POLL_MS);
  };
  setTimeout(poll, POLL_MS);
}

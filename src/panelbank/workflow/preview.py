"""A workspace file shown as views that are never stored: what ``panelbank preview`` serves.

:class:`PreviewViews` loads the file with :func:`~.files.load_file` and answers the view
lookups of the JSON API (``app.state.view_overlay``, consulted before the store) with one
:class:`~panelbank.store.View` per declared workspace: the first is ``nw-preview-v``
(``?nw=preview``), the next ``nw-preview2-v`` and so on. Each save of the file that
changes its content raises the version, so the open viewer re-renders; a file that fails
to load keeps the last good workspaces and reports the error (``error``), which the
viewer shows in a banner::

    overlay = PreviewViews("workspace.yaml")
    app = create_app(settings, store=store, history=history)
    app.state.view_overlay = overlay
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import warnings
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from ..store.models import View
from .errors import WorkflowError
from .files import load_file

__all__ = ["PREVIEW_NAMES", "PreviewViews", "preview_name", "watch"]

PREVIEW_NAMES = "nw-preview{}-v"  # the first is nw-preview-v, opened as ?nw=preview


def preview_name(index: int) -> str:
    """The internal name of the ``index``-th workspace of the file."""
    return PREVIEW_NAMES.format("" if index == 0 else index + 1)


class PreviewViews:
    """The workspaces of ``path`` as unsaved views, reloaded when the file changes.

    ``refresh`` is cheap while the file is untouched (its size and mtime are compared
    first, then a hash of the bytes); lookups call it at most every ``interval`` seconds.
    ``on_event`` hears one line per reload or load error (the command prints them).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        interval: float = 0.5,
        on_event: Callable[[str], None] | None = None,
        username: str = "",
    ) -> None:
        self.path = Path(path)
        self.interval = interval
        self.on_event = on_event
        self.username = username
        self.version = 0  # 1 after the first good load, +1 on every changed good load
        self.error: str | None = None
        self._views: list[View] = []
        self._stat: tuple[int, int] | None = None
        self._digest: str | None = None
        self._checked = float("-inf")
        self._lock = threading.Lock()

    # -- reloading ---------------------------------------------------------------------------
    def refresh(self, *, force: bool = False) -> bool:
        """Reload if the file changed; True when the views changed (a new version)."""
        with self._lock:
            now = time.monotonic()
            if not force and now - self._checked < self.interval:
                return False
            self._checked = now
            try:
                stat = self.path.stat()
                key = (stat.st_mtime_ns, stat.st_size)
                if key == self._stat:
                    return False
                self._stat = key
                digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
            except OSError as exc:
                return self._failed(f"{self.path}: cannot read the file ({exc.strerror})", None)
            if digest == self._digest:
                return False
            return self._load(digest)

    def _load(self, digest: str) -> bool:
        try:
            declared = load_file(self.path)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                specs = [(item.workspace, item.workspace.to_spec()) for item in declared]
        except WorkflowError as exc:
            return self._failed(str(exc).splitlines()[0], digest)
        except Exception as exc:  # a workspace the library cannot serialize
            return self._failed(f"{self.path}: {type(exc).__name__}: {exc}", digest)
        self._digest = digest
        self.version += 1
        self.error = None
        now = datetime.now(timezone.utc)
        self._views = [
            View(
                pk=-index,  # stored views have keys from 1 up: no id is ever both
                entity=workspace.entity,
                project=workspace.project,
                name=preview_name(index),
                display_name=workspace.name,
                type="project-view",
                description=f"Preview of {self.path.name} (not saved)",
                spec=json.dumps(spec),
                version=self.version,
                created_at=self._views[0].created_at if self._views else now,
                updated_at=now,
                created_by=self.username,
            )
            for index, (workspace, spec) in enumerate(specs)
        ]
        self._emit(f"loaded {self.path} (preview version {self.version})")
        return True

    def _failed(self, message: str, digest: str | None) -> bool:
        self._digest = digest  # the same broken content is not reported twice
        changed = message != self.error
        self.error = message
        if changed:
            kept = f"; showing version {self.version}" if self._views else ""
            self._emit(f"error: {message}{kept}")
        return False

    def _emit(self, line: str) -> None:
        if self.on_event is not None:
            self.on_event(line)

    # -- what the API asks -------------------------------------------------------------------
    @property
    def views(self) -> list[View]:
        """The views of the last good load (empty before one)."""
        self.refresh()
        return list(self._views)

    def get_view(self, view_id: str) -> View | None:
        """The preview view with this id, or None (then the store is asked)."""
        return next((view for view in self.views if view.id == view_id), None)

    def find_views(self, entity: str, project: str) -> list[View]:
        """The preview views of a project."""
        return [view for view in self.views if (view.entity, view.project) == (entity, project)]

    def problem(self, view_id: str) -> str | None:
        """The load error to show on a preview view (None when the file loads)."""
        if self.error is None or self.get_view(view_id) is None:
            return None
        return f"{self.error} (showing the last version that loaded; save a fix to update)"


def watch(overlay: PreviewViews, stop: threading.Event) -> None:
    """Check the file every ``interval`` seconds until ``stop`` (so errors print at once)."""
    while not stop.wait(overlay.interval):
        overlay.refresh()

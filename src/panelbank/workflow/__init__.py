"""Workspaces as code: the machinery behind ``panelbank export|plan|apply|diff|validate``.

One module per concept, each importable on its own:

* :mod:`.files`: load workspace files (Python, YAML, JSON) into :class:`~.files.Declared`
  workspaces; ``load_file`` is also what a live preview reloads on every save;
* :mod:`.tree`, :mod:`.render_python`, :mod:`.document`, :mod:`.export`: user objects as
  constructor calls, rendered as a script or a YAML/JSON document, with ``from_spec``
  fallbacks and a spec patch (:mod:`.patch`) for what no class expresses;
* :mod:`.identity`: the ids the client and server fill in (ignored, and kept on apply);
* :mod:`.match`: which saved view a declaration manages; templates across projects;
* :mod:`.diff`: the semantic diff; :mod:`.plan`: what each declaration would change;
  :mod:`.prune`: the managed views whose files are gone; :mod:`.select`: ``--target``;
  :mod:`.steps`: the one executor of a plan; :mod:`.saved`: saved plans
  (``plan -out``, ``apply FILE``); :mod:`.state`: the ``.panelbank-state.json`` file that
  detects edits made elsewhere; :mod:`.drift`: changed in code vs changed elsewhere;
  :mod:`.show`: the human plan;
* :mod:`.keys`, :mod:`.run_keys`: the run keys ``validate`` checks (store or server);
* :mod:`.reports`, :mod:`.report_diff`: report files and the block-by-block report diff;
* :mod:`.errors`: the exceptions, one line each.
"""

from __future__ import annotations

from .errors import ExportError, FileLoadError, MatchError, StaleViewError, WorkflowError
from .export import export_text
from .files import Declared, load_file, load_files

__all__ = [
    "Declared",
    "ExportError",
    "FileLoadError",
    "MatchError",
    "StaleViewError",
    "WorkflowError",
    "export_text",
    "load_file",
    "load_files",
]

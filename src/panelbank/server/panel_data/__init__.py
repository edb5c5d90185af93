"""The data behind the viewer's data panels, under ``/api/v1/{entity}/{project}/``.

* ``POST tables``: a logged ``wandb.Table`` of one or more runs, a page at a time, sorted
  and filtered on the server (:mod:`.tables`).
* ``POST histograms``: the ``wandb.Histogram`` values a key holds, per step (:mod:`.histograms`).
* ``GET  runs/{name}/code`` (``?file=code/...`` for one file's text): the code a run saved
  (:mod:`.code`).
* ``GET  artifacts/{name}`` (``name:alias``, ``latest`` by default): an artifact version's
  metadata and files, read only (:mod:`.artifacts`).

Every size is bounded (each limit named in its module); bad input is a 4xx in the
envelope of ``api.py`` saying what to change.
"""

from __future__ import annotations

from starlette.routing import Route

from .artifacts import artifact_route
from .code import code_route
from .histograms import histograms_route
from .tables import tables_route

__all__ = ["routes"]

routes = [
    Route("/{entity}/{project}/tables", tables_route, methods=["POST"]),
    Route("/{entity}/{project}/histograms", histograms_route, methods=["POST"]),
    Route("/{entity}/{project}/runs/{name}/code", code_route, methods=["GET"]),
    Route("/{entity}/{project}/artifacts/{name}", artifact_route, methods=["GET"]),
]

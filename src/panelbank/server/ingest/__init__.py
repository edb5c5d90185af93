"""Ingest: runs logged by the official wandb SDK (live, or replayed by ``wandb sync``).

GraphQL (``upsertBucket``, ``createRunFiles``, ``entity``) in :mod:`.graphql`; the
file_stream endpoint and the signed upload and download URLs in :mod:`.routes`; resuming,
run files, deleting runs and entities (``RunResumeStatus``, ``RunFiles``, ``DeleteRun``,
``GetTeamEntity``) in :mod:`.lifecycle`; run files on disk in
:mod:`.files`; upload URL signing in :mod:`.signing`.
"""

from __future__ import annotations

from .graphql import INGEST_BINDABLES, decode_run_gid, run_gid
from .routes import routes
from .signing import signer_for

__all__ = ["INGEST_BINDABLES", "decode_run_gid", "routes", "run_gid", "signer_for"]

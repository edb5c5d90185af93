"""Artifacts over GraphQL and HTTP: the SDK's log/use/download/link protocol.

``ARTIFACT_BINDABLES`` go into the executable schema (``schema.py``), ``routes`` into the
app; the store side is :mod:`panelbank.store.artifacts`, the bytes live in
:mod:`panelbank.blobs`.
"""

from __future__ import annotations

from .collections import COLLECTION_BINDABLES
from .mutations import artifact_mutation
from .queries import ARTIFACT_QUERY_BINDABLES
from .routes import routes

__all__ = ["ARTIFACT_BINDABLES", "routes"]

ARTIFACT_BINDABLES = [*ARTIFACT_QUERY_BINDABLES, artifact_mutation, *COLLECTION_BINDABLES]

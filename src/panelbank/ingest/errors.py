"""Errors the ingest package raises.

::

    IngestError                     every ingest error
    ├── SchemaMissingError          the wandb protobuf schema is not installed
    │   (ImportError)               (pip install 'panelbank[import]')
    └── NotAWandbFileError          a file does not start with the ``.wandb`` header, or
        (ValueError)                has a header version this reader does not know

Damage *inside* a ``.wandb`` file (a truncated tail, a bad checksum, a chunk that runs
past its block) is not an exception: the reader yields every complete record and
describes the damage in its :class:`~panelbank.ingest.wandb_file.ReadReport`.
"""

from __future__ import annotations

__all__ = ["IngestError", "NotAWandbFileError", "SchemaMissingError"]


class IngestError(Exception):
    """Base class of ingest errors; the message says what was wrong and what to do."""


class SchemaMissingError(IngestError, ImportError):
    """Raised when records are decoded but ``wandb.proto.wandb_internal_pb2`` cannot be
    imported (the optional ``import`` extra is not installed)."""


class NotAWandbFileError(IngestError, ValueError):
    """Raised when a file is empty, does not start with ``:W&B`` and the 0xBEE1 magic, or
    carries a log version other than 0."""

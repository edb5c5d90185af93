"""The stored form of a view spec, for tools built on the library.

What the library uses to read and write the spec the W&B app stores, public so that an
application storing or serving specs (panelbank's store and server) does it the same way:

- :func:`dumps` / :func:`loads`: JSON text as views are stored (compact, UTF-8, orjson);
  ``loads`` raises ``json.JSONDecodeError`` (a ``ValueError``) with line and column.
- :func:`copy_json`: a fast deep copy of plain JSON data (dicts, lists, scalars).
- :data:`FE_TO_BE` / :data:`BE_TO_FE`, :func:`to_backend_name` /
  :func:`to_frontend_name`: run fields as users write them (``Step``, ``Name``) and as
  the spec stores them (``_step``, ``displayName``).

>>> loads(dumps({"section": "Loss", "x": "_step"}))
{'section': 'Loss', 'x': '_step'}
>>> to_backend_name("Step"), to_frontend_name("displayName")
('_step', 'Name')
"""

from __future__ import annotations

from ._json import dumps, loads
from ._names import BE_TO_FE, FE_TO_BE, to_backend_name, to_frontend_name
from ._roundtrip import copy_json

__all__ = [
    "BE_TO_FE",
    "FE_TO_BE",
    "copy_json",
    "dumps",
    "loads",
    "to_backend_name",
    "to_frontend_name",
]

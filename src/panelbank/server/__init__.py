"""The panelbank server: GraphQL for the W&B clients, a JSON API, API-key auth.

Build it with :func:`create_app` and serve it with any ASGI server (``panelbank serve``
runs uvicorn)::

    from panelbank.server import create_app
    from panelbank.settings import load_settings

    app = create_app(load_settings(port=8080))
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]

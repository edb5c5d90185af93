"""panelbank, the application: command line now; the store, server and viewer to come."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"

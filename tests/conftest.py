"""Shared pytest configuration. Golden records are in ``tests/vectors.py``, loaded lazily."""

"""The commands of the ``panelbank`` command line, one module per command or group.

Each module defines its click command(s); ``cli.py`` adds them to the ``panelbank``
group. Shared pieces (the error type, store options, serving helpers) are in ``_base``.
"""

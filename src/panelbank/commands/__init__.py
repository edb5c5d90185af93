"""Commands of the ``panelbank`` command line that live in their own modules.

Each module registers its command on :data:`panelbank.cli.cli` when imported; ``cli.py``
imports them at its end.
"""

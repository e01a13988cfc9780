"""fiit: evaluate and improve the integration of victims of human trafficking.

The pure core (instruments, frameworks, analysis, reports, interop, vault, demo)
imports neither Django nor the CLI library; ``fiit.db``, ``fiit.web`` and
``fiit.cli`` are thin shells over it.
"""

__version__ = "0.1.0"

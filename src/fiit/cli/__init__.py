"""The ``fiit`` command: a thin shell over the core and the database.

Each command calls into the core (or ``fiit.db``) and turns its errors into one
line on stderr and a non-zero exit; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys

import click

from fiit.cli.app import cli, run


def main(argv: list[str] | None = None) -> None:
    sys.exit(run(argv))


__all__ = ["cli", "main"]

"""The ``fiit`` command: a thin shell over the core and the database.

Each command calls into the core (or ``fiit.db``); its failures are rendered once,
in ``fiit.cli.app``: one line on stderr and exit 1, the traceback only with ``--debug``.
Commands are registered explicitly in ``fiit.cli.commands``, so ``from fiit.cli import cli``
is the whole command, ready for click's in-process ``CliRunner``.
"""

from __future__ import annotations

import sys

from fiit.cli.app import cli, run
from fiit.cli.commands import register

register(cli)


def main(argv: list[str] | None = None) -> None:
    sys.exit(run(argv))


__all__ = ["cli", "main", "run"]

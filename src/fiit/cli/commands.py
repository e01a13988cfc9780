"""Every command of ``fiit``, registered explicitly: ``from fiit.cli import cli`` has them all.

To add a command: write it in its own module ``fiit/cli/<topic>_cmd.py`` as a plain
``@click.command()`` or ``@click.group()`` (do not import ``cli`` there), then add one
line to ``COMMANDS`` below. A subcommand of an existing group (``keys``, ``user``…) is
added to that group in its module, or with ``group.add_command`` in yours.
"""

from __future__ import annotations

import click

from fiit.cli import (
    admin_cmd, backup_cmd, coding_cmd, editorial_cmd, instruments_cmd, interop_cmd, pull_cmd, report_cmd, reports_cmd,
    study_cmd,
)

COMMANDS: tuple[click.Command, ...] = (
    study_cmd.demo,
    study_cmd.serve,
    study_cmd.migrate,
    study_cmd.summary,
    instruments_cmd.instruments,
    interop_cmd.export_group,
    interop_cmd.import_group,
    pull_cmd.pull_group,
    report_cmd.stats,
    report_cmd.report,
    reports_cmd.reports,
    editorial_cmd.recommendation,
    editorial_cmd.quote,
    coding_cmd.codebook,
    coding_cmd.coding,
    coding_cmd.agreement,
    coding_cmd.findings,
    admin_cmd.keys,
    admin_cmd.audit,
    admin_cmd.user,
    backup_cmd.backup,
    backup_cmd.restore,
    backup_cmd.withdraw,
)


def register(group: click.Group) -> None:
    for command in COMMANDS:
        group.add_command(command)

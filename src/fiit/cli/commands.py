"""Registers every command group on the ``fiit`` command."""

from fiit.cli import instruments_cmd, study_cmd, admin_cmd  # noqa: F401

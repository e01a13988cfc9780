"""Registers every command group on the ``fiit`` command."""

from fiit.cli import admin_cmd, editorial_cmd, instruments_cmd, interop_cmd, report_cmd, study_cmd  # noqa: F401

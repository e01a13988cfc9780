"""The command group, global options and the one place errors are rendered.

Rendering lives in the group's ``invoke`` (not around ``main``), so a command run by
click's in-process ``CliRunner`` fails exactly as it does in a terminal: one line on
stderr, exit 1 for a failure the user can act on, exit 2 for an unexpected one; with
``--debug`` the exception propagates and the traceback shows.
"""

from __future__ import annotations

import sys

import click

from fiit.cli.context import Env
from fiit.problems import FiitError

# How to act on a problem from the command line: the core's messages name no flags.
HINTS = {
    "country_required": "give --country",
    "country_not_allowed": "leave out --country",
    "study_ambiguous": "give --study",
    "no_study": "give --study",
    "study_is_synthetic": "give --study",
    "recommendation_without_evidence": "give --evidence",
    "country_not_in_study": "check --country",
}


def _expected_errors() -> tuple[type[BaseException], ...]:
    """Failures users can act on, shown as one line: fiit's own root, and the database or file system refusing."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import DatabaseError

    return FiitError, ImproperlyConfigured, DatabaseError, OSError


def message_of(exc: BaseException) -> str:
    """One line for an expected failure: the core's sentence, and the flag to act on it, if any."""
    if isinstance(exc, FiitError):
        hint = HINTS.get(exc.problem.code)
        text = exc.message_in("en")
        return f"{text} ({hint})" if hint else _one_line(text)
    return _one_line(str(exc)) or exc.__class__.__name__


class Failure(click.ClickException):
    """A failure rendered as ``fiit: error: …`` on one line."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"fiit: error: {self.format_message()}", err=True, file=file)


def _one_line(text: str) -> str:
    text = text.strip()
    return text.splitlines()[0] if text else ""


class FiitGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            if isinstance(exc, _expected_errors()):
                raise Failure(message_of(exc)) from exc
            raise Failure(f"unexpected {exc.__class__.__name__}: {exc} (run with --debug for details)",
                          exit_code=2) from exc


@click.group(cls=FiitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", metavar="PATH|URL", help="Database: a SQLite file path or a postgresql:// URL (overrides FIIT_DATABASE_URL).")
@click.option("--key-file", "key_file", metavar="PATH", help="Key file (overrides FIIT_KEY_FILE).")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.version_option(package_name="fiit")
@click.pass_context
def cli(ctx: click.Context, db: str | None, key_file: str | None, debug: bool) -> None:
    """fiit: evaluate and improve the integration of victims of trafficking (FIIT method)."""
    ctx.obj = Env(db=db, key_file=key_file, debug=debug)


def run(argv: list[str] | None = None) -> int:
    """Run ``fiit`` with these arguments and return the exit code (the console entry point)."""
    from fiit.vault.filemodes import private_files

    private_files()  # every file a command writes (database, key file, backups, reports) is the owner's only
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = cli.main(args=args, prog_name="fiit", standalone_mode=False)
        if isinstance(code, int):
            return code
    except click.exceptions.Abort:
        click.echo("fiit: aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    return 0

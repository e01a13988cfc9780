"""The command group, global options and the one place errors are rendered."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from fiit.cli.context import CliError, Env

# Failures users can act on: shown as one line, no traceback.
EXPECTED_ERRORS: tuple[type[BaseException], ...] = (CliError,)


def _expected_errors() -> tuple[type[BaseException], ...]:
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import DatabaseError

    from fiit.db.errors import NoKeyFile, UserError
    from fiit.frameworks import FrameworkError
    from fiit.instruments import InstrumentError
    from fiit.vault import DecryptionError, KeyFileError

    return EXPECTED_ERRORS + (
        ImproperlyConfigured, DatabaseError, UserError, FrameworkError, InstrumentError, KeyFileError,
        DecryptionError, NoKeyFile, OSError,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", metavar="PATH|URL", help="Database: a SQLite file path or a postgresql:// URL (overrides FIIT_DATABASE_URL).")
@click.option("--key-file", "key_file", metavar="PATH", help="Key file (overrides FIIT_KEY_FILE).")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.version_option(package_name="fiit")
@click.pass_context
def cli(ctx: click.Context, db: str | None, key_file: str | None, debug: bool) -> None:
    """fiit: evaluate and improve the integration of victims of trafficking (FIIT method)."""
    ctx.obj = Env(db=db, key_file=key_file, debug=debug)


def run(argv: list[str] | None = None) -> int:
    from fiit.cli import commands  # noqa: F401  (registers the commands)

    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
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
    except _expected_errors() as exc:
        if debug:
            raise
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        click.echo(f"fiit: error: {message}", err=True)
        return 1
    except Exception as exc:  # an unexpected failure: still one line unless --debug
        if debug:
            raise
        click.echo(f"fiit: error: unexpected {exc.__class__.__name__}: {exc} (run with --debug for details)", err=True)
        return 2
    return 0

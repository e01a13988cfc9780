"""Run ``fiit`` in the test process with click's ``CliRunner``, on the test database.

``invoke`` returns what ``subprocess.run`` would (``returncode``, ``stdout``, ``stderr``),
so a test reads the same whether a command runs in-process or as a child process.
The environment variables a command may set (the reports folder) and the key file
it loads are restored after each call, so one test's command never leaks into the next.
"""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner

# Set by commands for the rest of their process; CliRunner puts the old values back.
RESTORED = ("FIIT_REPORTS_DIR", "FIIT_MODE")


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def invoke(*args: str, input: str | None = None, env: dict[str, str | None] | None = None) -> Ran:
    import os

    from fiit.cli import cli

    from fiit.db.keys import use_keyfile

    environment = {name: os.environ.get(name) for name in RESTORED}
    environment.update(env or {})
    before = use_keyfile(None)  # the command loads the key file it is given, as a fresh process does
    try:
        result = CliRunner().invoke(cli, list(args), input=input, env=environment, catch_exceptions=False,
                                    prog_name="fiit")
    finally:
        use_keyfile(before)  # and the test's process goes on with its own
    return Ran(result.exit_code, result.stdout, result.stderr)

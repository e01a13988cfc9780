"""`from fiit.cli import cli` is the whole command: every command of every module is registered."""

import importlib
import pkgutil
import subprocess
import sys

import click

import fiit.cli
from fiit.cli import cli


def _defined_commands() -> dict[str, click.Command]:
    """Every click command or group defined in a module of fiit.cli, found by walking the package."""
    found = {}
    for info in pkgutil.iter_modules(fiit.cli.__path__):
        module = importlib.import_module(f"fiit.cli.{info.name}")
        for value in vars(module).values():
            if isinstance(value, click.Command) and value is not cli:
                found[f"{info.name}.{value.name}"] = value
    return found


def _reachable(group: click.Group) -> set[int]:
    seen = set()
    for command in group.commands.values():
        seen.add(id(command))
        if isinstance(command, click.Group):
            seen |= _reachable(command)
    return seen


def test_every_defined_command_is_reachable_from_cli():
    defined = _defined_commands()
    assert len(defined) > 20  # the walk found the commands (14 top-level, more subcommands)
    missing = sorted(name for name, command in defined.items() if id(command) not in _reachable(cli))
    assert missing == []


def test_a_fresh_interpreter_sees_every_command_on_import():
    code = "from fiit.cli import cli; print(' '.join(sorted(cli.commands)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert {"demo", "serve", "migrate", "summary", "instruments", "export", "import", "stats", "report",
            "recommendation", "quote", "keys", "audit", "user"} <= set(out)


def test_help_lists_the_commands_in_process():
    from tests.support.cli import invoke

    result = invoke("--help")
    assert result.returncode == 0
    for name in ("demo", "import", "keys", "user"):
        assert f"  {name} " in result.stdout

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIIT = str(Path(sys.executable).parent / "fiit")


def run_fiit(*args, env_extra=None, input=None, home=None, timeout=600):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIIT_", "DJANGO_"))}
    if home is not None:
        env["XDG_CONFIG_HOME"] = str(home)
    env.update(env_extra or {})
    return subprocess.run([FIIT, *args], capture_output=True, text=True, env=env, input=input, timeout=timeout)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """One demo study built by the real command, shared by the CLI tests."""
    base = tmp_path_factory.mktemp("demo")
    db = base / "x.sqlite3"
    result = run_fiit("--db", str(db), "demo", "--no-serve", "--out", str(base / "out"), home=base / "config")
    assert result.returncode == 0, result.stderr
    return {"db": db, "home": base / "config", "output": result.stdout, "out": base / "out"}


@pytest.fixture
def fiit():
    """``fiit`` run in this process (click's CliRunner); ``run_fiit`` runs the installed command."""
    from tests.support.cli import invoke

    return invoke


def as_json(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)

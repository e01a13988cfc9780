import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIIT = str(Path(sys.executable).parent / "fiit")


def run_fiit(*args, env_extra=None, input=None, home=None, timeout=600):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIIT_", "DJANGO_"))}
    if home is not None:
        env["XDG_CONFIG_HOME"] = str(home)
    env.update(env_extra or {})
    return subprocess.run([FIIT, *args], capture_output=True, text=True, env=env, input=input, timeout=timeout)


STARTUP_DEADLINE = 600  # seconds; a fresh clone compiles every module on first import, on a busy machine


def wait_for_listener(server, out_path, err_path, deadline=STARTUP_DEADLINE) -> str:
    """The server's address, from its own 'fiit is listening on URL' line (printed once the socket is bound).

    Fails at once, with the server's output, if the server exits; never waits on a port picked in advance.
    """
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        found = re.search(r"fiit is listening on (http://\S+?)/?$", out_path.read_text(), re.MULTILINE)
        if found:
            return found.group(1)
        if server.poll() is not None:
            break
        time.sleep(0.1)
    raise AssertionError(f"the server (exit {server.poll()}) never listened:\n--- stdout\n{out_path.read_text()}"
                         f"\n--- stderr\n{err_path.read_text()[-4000:]}")


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

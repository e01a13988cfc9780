"""The core is pure: every module of every package but the shells (db, web, cli) imports neither Django nor click."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import fiit

SHELLS = {"db", "web", "cli"}  # thin shells over the core: the only places Django and click may be imported


def core_modules() -> list[str]:
    """Every module of fiit outside the shells, found by walking the package (new core packages included)."""
    names = []
    for info in pkgutil.iter_modules(fiit.__path__):
        if info.name in SHELLS:
            continue
        names.append(f"fiit.{info.name}")
        if info.ispkg:
            package = __import__(f"fiit.{info.name}", fromlist=["__path__"])
            names += [m.name for m in pkgutil.walk_packages(package.__path__, f"fiit.{info.name}.")]
    return sorted(names)


def test_the_walk_finds_the_core_packages():
    top = {name.split(".")[1] for name in core_modules()}
    assert {"instruments", "frameworks", "analysis", "reports", "interop", "vault", "demo", "problems",
            "vocabulary", "interviews", "coding"} <= top
    assert not top & SHELLS


def test_every_core_module_imports_without_django_or_click():
    modules = core_modules()
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'click'))))\n"
    )
    # A clean interpreter: this test process has Django loaded already.
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []

"""One problem model: one error root, one catalogue in every interface language, rendered once per shell."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import string
from pathlib import Path

import pytest

import fiit
from fiit.problems import FiitError, Problem
from fiit.problems.catalogue import catalogue, render
from fiit.vocabulary import vocabulary

SRC = Path(fiit.__file__).parent
# Failures of fiit's own code (a bug, not something a user can act on): shown as unexpected.
NOT_USER_FIXABLE = {"fiit.demo.generator.DemoGenerationError",
                    "fiit.cli.app.Failure"}  # click's form of a rendered FiitError, not an error of its own
# Modules that configure a process rather than define anything (importing them has effects).
SKIP = ("fiit.web.settings", "fiit.web.test_settings", "fiit.web.wsgi", "fiit.db.migrations")
# Core messages still naming a command-line flag (interop's row and file messages): to move to codes.
FLAGS_LEFT = {"interop/submissions/rows.py", "interop/submissions/columns.py", "interop/submissions/archives.py",
              "vault/keyfile.py"}  # the demo key refusal names "fiit keys init" (tests/security/test_demo_key.py)


def _modules():
    for info in pkgutil.walk_packages(fiit.__path__, "fiit."):
        if not info.name.startswith(SKIP):
            yield importlib.import_module(info.name)


def test_every_error_class_of_fiit_hangs_under_one_root(db):
    found = {}
    for module in _modules():
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Exception) and value.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = value
    assert len(found) >= 15, sorted(found)  # the walk reached the packages
    outside = sorted(n for n, c in found.items() if not issubclass(c, FiitError) and n not in NOT_USER_FIXABLE)
    assert outside == []


def test_the_catalogue_speaks_every_interface_language_with_the_same_fields():
    languages = vocabulary().language_codes
    assert set(languages) >= {"en", "nl", "fr", "it", "hu"}
    for code, texts in catalogue().items():
        assert set(texts) >= set(languages), code
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(text) if f} for lang, text in texts.items()}
        assert all(f == fields["en"] for f in fields.values()), (code, fields)
        assert not re.search(r"--[a-z]", " ".join(texts.values())), code  # no command-line words


def test_every_coded_raise_in_the_source_is_in_the_catalogue():
    codes = set()
    for path in SRC.rglob("*.py"):
        codes |= set(re.findall(r'raise \w+\(\s*code="(\w+)"', path.read_text(encoding="utf-8")))
    assert len(codes) >= 6
    assert sorted(codes - set(catalogue())) == []


def test_no_core_message_names_a_command_line_flag():
    offenders = set()
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith(("cli/", "web/")):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if '"""' in line or line.strip().startswith("#"):
                continue  # docstrings and comments may name the commands they document
            if re.search(r'"[^"]*\s--[a-z][a-z-]+[^"]*"', line):
                offenders.add(rel)
    assert offenders <= FLAGS_LEFT, sorted(offenders - FLAGS_LEFT)


def test_a_problem_is_rendered_in_the_readers_language_when_shown():
    problem = Problem("out_of_range", question_id="a_scale", params={"min": 1, "max": 10, "value": 0})
    assert problem.message == "The answer must be a whole number from 1 to 10; 0 is outside that range."
    assert problem.text("nl") == "Het antwoord moet een geheel getal van 1 tot en met 10 zijn; 0 valt daarbuiten."
    assert problem.text("xx") == problem.message  # a language without a translation yet: English
    assert str(problem) == "[question a_scale] " + problem.message


def test_an_error_carries_its_problem():
    from fiit.db.errors import UserError

    error = UserError(code="no_such_user", username="nobody")
    assert isinstance(error, FiitError)
    assert str(error) == "There is no user 'nobody'."
    assert error.problem.code == "no_such_user" and error.problem.params == {"username": "nobody"}
    assert error.message_in("hu") == render("no_such_user", "hu", username="nobody") == "Nincs „nobody” nevű felhasználó."
    plain = UserError("A sentence of its own.")
    assert plain.message_in("fr") == "A sentence of its own." and plain.problem.code == "refused"


def test_the_cli_shows_a_disclosure_error_as_one_line_not_as_unexpected(monkeypatch):
    import fiit.instruments
    from fiit.analysis.disclosure import DisclosureError
    from tests.support.cli import invoke

    def refuse():
        raise DisclosureError("Table t would reveal a withheld cell.")

    monkeypatch.setattr(fiit.instruments, "builtin_instruments", refuse)
    result = invoke("instruments", "list")
    assert (result.returncode, result.stderr) == (1, "fiit: error: Table t would reveal a withheld cell.\n")


def test_the_cli_adds_the_flag_to_act_on(db, tmp_path):
    from tests.support.cli import invoke

    key_file = tmp_path / "k.json"
    assert invoke("--key-file", str(key_file), "keys", "init").returncode == 0
    result = invoke("--key-file", str(key_file), "user", "role", "nobody", "--role", "viewer")
    assert (result.returncode, result.stderr) == (1, "fiit: error: There is no user 'nobody'.\n")
    result = invoke("--key-file", str(key_file), "user", "add", "--username", "x", "--role", "interviewer",
                    "--password-stdin", input="correct-horse-battery-staple\n")
    assert result.stderr == "fiit: error: The role \"interviewer\" works for one country: name the country. (give --country)\n"


@pytest.mark.parametrize("lang", ["en", "nl", "fr", "it", "hu"])
def test_every_catalogue_message_formats_with_its_fields(lang):
    for code, texts in catalogue().items():
        fields = {f for _, f, _, _ in string.Formatter().parse(texts["en"]) if f}
        assert render(code, lang, **{f: "X" for f in fields})

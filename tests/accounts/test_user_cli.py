"""`fiit user add | list | disable | role | reset-2fa`, run as a user runs them (a subprocess)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

FIIT = str(Path(sys.executable).parent / "fiit")
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def fiit(tmp_path):
    db = tmp_path / "data" / "fiit.sqlite3"
    db.parent.mkdir()
    key_file = tmp_path / "keys" / "fiit-keys.json"

    def run(*args, input=None):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FIIT_", "DJANGO_"))}
        env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
        return subprocess.run([FIIT, "--db", str(db), "--key-file", str(key_file), *args], capture_output=True,
                              text=True, env=env, input=input, timeout=300)

    assert run("keys", "init").returncode == 0
    run.db = db
    return run


def audit_rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return [(a, actor, rtype, json.loads(d)) for a, actor, rtype, d in
                con.execute("select action, actor, record_type, details from fiit_auditevent order by seq")]


def table(output: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split()[1:] for line in output.splitlines() if line.strip()}


def test_add_list_disable(fiit):
    added = fiit("user", "add", "--username", "anna", "--role", "interviewer", "--country", "be",
                 "--password-stdin", input=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "created interviewer 'anna' for BE"
    assert fiit("user", "add", "--username", "carl", "--role", "coordinator", "--password-stdin",
                input=PASSWORD + "\n").returncode == 0
    assert table(fiit("user", "list").stdout) == {
        "anna": ["interviewer", "BE", "active", "-"],
        "carl": ["coordinator", "-", "active", "-"],
    }
    disabled = fiit("user", "disable", "anna")
    assert disabled.returncode == 0 and disabled.stdout.strip() == "disabled 'anna'"
    assert table(fiit("user", "list").stdout)["anna"] == ["interviewer", "BE", "disabled", "-"]
    rows = audit_rows(fiit.db)
    assert [r[0] for r in rows] == ["user_created", "user_created", "user_changed"]
    assert rows[0][1:] == ("cli", "user", {"role": "interviewer", "country": "BE"})
    assert rows[2][3] == {"active": False}
    assert PASSWORD not in repr(rows)


def test_add_refuses_bad_input_with_one_line(fiit):
    cases = [
        (["--username", "x", "--role", "interviewer", "--password-stdin"], PASSWORD, "give --country"),
        (["--username", "x", "--role", "analyst", "--country", "BE", "--password-stdin"], PASSWORD, "leave out --country"),
        (["--username", "x", "--role", "interviewer", "--country", "ZZ", "--password-stdin"], PASSWORD, "no country 'ZZ'"),
        (["--username", "x", "--role", "viewer", "--password-stdin"], "short", "not accepted"),
        (["--username", "x", "--role", "viewer"], PASSWORD, "standard input"),
    ]
    for args, password, message in cases:
        result = fiit("user", "add", *args, input=password + "\n")
        assert result.returncode != 0, args
        assert message in result.stderr and "Traceback" not in result.stderr, (args, result.stderr)
    assert fiit("user", "list").stdout.strip() == ""


def test_role_change_is_audited(fiit):
    fiit("user", "add", "--username", "anna", "--role", "interviewer", "--country", "BE", "--password-stdin",
         input=PASSWORD + "\n")
    changed = fiit("user", "role", "anna", "--role", "country_lead", "--country", "IT")
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.strip() == "'anna' is now country_lead for IT"
    assert table(fiit("user", "list").stdout)["anna"] == ["country_lead", "IT", "active", "-"]
    assert fiit("user", "role", "anna", "--role", "analyst").returncode == 0
    assert table(fiit("user", "list").stdout)["anna"] == ["analyst", "-", "active", "-"]
    rows = [r for r in audit_rows(fiit.db) if r[0] == "role_changed"]
    assert [r[3] for r in rows] == [
        {"from": {"role": "interviewer", "country": "BE"}, "to": {"role": "country_lead", "country": "IT"}},
        {"from": {"role": "country_lead", "country": "IT"}, "to": {"role": "analyst", "country": None}},
    ]
    refused = fiit("user", "role", "anna", "--role", "interviewer")
    assert refused.returncode != 0 and "give --country" in refused.stderr
    missing = fiit("user", "role", "nobody", "--role", "viewer")
    assert missing.returncode != 0 and "no user 'nobody'" in missing.stderr
    verify = fiit("audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_reset_second_factor(fiit):
    fiit("user", "add", "--username", "carl", "--role", "coordinator", "--password-stdin", input=PASSWORD + "\n")
    with sqlite3.connect(fiit.db) as con:
        user_id = con.execute("select id from auth_user where username='carl'").fetchone()[0]
        con.execute("insert into otp_totp_totpdevice (user_id, name, confirmed, key, step, t0, digits, tolerance, drift,"
                    " last_t, throttling_failure_timestamp, throttling_failure_count, created_at, last_used_at)"
                    " values (?, 'phone', 1, '3132', 30, 0, 6, 1, 0, -1, null, 0, null, null)", (user_id,))
    assert table(fiit("user", "list").stdout)["carl"] == ["coordinator", "-", "active", "totp"]
    reset = fiit("user", "reset-2fa", "carl")
    assert reset.returncode == 0 and "removed 1 two-factor device(s)" in reset.stdout
    assert table(fiit("user", "list").stdout)["carl"][-1] == "-"
    assert audit_rows(fiit.db)[-1] == ("user_changed", "cli", "user", {"second_factor": "reset", "devices_removed": 1})

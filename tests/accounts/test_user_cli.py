"""`fiit user add | list | disable | role | reset-2fa`, run in-process with click's CliRunner on the test database."""

from __future__ import annotations

import pytest

from tests.support.cli import invoke

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def fiit(db, tmp_path):
    key_file = tmp_path / "keys" / "fiit-keys.json"

    def run(*args, input=None):
        return invoke("--key-file", str(key_file), *args, input=input,
                      env={"XDG_CONFIG_HOME": str(tmp_path / "config")})

    assert run("keys", "init").returncode == 0
    return run


def audit_rows() -> list[tuple]:
    from fiit.db.models import AuditEvent

    return list(AuditEvent.objects.order_by("seq").values_list("action", "actor", "record_type", "details"))


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
    rows = audit_rows()
    assert [r[0] for r in rows] == ["user_created", "user_created", "user_changed"]
    assert rows[0][1:] == ("cli", "user", {"role": "interviewer", "country": "BE"})
    assert rows[2][3] == {"active": False}
    assert PASSWORD not in repr(rows)


def test_add_refuses_bad_input_with_one_line(fiit):
    cases = [
        (["--username", "x", "--role", "interviewer", "--password-stdin"], PASSWORD, "give --country"),
        (["--username", "x", "--role", "viewer", "--country", "BE", "--password-stdin"], PASSWORD, "leave out --country"),
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
    rows = [r for r in audit_rows() if r[0] == "role_changed"]
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
    from django.contrib.auth import get_user_model
    from tests.support.otp import make_device

    make_device(get_user_model().objects.get(username="carl"))
    assert table(fiit("user", "list").stdout)["carl"] == ["coordinator", "-", "active", "totp"]
    reset = fiit("user", "reset-2fa", "carl")
    assert reset.returncode == 0 and "removed 1 two-factor device(s)" in reset.stdout
    assert table(fiit("user", "list").stdout)["carl"][-1] == "-"
    assert audit_rows()[-1] == ("user_changed", "cli", "user", {"second_factor": "reset", "devices_removed": 1})


def test_a_password_equal_to_the_username_is_refused(fiit):
    """Issue 14, L7: before, `user add --username analyst-anna-01` with that same password was accepted."""
    name = "analyst-anna-01"
    result = fiit("user", "add", "--username", name, "--role", "viewer", "--password-stdin", input=name + "\n")
    assert result.returncode == 1 and "too similar to the username" in result.stderr

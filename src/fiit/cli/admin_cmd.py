"""fiit keys ... | user ..."""

from __future__ import annotations

import sys

import click

from fiit.cli.context import CliError, Env


@click.group()
def keys() -> None:
    """Key file for encrypting open answers and identifying fields."""


@keys.command("init")
@click.option("--path", "path", type=click.Path(dir_okay=False), help="Where to create the key file (default: --key-file / FIIT_KEY_FILE).")
@click.pass_obj
def keys_init(env: Env, path: str | None) -> None:
    """Create a new key file (never overwrites one)."""
    from pathlib import Path

    from fiit.vault import create_key_file

    target = Path(path) if path else env.key_path()
    if target is None:
        raise CliError("Say where the key file goes: --path, --key-file or FIIT_KEY_FILE.")
    data_dir = env.data_dir().resolve()
    if data_dir in target.resolve().parents:
        raise CliError(f"Keep the key file outside the data folder {data_dir}, so a copy of the data never carries its key.")
    keyfile = create_key_file(target)
    click.echo(f"created key file {keyfile.path} (key {keyfile.current_id}); keep a safe copy: without it no answer can be read")


@keys.command("rotate")
@click.pass_obj
def keys_rotate(env: Env) -> None:
    """Re-wrap every data key under a new key-encryption key (answers are not touched)."""
    env.django()
    from fiit.db.audit import record
    from fiit.db.rotation import rotate_keys

    keyfile, count = rotate_keys(env.keyfile())
    record("keys_rotated", actor="cli", details={"data_keys": count, "key_id": keyfile.current_id}, keyfile=keyfile)
    click.echo(f"re-wrapped {count} data key(s) under key {keyfile.current_id}; older keys retired")


@click.group()
def audit() -> None:
    """The hash-chained audit trail."""


@audit.command("verify")
@click.pass_obj
def audit_verify(env: Env) -> None:
    """Check the audit chain; exit 1 naming the first changed, removed, inserted or moved entry."""
    env.django()
    from fiit.db.audit import verify

    check = verify(env.keyfile())
    click.echo(check.message())
    if not check.ok:
        raise click.exceptions.Exit(1)


@click.group()
def user() -> None:
    """Accounts and roles."""


@user.command("add")
@click.option("--username", required=True)
@click.option("--role", required=True, type=click.Choice(["coordinator", "country_lead", "interviewer", "analyst", "viewer"]))
@click.option("--country", default=None, help="ISO country code, for country leads and interviewers.")
@click.option("--language", default="en", type=click.Choice(["en", "nl", "fr", "it", "hu"]), show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_obj
def user_add(env: Env, username: str, role: str, country: str | None, language: str, password_stdin: bool) -> None:
    """Create a user with a role (and a country for national teams)."""
    if not password_stdin:
        raise CliError("Give the password on standard input with --password-stdin (never on the command line).")
    password = sys.stdin.readline().rstrip("\n")
    env.django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from fiit.db.users import create_user

    try:
        validate_password(password)
    except ValidationError as exc:
        raise CliError("The password is not accepted: " + " ".join(exc.messages)) from None
    env.keyfile()  # the audit trail needs it
    create_user(username, role, password, country=country, language=language, actor="cli")
    where = f" for {country.upper()}" if country else ""
    click.echo(f"created {role} '{username}'{where}")


@user.command("list")
@click.pass_obj
def user_list(env: Env) -> None:
    """List users with their role, country, state and second factor."""
    env.django()
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    enrolled = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    for u in get_user_model().objects.select_related("fiit_profile").order_by("username"):
        profile = getattr(u, "fiit_profile", None)
        role = profile.role if profile else "-"
        country = profile.country_id if profile and profile.country_id else "-"
        state = "active" if u.is_active else "disabled"
        second = "totp" if u.pk in enrolled else "-"
        click.echo(f"{u.username:<20}{role:<14}{country:<4}{state:<10}{second}")


@user.command("disable")
@click.argument("username")
@click.pass_obj
def user_disable(env: Env, username: str) -> None:
    """Disable a user (keeps their records, blocks their login)."""
    env.django()
    env.keyfile()  # the audit trail needs it
    from fiit.db.users import disable_user

    disable_user(username, actor="cli")
    click.echo(f"disabled '{username}'")


@user.command("role")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["coordinator", "country_lead", "interviewer", "analyst", "viewer"]))
@click.option("--country", default=None, help="ISO country code, for country leads and interviewers.")
@click.pass_obj
def user_role(env: Env, username: str, role: str, country: str | None) -> None:
    """Change a user's role (and country); recorded in the audit trail."""
    env.django()
    env.keyfile()
    from fiit.db.users import change_role

    change_role(username, role, country=country, actor="cli")
    where = f" for {country.upper()}" if country else ""
    click.echo(f"'{username}' is now {role}{where}")


@user.command("reset-2fa")
@click.argument("username")
@click.pass_obj
def user_reset_2fa(env: Env, username: str) -> None:
    """Remove a user's two-factor device (lost phone); they enrol again at their next login."""
    env.django()
    env.keyfile()
    from fiit.db.users import reset_second_factor

    removed = reset_second_factor(username, actor="cli")
    click.echo(f"removed {removed} two-factor device(s) of '{username}'; they set up a new one at their next login")

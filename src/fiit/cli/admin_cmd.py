"""fiit keys ... | user ..."""

from __future__ import annotations

import sys

import click

from fiit.cli.context import CliError, Env
from fiit.vocabulary import vocabulary


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
    """Re-wrap this database's data keys under a new key (answers are not touched; old keys are kept)."""
    env.django()
    from fiit.db.audit import record
    from fiit.db.rotation import rotate_keys

    old_ids = sorted(env.keyfile().keys)
    keyfile, count = rotate_keys(env.keyfile())
    record("keys_rotated", actor="cli", details={"data_keys": count, "key_id": keyfile.current_id}, keyfile=keyfile)
    click.echo(f"re-wrapped {count} data key(s) under key {keyfile.current_id}")
    click.echo(f"older key(s) {', '.join(old_ids)} stay in the key file for reading: other databases on this key "
               "file and backups made before now still need them ('fiit keys retire KEY' drops one)")


@keys.command("retire")
@click.argument("key_id")
@click.option("--forget", "forget", multiple=True, metavar="DATABASE",
              help="First take a database that no longer exists out of the key file's register (as listed).")
@click.pass_obj
def keys_retire(env: Env, key_id: str, forget: tuple[str, ...]) -> None:
    """Drop an old key, once no database registered with the key file uses it."""
    env.django()
    from fiit.db.audit import record
    from fiit.db.key_usage import forget_database, retire

    keyfile = env.keyfile()
    for name in forget:
        if not forget_database(keyfile, name):
            raise CliError(f"'{name}' is not in the register of {keyfile.path}.")
        click.echo(f"forgot {name}")
    keyfile, check = retire(keyfile, key_id)
    if not check.ok:
        lines = [f"key {key_id} is kept:"]
        lines += [f"  {name} still uses it (run 'fiit keys rotate' on it)" for name in check.users]
        lines += [f"  {why}: cannot tell whether it uses it (--forget it if it is gone for good)"
                  for why in check.unreachable]
        click.echo("\n".join(lines), err=True)
        raise click.exceptions.Exit(1)
    record("keys_retired", actor="cli", details={"key_id": key_id}, keyfile=keyfile)
    click.echo(f"retired key {key_id}: no registered database uses it")
    click.echo(f"backups made before the rotation away from {key_id} need that key: keep a copy of the old key "
               "file with them, or they can no longer be read")


@keys.command("verify")
@click.pass_obj
def keys_verify(env: Env) -> None:
    """Open every sealed field of the database; exit 1 listing those that do not open."""
    env.django()
    from fiit.db.sealed_check import check_sealed
    from fiit.db.share_sweep import sweep_orphan_shares

    keyfile = env.keyfile()
    orphans = sweep_orphan_shares(keyfile)
    check = check_sealed(keyfile)
    click.echo(check.message())
    if orphans:
        click.echo(f"{len(orphans)} orphan key share(s) removed: left by a write that was killed before its "
                   "interviews were stored")
    if not check.ok:
        raise click.exceptions.Exit(1)


@click.group()
def audit() -> None:
    """The hash-chained audit trail."""


@audit.command("verify")
@click.pass_obj
def audit_verify(env: Env) -> None:
    """Check the audit chain and every interview's seal; exit 1 naming what was changed outside fiit."""
    env.django()
    from fiit.db.audit import verify
    from fiit.db.interview_seal import check as check_seals

    keyfile = env.keyfile()
    check = verify(keyfile)
    click.echo(check.message())
    seals = check_seals(keyfile)
    click.echo(seals.message())
    if not check.ok or not seals.ok:
        raise click.exceptions.Exit(1)


@audit.command("seal-fields")
@click.pass_obj
def audit_seal_fields(env: Env) -> None:
    """Seal the clear fields of interviews stored before fiit sealed them (once, after upgrading; audited)."""
    env.django()
    from fiit.db.interview_seal import seal_unsealed

    sealed = seal_unsealed(env.keyfile())
    click.echo(f"sealed the clear fields of {len(sealed)} interview(s)")


@click.group()
def user() -> None:
    """Accounts and roles."""


@user.command("add")
@click.option("--username", required=True)
@click.option("--role", required=True, type=click.Choice(["coordinator", "country_lead", "interviewer", "analyst", "viewer"]))
@click.option("--country", "countries", multiple=True, help="ISO country code: one for country leads and "
              "interviewers; for an analyst, repeat it to limit them to those countries (none: every country).")
@click.option("--language", default="en", type=click.Choice(vocabulary().language_codes), show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_obj
def user_add(env: Env, username: str, role: str, countries: tuple[str, ...], language: str, password_stdin: bool) -> None:
    """Create a user with a role (and a country for national teams)."""
    if not password_stdin:
        raise CliError("Give the password on standard input with --password-stdin (never on the command line).")
    password = sys.stdin.readline().rstrip("\n")
    env.django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from fiit.db.users import create_user

    from django.contrib.auth import get_user_model

    try:
        validate_password(password, user=get_user_model()(username=username))  # not like the username (L7)
    except ValidationError as exc:
        raise CliError("The password is not accepted: " + " ".join(exc.messages)) from None
    env.keyfile()  # the audit trail needs it
    create_user(username, role, password, countries=countries, language=language, actor="cli")
    where = f" for {', '.join(c.upper() for c in countries)}" if countries else ""
    click.echo(f"created {role} '{username}'{where}")


@user.command("list")
@click.pass_obj
def user_list(env: Env) -> None:
    """List users with their role, country, state and second factor."""
    env.django()
    from django.contrib.auth import get_user_model
    from fiit.db.sign_in_models import SealedTOTPDevice

    from django_otp_webauthn.models import WebAuthnCredential

    enrolled = set(SealedTOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    passkeys = set(WebAuthnCredential.objects.filter(confirmed=True).values_list("user_id", flat=True))
    for u in get_user_model().objects.select_related("fiit_profile").order_by("username"):
        profile = getattr(u, "fiit_profile", None)
        role = profile.role if profile else "-"
        country = ",".join(profile.country_codes) if profile and profile.country_codes else "-"
        state = "active" if u.is_active else "disabled"
        second = ",".join(m for m, on in (("totp", u.pk in enrolled), ("passkey", u.pk in passkeys)) if on) or "-"
        click.echo(f"{u.username:<20}{role:<14}{country:<4} {state:<10}{second}")


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
@click.option("--country", "countries", multiple=True, help="ISO country code: one for country leads and "
              "interviewers; for an analyst, repeat it to limit them to those countries (none: every country).")
@click.pass_obj
def user_role(env: Env, username: str, role: str, countries: tuple[str, ...]) -> None:
    """Change a user's role (and country); recorded in the audit trail."""
    env.django()
    env.keyfile()
    from fiit.db.users import change_role

    change_role(username, role, countries=countries, actor="cli")
    where = f" for {', '.join(c.upper() for c in countries)}" if countries else ""
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

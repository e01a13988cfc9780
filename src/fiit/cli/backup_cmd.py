"""fiit backup | restore | withdraw"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import click

from fiit.cli.context import CliError, Env, demo_key_path


@click.command()
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="The backup file to write (never overwritten).")
@click.pass_obj
def backup(env: Env, output: str) -> None:
    """An encrypted, consistent copy of the database, its key shares and its audit anchor (app may keep running)."""
    env.django()
    keyfile = env.keyfile()
    from fiit.db.backup import make_backup

    manifest = make_backup(keyfile, Path(output))
    click.echo(f"wrote {output}: {manifest['interviews']} interview(s), audit entry {manifest['audit_seq']}, "
               f"encrypted under key {keyfile.current_id} of {keyfile.path}")
    click.echo("keep the key file apart from the backup; restoring needs both, and the withdrawal register beside "
               "the key file")


@click.command()
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--to", "target", required=True, type=click.Path(file_okay=False),
              help="An empty folder for the restored database.")
@click.pass_obj
def restore(env: Env, backup_file: str, target: str) -> None:
    """Restore a backup into a new folder; withdrawals made since are replayed before the copy is used."""
    from fiit.db.errors import NoKeyFile
    from fiit.vault import load_key_file

    key_path = env.key_path() or (demo_key_path() if demo_key_path().exists() else None)
    if key_path is None:
        raise NoKeyFile("No key file: pass --key-file or set FIIT_KEY_FILE (the one the backup was made with).")
    keyfile = load_key_file(key_path)
    from fiit.db.keys import use_keyfile

    use_keyfile(keyfile)  # the audit trail uses it, handed over explicitly
    target_dir = Path(target).resolve()
    staging = staging_for(target_dir)  # all or nothing: built there, renamed into place at the end
    try:
        env.db = str(staging / "fiit.sqlite3")
        env.django(migrate=False)  # on the restored copy; nothing is opened before the file is written
        result, returned, manifest = _restore_in(staging, keyfile, Path(backup_file))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _move(staging, target_dir, keyfile)
    click.echo(f"restored {target_dir / 'fiit.sqlite3'}: {result.interviews} interview(s) from the backup of "
               f"{manifest.get('made_at', '?')}")
    click.echo(f"withdrawals replayed: {result.replayed}; key shares put back: {returned['shares']}; "
               f"form keys put back: {returned['form_keys']}; the copy's audit chain is {result.chain}")


def staging_for(target_dir: Path) -> Path:
    """A private folder beside ``target_dir`` (same file system, so the final move is one rename)."""
    if target_dir.exists() and (not target_dir.is_dir() or any(target_dir.iterdir())):
        raise CliError(f"{target_dir} is not an empty folder; restore into a new or empty folder.")
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target_dir.name}.restoring-", dir=target_dir.parent))


def move_into_place(staging: Path, target_dir: Path) -> None:
    """The restored folder appears whole, in one rename, or not at all."""
    if target_dir.exists():
        target_dir.rmdir()  # only an empty folder (checked before the restore began)
    os.rename(staging, target_dir)


def _restore_in(staging: Path, keyfile, backup_file: Path):
    from django.core.management import call_command
    from django.db import connection

    from fiit.db.backup import check_sidecars, finish_restore, return_sidecars, unpack_restore

    database, manifest, members = unpack_restore(keyfile, backup_file, staging)
    check_sidecars(members)
    call_command("migrate", verbosity=0, interactive=False)  # a backup of an older fiit
    result = finish_restore(keyfile, database, manifest)
    connection.close()  # the copy is complete; it moves next
    returned = return_sidecars(keyfile, members)  # last: only for a copy that is ready
    return result, returned, manifest


def _move(staging: Path, target_dir: Path, keyfile) -> None:
    """Rename the finished copy into place; the anchor's and the register's names for it follow."""
    from django.db import connection

    from fiit.db.audit import _database
    from fiit.db.key_usage import database_name
    from fiit.vault.anchor import anchor_store_for
    from fiit.vault.register import register_for

    old_name, old_anchor_name = database_name(), _database()
    connection.close()
    move_into_place(staging, target_dir)
    connection.settings_dict["NAME"] = str(target_dir / "fiit.sqlite3")
    anchor_store_for(keyfile.path).rename_database(old_anchor_name, _database())
    register_for(keyfile.path).register(database_name())
    register_for(keyfile.path).forget(old_name)


@click.command()
@click.argument("interview_uid")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def withdraw(env: Env, interview_uid: str, yes: bool) -> None:
    """A respondent withdrew: delete the interview and destroy its key (no copy, backups included, can read it)."""
    env.django()
    keyfile = env.keyfile()
    from django.core.exceptions import ValidationError

    from fiit.db.answers import destroy_interview
    from fiit.db.audit import record
    from fiit.db.models import Interview

    try:
        interview = Interview.objects.select_related("instrument").filter(uid=interview_uid).first()
    except ValidationError:
        interview = None
    if interview is None:
        raise CliError(f"There is no interview {interview_uid} in this database.")
    if not yes:
        click.confirm(f"Delete interview {interview_uid} ({interview.respondent_code}) for good?", abort=True)
    pk, instrument_key = interview.pk, interview.instrument.key
    destroy_interview(interview, keyfile)
    record("delete_interview", actor="cli", record_type="interview", record_id=pk,
           details={"instrument": instrument_key, "reason": "withdrawn"}, keyfile=keyfile)
    click.echo(f"withdrew interview {interview_uid}: deleted, and its key share destroyed")

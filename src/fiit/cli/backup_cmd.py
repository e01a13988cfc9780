"""fiit backup | restore | withdraw"""

from __future__ import annotations

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
    env.db = str(Path(target).resolve() / "fiit.sqlite3")
    env.django(migrate=False)  # on the restored copy; nothing is opened before the file is written
    from django.core.management import call_command

    from fiit.db.backup import finish_restore, unpack_restore
    from fiit.db.key_usage import register_database

    database, manifest = unpack_restore(keyfile, Path(backup_file), Path(target))
    call_command("migrate", verbosity=0, interactive=False)  # a backup of an older fiit
    register_database(keyfile)
    result = finish_restore(keyfile, database, manifest)
    click.echo(f"restored {result.database}: {result.interviews} interview(s) from the backup of {manifest['made_at']}")
    click.echo(f"withdrawals replayed: {result.replayed}; key shares put back: {result.shares_returned}; "
               f"the copy's audit chain is {result.chain}")


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

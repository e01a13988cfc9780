"""fiit export xlsform | datapackage; fiit import kobo | odk"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from fiit.cli.context import CliError, Env

COUNTRY_HELP = "ISO country code of the interviews when the file has no fiit_country column (BE, FR, HU, IT, GB)."


FORM_VERSION_HELP = ("An earlier released version of the instrument (see 'fiit instruments show'), for a form "
                     "still in use in the field; default: the current version.")


def _instrument(instrument_id: str, version: str | None = None):
    from fiit.instruments import BUILTIN_IDS, get_instrument, get_instrument_version

    if instrument_id not in BUILTIN_IDS:
        raise CliError(f"There is no instrument '{instrument_id}'; the instruments are {', '.join(BUILTIN_IDS)}.")
    if version:
        return get_instrument_version(instrument_id, version)  # unknown version: an InstrumentError
    return get_instrument(instrument_id)  # an InstrumentError is rendered by the group, like every FiitError


@click.group("export")
def export_group() -> None:
    """Forms for KoboToolbox / ODK, and open data."""


@export_group.command("xlsform")
@click.option("--instrument", "instrument_id", required=True, help="policymaker, service_provider or victim.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The .xlsx file to write.")
@click.option("--public-key", type=click.Path(exists=True, dir_okay=False),
              help="RSA public key (PEM) for form-level encryption of submissions.")
@click.option("--encrypt", is_flag=True,
              help="Encrypt submissions for the form's own key pair, kept beside the key file (made the first "
                   "time); fiit then decrypts them on import.")
@click.option("--flavour", type=click.Choice(["odk", "kobo"]), default="odk", show_default=True,
              help="kobo: a ranking as one select-one per position, which KoboToolbox's form builder supports.")
@click.option("--validate", is_flag=True, help="Also check the form with ODK Validate (needs Java).")
@click.option("--form-version", "form_version", help=FORM_VERSION_HELP)
@click.pass_obj
def export_xlsform(env: Env, instrument_id: str, output: str, public_key: str | None, encrypt: bool,
                   flavour: str, validate: bool, form_version: str | None = None) -> None:
    """Write an instrument as an XLSForm for KoboToolbox or ODK Collect."""
    from fiit.interop.forms.xlsform import check_xlsform, xlsform_bytes, xlsform_sheets

    instrument = _instrument(instrument_id, form_version)
    if encrypt and public_key:
        raise CliError("Give --encrypt (fiit's own key pair for the form) or --public-key, not both.")
    pem = Path(public_key).read_bytes() if public_key else None
    if encrypt:
        from fiit.interop.submissions.importing import form_id
        from fiit.vault.formkeys import form_keys

        keyfile = env.keyfile()
        pem = form_keys(keyfile).create(keyfile, form_id(instrument))
    sheets = xlsform_sheets(instrument, public_key_pem=pem, flavour=flavour)
    data = xlsform_bytes(sheets)
    warnings = check_xlsform(data, validate=validate)
    target = Path(output)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(data)
    os.replace(partial, target)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    questions = sum(1 for row in sheets["survey"] if row["type"] not in ("begin_group", "end_group", "note"))
    groups = sum(1 for row in sheets["survey"] if row["type"] == "begin_group")
    encrypted = ", encrypted" if pem else ""
    click.echo(f"wrote {target}: XLSForm {instrument.key} (form_id {sheets['settings'][0]['form_id']}), "
               f"{questions} fields in {groups} groups, languages {', '.join(instrument.languages)}{encrypted}")


@export_group.command("datapackage")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), help="A new or empty folder.")
@click.option("--study", "study_name", help="Study to export (default: the only one).")
@click.option("--k", "k", type=click.IntRange(min=5), default=5, show_default=True,
              help="Least number of respondents sharing any combination of quasi-identifiers.")
@click.pass_obj
def export_datapackage(env: Env, output: str, study_name: str | None, k: int) -> None:
    """Write de-identified, disclosure-controlled answers as a Frictionless Data Package."""
    env.django()
    keyfile = env.keyfile()  # the export is audited
    from fiit.db.tables import countries, interview_records
    from fiit.instruments import builtin_instruments
    from fiit.interop.opendata.datapackage import build_table, write_datapackage

    from fiit.db.studies import select_study

    study = select_study(study_name, refuse_ambiguous=True)  # the one rule; data leaves: never a guess
    codes = countries()
    tables = []
    for instrument in builtin_instruments().values():
        table = build_table(instrument, interview_records(study, instrument), codes, k=k)
        if table.rows or table.rows_dropped:
            tables.append(table)
    if not tables:
        raise CliError(f"Study '{study.name}' has no final interviews to export.")
    path = write_datapackage(output, tables, study_name=study.name, synthetic=study.synthetic, k=k)
    from fiit.db.audit import record

    record("export", actor="cli", record_type="study", record_id=study.pk,
           details={"format": "datapackage", "k": k, "rows": {t.name: len(t.rows) for t in tables}},
           keyfile=keyfile)
    click.echo(f"wrote {path}")
    for table in tables:
        click.echo(f"  {table.name}.csv: {len(table.rows)} row(s), {table.cells_suppressed} value(s) withheld, "
                   f"{table.rows_dropped} row(s) left out (k={k})")
    if study.synthetic:
        click.echo("ALL DATA IN THIS PACKAGE IS SYNTHETIC.")


@click.group("import")
def import_group() -> None:
    """Submissions exported from KoboToolbox or ODK Central."""


def _import_options(command):
    for option in reversed([
        click.option("--instrument", "instrument_id", required=True, help="policymaker, service_provider or victim."),
        click.argument("file", type=click.Path()),
        click.option("--country", help=COUNTRY_HELP),
        click.option("--language", help="Interview language when the file has no fiit_language column."),
        click.option("--study", "study_name", help="Study to import into (default: the only one, or a new 'FIIT study')."),
        click.option("--dry-run", is_flag=True, help="Check every row and report, without storing anything."),
        click.option("--skip-flagged", is_flag=True,
                     help="Hold back submissions marked 'On Hold' (KoboToolbox) or 'hasIssues' (ODK Central) in "
                          "review, instead of importing them with a warning."),
        click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON."),
        click.option("--form-version", "form_version", help="The released version of the instrument every row was answered with "
                     "(see 'fiit instruments show'). Without it each row is read with the version it names "
                     "(the form's fiit_form_version, or ODK's FormVersion), else the one the file's columns "
                     "fit; questions a version did not have count as not asked."),
    ]):
        command = option(command)
    return command


def _run_import(env: Env, source: str, instrument_id: str, file: str, country: str | None, language: str | None,
                study_name: str | None, dry_run: bool, as_json: bool, skip_flagged: bool = False,
                form_version: str | None = None) -> None:
    instrument = _instrument(instrument_id, form_version)
    env.django()
    keyfile = env.keyfile()
    keyfile.check_may_seal(synthetic=False)  # before a study is created: an import brings real data
    from fiit.db.imports import choose_study, run_import
    from fiit.interop.submissions.versions import released_forms

    study, created = choose_study(study_name, create=True, save=not dry_run)
    with _progress(enabled=not as_json) as progress:
        report = run_import(file, instrument, source, keyfile=keyfile, study=study,
                            country=country.upper() if country else None,
                            language=language.lower() if language else None,
                            dry_run=dry_run, progress=progress, hold_flagged=skip_flagged,
                            forms=None if form_version else released_forms(instrument))
    if as_json:
        data = report.to_dict()
        data["study"] = study.name
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if created and not dry_run:
        click.echo(f"created study '{study.name}'")
    click.echo(report.summary())
    where = "would go into" if dry_run else "in"
    click.echo(f"{where} study '{study.name}' ({source}, instrument {instrument.key})")


class _progress:
    """A progress bar on a terminal (standard error), nothing otherwise."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.bar = None
        self.done = 0

    def __enter__(self):
        return self.update if self.enabled else None

    def update(self, rows: int, total: int | None) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=max(total or rows, rows, 1), label="importing", file=sys.stderr)
            self.bar.__enter__()
        step = rows - self.done
        if self.bar.length is not None and self.bar.pos + step > self.bar.length:
            self.bar.length = self.bar.pos + step
        self.bar.update(step)
        self.done = rows

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


@import_group.command("kobo")
@_import_options
@click.pass_obj
def import_kobo(env: Env, instrument_id, file, country, language, study_name, dry_run, skip_flagged, as_json,
                form_version=None) -> None:
    """Import a KoboToolbox export (CSV or XLSX, XML names or labels as headers, or its zip)."""
    _run_import(env, "kobo", instrument_id, file, country, language, study_name, dry_run, as_json, skip_flagged,
                form_version)


@import_group.command("odk")
@_import_options
@click.pass_obj
def import_odk(env: Env, instrument_id, file, country, language, study_name, dry_run, skip_flagged, as_json,
               form_version=None) -> None:
    """Import an ODK Central CSV export (submissions.csv, or the All data and Attachments zip)."""
    _run_import(env, "odk", instrument_id, file, country, language, study_name, dry_run, as_json, skip_flagged,
                form_version)

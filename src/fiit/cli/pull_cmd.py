"""fiit pull kobo | odk: submissions straight from the platforms' APIs."""

from __future__ import annotations

import json

import click

from fiit.cli.context import Env
from fiit.cli.interop_cmd import _instrument


@click.group("pull")
def pull_group() -> None:
    """Submissions fetched from KoboToolbox's or ODK Central's API (incremental: nothing is stored twice)."""


def _pull_options(command):
    for option in reversed([
        click.option("--server", required=True, help="The server's address, e.g. https://kf.kobotoolbox.org."),
        click.option("--token-file", required=True, type=click.Path(exists=True, dir_okay=False),
                     help="A file holding the API token alone (never give the token on the command line)."),
        click.option("--instrument", "instrument_id", required=True, help="policymaker, service_provider or victim."),
        click.option("--study", "study_name", help="Study to import into (default: the only one, or a new 'FIIT study')."),
        click.option("--skip-flagged", is_flag=True, help="Hold back submissions marked On Hold / hasIssues."),
        click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON."),
    ]):
        command = option(command)
    return command


def _run(env: Env, source: str, pages_for, server: str, token_file: str, instrument_id: str,
         study_name: str | None, skip_flagged: bool, as_json: bool) -> None:
    instrument = _instrument(instrument_id)
    env.django()
    keyfile = env.keyfile()
    from fiit.db.imports import choose_study
    from fiit.db.pulls import run_pull
    from fiit.interop.submissions.pull import read_token
    from fiit.interop.submissions.versions import released_forms

    # Core errors (InteropError and the like) are rendered once by the command group.
    token = read_token(token_file)
    study, _ = choose_study(study_name, create=True)
    report = run_pull(pages_for(token), instrument, source, server=server, keyfile=keyfile, study=study,
                      hold_flagged=skip_flagged, forms=released_forms(instrument))
    if as_json:
        data = report.to_dict()
        data["study"] = study.name
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(report.summary())
    click.echo(f"in study '{study.name}' ({source} API, instrument {instrument.key})")


@pull_group.command("kobo")
@click.option("--asset", required=True, help="The form's asset uid in KoboToolbox.")
@_pull_options
@click.pass_obj
def pull_kobo(env: Env, asset, server, token_file, instrument_id, study_name, skip_flagged, as_json) -> None:
    """Pull a KoboToolbox form's submissions through its data API (api/v2)."""
    from fiit.interop.submissions.pull import kobo_pages

    _run(env, "kobo", lambda token: kobo_pages(server, asset, token), server, token_file, instrument_id,
         study_name, skip_flagged, as_json)


@pull_group.command("odk")
@click.option("--project", required=True, type=int, help="The project's number in ODK Central.")
@click.option("--form", "form", required=True, help="The form id (victim, policymaker, service_provider).")
@_pull_options
@click.pass_obj
def pull_odk(env: Env, project, form, server, token_file, instrument_id, study_name, skip_flagged, as_json) -> None:
    """Pull an ODK Central form's submissions through its OData feed."""
    from fiit.interop.submissions.pull import odk_pages

    _run(env, "odk", lambda token: odk_pages(server, project, form, token), server, token_file, instrument_id,
         study_name, skip_flagged, as_json)

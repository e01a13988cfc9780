"""fiit reports build | status: the report store from the command line.

The server builds stored reports in the background; this command builds them in
the foreground (after an import, a pull or a withdrawal on a machine where no
server runs, or to have every report ready before a meeting). Reports asked for
by a page come first.
"""

from __future__ import annotations

import sys

import click

from fiit.cli.context import Env
from fiit.vocabulary import vocabulary

EDITIONS = {"internal": (False,), "public": (True,), "both": (False, True)}


@click.group("reports")
def reports() -> None:
    """The stored reports: build them, or see whether they are up to date."""


@reports.command("build")
@click.option("--study", "study_name", help="Study (default: the one pages show; plus every study a page asked for).")
@click.option("--comparative", is_flag=True, help="The comparative report (with --country: both).")
@click.option("--country", "country_codes", metavar="XX", multiple=True,
              help="A country's reports (repeatable). Default: the comparative report and every country.")
@click.option("--lang", "langs", type=click.Choice(vocabulary().language_codes), multiple=True,
              help="A language (repeatable). Default: all.")
@click.option("--edition", type=click.Choice(tuple(EDITIONS)), default="both", show_default=True,
              help="internal: k = 5, for the team; public: k = 10.")
@click.pass_obj
def build(env: Env, study_name: str | None, comparative: bool, country_codes: tuple[str, ...],
          langs: tuple[str, ...], edition: str) -> None:
    """Build the stored reports for the current data (every format), then say what was built."""
    env.django()
    keyfile = env.keyfile()
    from fiit.db import report_store as store

    countries = None
    if comparative or country_codes:
        countries = ([None] if comparative else []) + [c.upper() for c in country_codes]
    options = {"countries": countries, "langs": list(langs) or None, "editions": EDITIONS[edition]}
    with click.progressbar(length=1, label="building reports", file=sys.stderr,
                           hidden=not sys.stderr.isatty()) as bar:
        def step(done: int, total: int) -> None:
            bar.length = total
            bar.update(max(0, done - bar.pos))

        keys = store.build_everything(keyfile, study_name, progress=step, **options)
    for key in keys:
        click.echo(f"reports up to date under key {key} in {store.store_root() / key}")


@reports.command("status")
@click.option("--study", "study_name", help="Study (default: the one pages show).")
@click.pass_obj
def status(env: Env, study_name: str | None) -> None:
    """Is the store up to date with the data? Exit 1 when a build is needed."""
    env.django()
    from fiit.db import report_store as store
    from fiit.db.studies import select_study

    study = select_study(study_name)
    key = store.data_version(study)
    last = store.progress() or {}
    if last.get("key") == key and last.get("finished"):
        click.echo(f"up to date: {last['total']} reports under key {key}")
        return
    if last.get("key") == key:
        click.echo(f"building: {last.get('done')} of {last.get('total')} reports under key {key}")
    else:
        click.echo(f"out of date: the data changed since the last build (key {key}); run 'fiit reports build'")
    raise click.exceptions.Exit(1)

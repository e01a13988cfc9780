"""fiit stats | report"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from fiit.cli.context import CliError, Env
from fiit.vocabulary import vocabulary

LANGS = vocabulary().language_codes


def _study(name: str | None):
    from fiit.db.report_data import choose_study

    return choose_study(name)  # NoStudy is a FiitError: rendered by the group


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/cli.md).")
@click.option("--country", metavar="XX", help="One country (ISO code, e.g. BE); default: all countries.")
@click.option("--k", "k", type=click.IntRange(min=1), default=5, show_default=True,
              help="Withhold figures resting on fewer than k respondents.")
@click.option("--study", "study_name", help="Study (default: the most recent).")
@click.pass_obj
def stats(env: Env, as_json: bool, country: str | None, k: int, study_name: str | None) -> None:
    """Scale statistics, comparisons, service rankings and counts, after disclosure control."""
    env.django()
    keyfile = env.keyfile()  # the export is audited
    from fiit.db.audit import record
    from fiit.db.report_store import data_version
    from fiit.db.report_store import stats as kept_stats
    from fiit.db.studies import select_study

    study = select_study(study_name)
    country = country.upper() if country else None
    audit = dict(actor="cli", record_type="study", record_id=study.pk,
                 details={"format": "stats", "k": k, "country": country or "all"}, keyfile=keyfile)
    # The JSON is kept by data version (fiit.db.report_store.stats): asked again over the same data, it is read,
    # not computed (50,000 victims: seconds of CPU); any change or withdrawal makes a new version.
    key = data_version(study) if as_json and kept_stats.can_keep_stats(country) else None
    kept = kept_stats.read_stats(key, k, country) if key else None
    if kept is not None:
        record("export", **audit)
        click.echo(kept)
        return
    from fiit.analysis import design_from_instruments, study_statistics
    from fiit.analysis.groups import countries_in
    from fiit.db.tallies import study_inputs
    from fiit.instruments import get_instrument

    victim, provider = get_instrument("victim"), get_instrument("service_provider")
    scales = design_from_instruments(victim).scales
    frames, states = study_inputs(study, scales, country)
    countries = sorted(countries_in(frames.values()))
    if country and not countries:
        raise CliError(f"Study '{study.name}' has no final interviews in '{country}'.")
    design = design_from_instruments(victim, provider, countries)
    figures = study_statistics(frames, k=k, design=design, states=states)
    record("export", **audit)
    if as_json:
        text = json.dumps(figures.as_json(), indent=2, ensure_ascii=False)
        if key:
            kept_stats.write_stats(key, k, country, text)
        click.echo(text)
        return
    click.echo(_stats_text(figures, study))


def _stats_text(figures, study) -> str:
    lines = [f"study: {study.name}" + ("  [SYNTHETIC DATA]" if study.synthetic else ""),
             f"{'scale':<10}{'country':<9}{'n':>5}{'mean':>7}{'95% CI':>15}"]
    for s in figures.scales:
        if s.group is not None:
            continue
        if s.suppressed:
            lines.append(f"{s.question_id:<10}{s.country or 'all':<9}{'–':>5}{'withheld':>22}")
            continue
        mean = f"{s.mean:.1f}" if s.mean is not None else ""
        ci = f"{s.ci_low:.1f}–{s.ci_high:.1f}" if s.ci_low is not None else ""
        lines.append(f"{s.question_id:<10}{s.country or 'all':<9}{s.n:>5}{mean:>7}{ci:>15}")
        if s.country is None and s.balanced_mean is not None:
            ci = f"{s.balanced_ci_low:.1f}–{s.balanced_ci_high:.1f}"
            lines.append(f"{'':<10}{'balanced':<9}{'':>5}{s.balanced_mean:>7.1f}{ci:>15}"
                         f"  (each of {', '.join(s.balanced_countries)} weighted equally)")
    lines.append("'all': each respondent weighted equally; 'balanced': each country weighted equally")
    lines.append("n, mean and interval: answered only (declined, not applicable, unanswered and not asked "
                 "left out; their counts: --json 'answer_states')")
    lines.append("(groups, comparisons, rankings and counts: --json)")
    return "\n".join(lines)


def write_reports(study, *, countries: list[str | None], formats: tuple[str, ...], lang: str, out: Path,
                  public: bool, keyfile, show_progress: bool) -> list[Path]:
    """Write each report (None = comparative) through the report store, audited; a progress bar on a
    terminal. The files are copies of stored reports, recorded in the store's manifest: a change or a
    withdrawal deletes them, and the next build (``fiit reports build``, or the server) writes them again."""
    from fiit.db import report_store as store
    from fiit.db.audit import record
    from fiit.db.report_data import report_inputs

    key = store.data_version(study)
    inputs = None
    paths: list[Path] = []
    steps = len(countries) * (len(formats) + 1)
    with click.progressbar(length=steps, label="writing reports", file=sys.stderr,
                           hidden=not show_progress) as bar:
        for country in countries:
            entry = store.Entry(country, lang, public)
            missing = [f for f in formats if store.read(key, entry, f) is None]
            if missing:
                inputs = inputs or report_inputs(study, keyfile)
                try:
                    store.render_entry(inputs, key, entry, ("body", *formats))
                except ValueError as exc:
                    raise CliError(str(exc)) from None
            bar.update(1)
            written = []
            for fmt in formats:
                written.append(store.place(key, entry, fmt, out / f"{entry.slug()}.{fmt}", study=study))
                bar.update(1)
            paths += written
            record("export", actor="cli", record_type="study", record_id=study.pk,
                   details={"format": "report", "formats": list(formats),
                            "report": "country" if country else "comparative", "country": country or "all",
                            "lang": lang, "k": 10 if public else 5, "files": len(written)},
                   keyfile=keyfile)
    return paths


@click.command()
@click.option("--country", "country", metavar="XX", help="A country report (ISO code, e.g. BE).")
@click.option("--comparative", is_flag=True, help="The comparative report of all countries.")
@click.option("--format", "formats", default="html,pdf,docx", show_default=True,
              help="Comma-separated: html, pdf, docx.")
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True)
@click.option("-o", "--output", "output", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write into (created if needed).")
@click.option("--public", is_flag=True, help="A report for publication: k = 10 instead of 5.")
@click.option("--study", "study_name", help="Study (default: the most recent).")
@click.pass_obj
def report(env: Env, country: str | None, comparative: bool, formats: str, lang: str, output: str,
           public: bool, study_name: str | None) -> None:
    """Write a country report or the comparative report as HTML, PDF and/or DOCX."""
    if bool(country) == comparative:
        raise CliError("Choose one: --country XX or --comparative.")
    from fiit.reports.output import parse_formats

    try:
        chosen = parse_formats(formats)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    env.django()
    keyfile = env.keyfile()
    study = _study(study_name)
    paths = write_reports(study, countries=[country.upper() if country else None], formats=chosen, lang=lang,
                          out=Path(output), public=public, keyfile=keyfile,
                          show_progress=sys.stderr.isatty())
    for path in paths:
        click.echo(f"wrote {path}")
    if study.synthetic:
        click.echo("ALL DATA IN THIS REPORT IS SYNTHETIC.")

"""fiit codebook export|import, fiit coding export|import, fiit agreement, fiit findings list.

The command line is the operator's: it holds the key file, so it reads every country (``--country``
limits an export or an import to one). Exports and imports are audited like the workbench's.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from fiit.cli.context import CliError, Env
from fiit.cli.editorial_cmd import _study


def _problems(report) -> None:
    for problem in report.errors[:20]:
        click.echo(str(problem), err=True)
    raise CliError(f"{len(report.errors)} problem(s); nothing was imported.")


def _interviews(study, country: str | None):
    from fiit.db.models import Interview

    qs = Interview.objects.filter(study=study, status="final")
    return qs.filter(country_id=country.upper()) if country else qs


@click.group()
def codebook() -> None:
    """The codebook of the qualitative analysis (REFI-QDA .qdc or CSV)."""


@codebook.command("export")
@click.option("--study", "study_name", default=None)
@click.option("--format", "fmt", type=click.Choice(["qdc", "csv"]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.pass_obj
def codebook_export(env: Env, study_name, fmt, output: Path) -> None:
    """Write the study's current codebook."""
    env.django()
    from fiit.coding.codebook_csv import export_csv
    from fiit.coding.qdc import export_qdc
    from fiit.db.coding import current_codebook

    book = current_codebook(_study(study_name))
    if fmt == "qdc":
        output.write_bytes(export_qdc(book))
    else:
        output.write_text(export_csv(book), encoding="utf-8")
    click.echo(f"codebook {book.id} {book.version}: {len(book)} codes written to {output}")


@codebook.command("import")
@click.option("--study", "study_name", default=None)
@click.option("--format", "fmt", type=click.Choice(["qdc", "csv"]), required=True)
@click.option("--version", "version", default=None, help="The new version's name (default: the next one).")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def codebook_import(env: Env, study_name, fmt, version, path: Path) -> None:
    """Save a codebook file as the study's new codebook version (checked against the REFI-QDA schema)."""
    env.django()
    env.keyfile()
    from fiit.coding.codebook_csv import import_csv
    from fiit.coding.qdc import _next_version, import_qdc
    from fiit.coding.themes import study_themes
    from fiit.db.coding import current_codebook, save_codebook

    study = _study(study_name)
    current = current_codebook(study)
    version = version or _next_version(current)
    if fmt == "qdc":
        data, report = import_qdc(path.read_bytes(), file=path.name, current=current, version=version,
                                  themes=study_themes())
    else:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise CliError(f"{path.name} is not UTF-8 text.") from None
        data, report = import_csv(text, file=path.name, current=current, version=version, themes=study_themes())
    if data is None:
        _problems(report)
    row = save_codebook(study, data, actor="cli")
    click.echo(f"codebook version {row.version} saved: {len(data['codes'])} codes")


@click.group()
def coding() -> None:
    """Codings of the open answers, exchanged with QDA tools (REFI-QDA .qdpx or CSV)."""


@coding.command("export")
@click.option("--study", "study_name", default=None)
@click.option("--format", "fmt", type=click.Choice(["qdpx", "csv"]), required=True)
@click.option("--country", default=None, help="Only this country's interviews.")
@click.option("--question", "question_id", default=None, help="Only this question's answers (qdpx).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.pass_obj
def coding_export(env: Env, study_name, fmt, country, question_id, output: Path) -> None:
    """Write a REFI-QDA project of the answers with their codings, or the codings as CSV (audited)."""
    env.django()
    keyfile = env.keyfile()
    from fiit.db.coding_exchange import export_csv, export_project

    study = _study(study_name)
    interviews = _interviews(study, country)
    if fmt == "qdpx":
        output.write_bytes(export_project(study, interviews, keyfile, actor="cli", question_id=question_id))
    else:
        output.write_text(export_csv(study, interviews, actor="cli"), encoding="utf-8")
    click.echo(f"{fmt} written to {output}")


@coding.command("import")
@click.option("--study", "study_name", default=None)
@click.option("--format", "fmt", type=click.Choice(["qdpx", "csv"]), required=True)
@click.option("--country", default=None, help="Refuse codings on other countries' interviews.")
@click.option("--coder", default=None, help="Record every coding under this coder (default: the file's users).")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def coding_import(env: Env, study_name, fmt, country, coder, path: Path) -> None:
    """Add the codings of a .qdpx or CSV to the answers they belong to: all or nothing."""
    env.django()
    keyfile = env.keyfile()
    from fiit.db.coding_exchange import import_csv, import_project

    study = _study(study_name)
    allowed = _interviews(study, country)
    if fmt == "qdpx":
        added, report = import_project(study, path.read_bytes(), allowed, keyfile, actor="cli", file=path.name,
                                       coder=coder)
    else:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise CliError(f"{path.name} is not UTF-8 text.") from None
        added, report = import_csv(study, text, allowed, keyfile, actor="cli", file=path.name, coder=coder)
    if not report.valid:
        _problems(report)
    click.echo(f"{added} coding(s) added")


@click.command()
@click.option("--study", "study_name", default=None)
@click.option("--unit", type=click.Choice(["answer", "passage"]), default="answer")
@click.option("--country", default=None)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/cli.md).")
@click.pass_obj
def agreement(env: Env, study_name, unit, country, as_json) -> None:
    """Inter-coder agreement: Krippendorff's alpha and Cohen's kappa, per code and overall."""
    env.django()
    from fiit.coding.agreement import agreement as compute
    from fiit.db.coding import reliability_data

    codings, seen = reliability_data(_interviews(_study(study_name), country))
    result = compute(codings, unit=unit, seen=seen)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    fmt = lambda v: "–" if v is None else f"{v:.3f}"  # noqa: E731
    click.echo(f"unit: {unit}; coders: {', '.join(result.coders) or 'none'}; units coded by two or more: "
               f"{result.units}")
    click.echo(f"overall alpha {fmt(result.alpha)}")
    click.echo(f"{'code':<32}{'alpha':>8}{'kappa':>8}{'units':>7}{'coders':>8}")
    for c in result.codes:
        click.echo(f"{c.code:<32}{fmt(c.alpha):>8}{fmt(c.kappa):>8}{c.units:>7}{c.coders:>8}")


@click.group()
def findings() -> None:
    """Findings and good practices of the qualitative analysis."""


@findings.command("list")
@click.option("--study", "study_name", default=None)
@click.option("--country", default=None, help="One country's findings (default: all, comparative included).")
@click.option("--lang", default="en")
@click.option("--all", "include_drafts", is_flag=True, help="Drafts too (default: published only).")
@click.option("--public", is_flag=True, help="Support counted with the public threshold (k = 10).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/cli.md).")
@click.pass_obj
def findings_list(env: Env, study_name, country, lang, include_drafts, public, as_json) -> None:
    """List findings with their support, under disclosure control."""
    env.django()
    keyfile = env.keyfile()
    from fiit.analysis.disclosure import k_for
    from fiit.db.findings import findings_for_listing

    items = findings_for_listing(_study(study_name), country.upper() if country else None, lang, keyfile,
                                 k=k_for(public), include_drafts=include_drafts)
    if as_json:
        click.echo(json.dumps({"findings": [f.to_dict() | {"published": p} for f, p in items]}, indent=2,
                              ensure_ascii=False))
        return
    for finding, published in items:
        state = "published" if published else "draft"
        click.echo(f"{finding.id:>4} {finding.country or 'all':<4}{finding.theme:<20}{finding.kind:<14}{state:<10}"
                   f"{finding.statement}")
        for sentence in finding.support_text:
            click.echo(f"{'':<8}{sentence}")

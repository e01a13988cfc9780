"""fiit instruments list | show | validate"""

from __future__ import annotations

import json

import click

from fiit.cli.context import CliError


@click.group()
def instruments() -> None:
    """The interview instruments (policymakers, service providers, victims)."""


@instruments.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_instruments(as_json: bool) -> None:
    """List the built-in instruments."""
    from fiit.instruments import builtin_instruments, pick

    rows = []
    for inst in builtin_instruments().values():
        questions = list(inst.questions())
        rows.append({
            "id": inst.id,
            "version": inst.version,
            "title": pick(inst.title, "en"),
            "languages": list(inst.languages),
            "sections": len(inst.sections),
            "questions": len(questions),
            "numbered_questions": len(inst.numbered_questions()),
            "scales": [q.scale_id or q.id for q in inst.scales()],
        })
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    click.echo(f"{'id':<18}{'version':<9}{'items':>6}{'numbered':>10}  languages       title")
    for r in rows:
        click.echo(f"{r['id']:<18}{r['version']:<9}{r['questions']:>6}{r['numbered_questions']:>10}  "
                   f"{','.join(r['languages']):<16}{r['title']}")


@instruments.command("show")
@click.argument("instrument_id")
@click.option("--lang", default="en", show_default=True, help="Language: en, nl, fr, it or hu.")
@click.option("--version", "version", default=None, help="An earlier released version (default: the current one).")
def show_instrument(instrument_id: str, lang: str, version: str | None) -> None:
    """Print an instrument's sections and questions in one language."""
    from fiit.instruments import get_instrument, get_instrument_version, pick, released_versions

    inst = get_instrument(instrument_id) if version is None else get_instrument_version(instrument_id, version)
    if lang not in inst.languages:
        raise CliError(f"Instrument '{instrument_id}' is not available in '{lang}'; it has {', '.join(inst.languages)}.")
    click.echo(f"{pick(inst.title, lang)}  [{inst.key}]")
    click.echo(f"versions: {', '.join(released_versions(instrument_id))}")
    if inst.notes:
        click.echo("\n" + pick(inst.notes, lang))
    for section in inst.sections:
        head = f"{section.number}. " if section.number else ""
        click.echo(f"\n{head}{pick(section.title, lang)}")
        for q in section.questions:
            flags = []
            if q.required:
                flags.append("required")
            if q.is_sensitive:
                flags.append("encrypted")
            if q.relevant:
                flags.append("conditional")
            number = f"{q.number:>4} " if q.number else "     "
            tail = f"  ({', '.join(flags)})" if flags else ""
            click.echo(f"{number}[{q.id}] {pick(q.text, lang)}{tail}")
            if q.note:
                click.echo(f"          note: {pick(q.note, lang)}")
            if q.type == "scale" and q.anchors:
                click.echo(f"          1 = {pick(q.anchors['low'], lang)} ... 10 = {pick(q.anchors['high'], lang)}")
            for option in q.options:
                where = f"  (only {', '.join(option.countries)})" if option.countries else ""
                if option.available_in:
                    where += f"  (offered everywhere; the FIIT report found it in {', '.join(option.available_in)})"
                click.echo(f"          - {option.value}: {pick(option.label, lang)}{where}")


@instruments.command("validate")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def validate_instrument(path: str, as_json: bool) -> None:
    """Check an instrument file; exit 1 if it has errors."""
    from fiit.instruments import load_instrument_file

    result = load_instrument_file(path)
    if as_json:
        click.echo(json.dumps(result.report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for problem in result.problems:
            click.echo(f"{problem.severity}: {problem}")
        if result.valid:
            inst = result.instrument
            click.echo(f"ok: {inst.key}, {len(list(inst.questions()))} questions in {len(inst.sections)} sections")
        else:
            click.echo(f"{len(result.report.errors)} error(s) in {path}")
    if not result.valid:
        raise click.exceptions.Exit(1)

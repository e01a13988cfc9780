"""fiit demo | serve | summary | migrate"""

from __future__ import annotations

import json
import os

import click

from fiit.cli.context import CliError, Env, demo_key_path
from fiit.vocabulary import vocabulary


@click.command()
@click.pass_obj
def migrate(env: Env) -> None:
    """Create or update the database tables, and the country frameworks shipped with fiit."""
    env.django(always_migrate=True)
    from fiit.db.store import sync_frameworks

    sync_frameworks()  # a newer fiit may ship corrected or better translated framework data
    click.echo(f"database ready: {env.database_url().split('@')[-1]}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/cli.md).")
@click.pass_obj
def summary(env: Env, as_json: bool) -> None:
    """Interview counts by instrument and country, and the frameworks' totals."""
    env.django()
    from fiit.db.queries import study_summary

    data = study_summary()
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(_summary_text(data))


def _summary_text(data: dict) -> str:
    lines = []
    for study in data["studies"]:
        tag = "  [SYNTHETIC DATA]" if study["synthetic"] else ""
        lines.append(f"study: {study['name']} ({study['interviews']} interviews){tag}")
    if not data["studies"]:
        lines.append("no study yet (run 'fiit demo' for the synthetic demo study)")
    order = vocabulary().country_codes
    countries = [c for c in order if c in data["frameworks"]] or list(order)
    lines.append("")
    lines.append(f"{'interviews':<18}" + "".join(f"{c:>6}" for c in countries) + f"{'total':>8}")
    for iid, by_country in data["interviews"].items():
        total = sum(by_country.values())
        lines.append(f"{iid:<18}" + "".join(f"{by_country.get(c, 0):>6}" for c in countries) + f"{total:>8}")
    lines.append("")
    lines.append("frameworks: residence permits summed from the yearly rows of Annex 2")
    lines.append("  ('column N': the report's table lost which category column N is)")
    for code, fw in data["frameworks"].items():
        permits = ", ".join(f"{_category(k)} {v}" for k, v in fw["permits_total"].items()) or "none recorded"
        victims = fw["identified_victims_total"]
        extra = f"; identified victims {victims}" if victims is not None else ""
        lines.append(f"  {code}: permits {permits}{extra}")
    return "\n".join(lines)


def _category(key: str) -> str:
    if key.startswith("unassigned_"):
        return f"column {key.rsplit('_', 1)[1]}:"
    return key.replace("_", " ") + ":"


def _serve(env: Env, host: str, port: int, mode: str, workers: int | None = None,
           threads: int | None = None) -> None:
    if mode not in ("production", "demo"):  # test and cli modes skip the start-up checks (issue 14, L6)
        raise CliError(f"fiit serve runs in production or demo mode, not '{mode}' (unset FIIT_MODE, or use --demo)")
    os.environ.setdefault("FIIT_MODE", mode)
    if env.key_path() is not None:  # --key-file: production settings check it before anything else (L6)
        os.environ["FIIT_KEY_FILE"] = str(env.key_path())
    env.django(mode=mode)
    if mode == "demo":
        from fiit.db.models import Interview, Study

        if Study.objects.filter(synthetic=False).exists() or Interview.objects.filter(synthetic=False).exists():
            raise CliError("this database holds a study that is not synthetic demo data; demo mode (no second "
                           "factor, the demo key) serves synthetic data only: serve it without --demo")
    keyfile = env.keyfile()  # the app seals answers and signs the audit trail: no key file, no start (not a 500 at login)
    from fiit.db.store import sync_frameworks

    sync_frameworks()  # the frameworks of this version of fiit, as 'fiit migrate' does
    from fiit.web.server import THREADS, default_workers, run_server
    from fiit.web.wsgi import application

    os.environ.setdefault("FIIT_REPORT_BACKGROUND", "1")  # a change rebuilds the stored reports in the background
    # ... in a low-priority process of its own (fiit.db.report_store.background), which reads the same
    # database with the same key file as the workers (the demo's own key included)
    os.environ.setdefault("FIIT_REPORT_BUILDER", "process")
    os.environ["FIIT_KEY_FILE"] = str(keyfile.path)

    workers = workers or default_workers()
    threads = threads or THREADS
    click.echo(f"fiit is serving on http://{host}:{port}/ with {workers} processes of {threads} threads  "
               "(Ctrl+C stops it)")
    run_server(application, host, port, workers, threads)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int,
              help="Port to listen on; 0 takes a free one (the one taken is printed: 'fiit is listening on ...').")
@click.option("--demo", "demo_mode", is_flag=True, help="Serve with demo settings (synthetic data only).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: twice the CPUs, at most 8).")
@click.option("--threads", type=click.IntRange(min=1), default=None,
              help="Threads per worker process (default: 2).")
@click.pass_obj
def serve(env: Env, host: str, port: int, demo_mode: bool, workers: int | None, threads: int | None) -> None:
    """Serve the web app (gunicorn, several worker processes)."""
    _serve(env, host, port, "demo" if demo_mode else os.environ.get("FIIT_MODE", "production"), workers, threads)


@click.command()
@click.option("--no-serve", is_flag=True, help="Build the demo study and stop.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--seed", default=None, type=int, help="Seed of the synthetic data (default: the fixed demo seed).")
@click.option("--out", "out", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the comparative report (HTML, PDF, DOCX).")
@click.option("--no-reports", is_flag=True, help="Do not write the comparative report.")
@click.pass_obj
def demo(env: Env, no_serve: bool, host: str, port: int, seed: int | None, out: str, no_reports: bool) -> None:
    """Build the synthetic FIIT demo study (62 victim, 31 service-provider, 19 policymaker interviews)."""
    os.environ.setdefault("FIIT_MODE", "demo")
    env.django(mode="demo")
    from fiit.db.demo import build_demo
    from fiit.demo.generator import DEMO_SEED
    from fiit.db.keys import use_keyfile
    from fiit.vault import create_key_file, load_key_file

    key_path = env.key_path()
    if key_path is None:
        key_path = demo_key_path()
        if not key_path.exists():
            create_key_file(key_path, purpose="demo")
            click.echo(f"created a demo key file at {key_path} (for synthetic demo data only; "
                       "real studies use 'fiit keys init')")
    keyfile = load_key_file(key_path)
    use_keyfile(keyfile)  # the audit trail and the served app use it, handed over explicitly
    from fiit.db.key_usage import register_database

    register_database(keyfile)
    result = build_demo(keyfile, env.data_dir() / "demo-logins.json", seed=seed if seed is not None else DEMO_SEED)
    if not result.created:
        from fiit.db.sealed_check import check_sealed

        check = check_sealed(keyfile)
        if not check.ok:
            raise CliError(f"the demo study in {env.database_url().split('@')[-1]} cannot be read with the key file "
                           f"{key_path}: {check.unreadable_interviews} of {check.interviews} interviews do not open; "
                           "not reusing it (build a fresh demo with --db NEW_FILE, or run 'fiit keys verify' for details)")
    verb = "built" if result.created else "reusing"
    click.echo(f"{verb} demo study '{result.study.name}' in {env.database_url().split('@')[-1]}")
    click.echo("ALL DEMO DATA IS SYNTHETIC: generated from a fixed seed; no real interview is included.")
    from fiit.db.queries import study_summary

    click.echo(_summary_text(study_summary()))
    click.echo("\ndemo logins (password after the colon):")
    for username, password in result.logins.items():
        click.echo(f"  {username}: {password}")
    click.echo("two-factor sign-in is switched off in the demo.")
    if not no_reports:
        from pathlib import Path

        from fiit.db import report_store
        from fiit.db.audit import record

        out_dir = Path(out).resolve()
        os.environ["FIIT_REPORTS_DIR"] = str(out_dir)  # the served app links to these files
        # ./out is a copy of the report store: the next change or withdrawal deletes it with the store
        key = report_store.build_all(result.study, keyfile, countries=[None], langs=["en"], editions=(False,))
        paths = report_store.place_in_reports_dir(key, [report_store.Entry(None, "en")], study=result.study)
        record("export", actor="cli", record_type="study", record_id=result.study.pk,
               details={"format": "report", "formats": list(report_store.FORMATS), "report": "comparative",
                        "country": "all", "lang": "en", "k": 5, "files": len(paths)}, keyfile=keyfile)
        click.echo("comparative report (synthetic data): " + ", ".join(str(p) for p in paths))
    if not no_serve:
        _serve(env, host, port, "demo")

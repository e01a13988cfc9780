"""Run by test_sixth_country.py in a fresh process whose FIIT_VOCABULARY_DIR names a changed copy.

Imports fiit only after the environment is set (as a deployment would), drives
the real parts — the web form through Django's test client, the XLSForm export,
``fiit import kobo``, ``fiit stats``, ``fiit export datapackage`` and ``fiit
report`` in-process with click's CliRunner — and prints what each shows as JSON.
The test does the asserting.

    python -m tests.vocabulary.sixth_country_probe WORKDIR COUNTRY LANGUAGE
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from pathlib import Path

import yaml


def translated_copy(instrument_id: str, lang: str, folder: Path) -> Path:
    """The shipped instrument with every text also in ``lang`` (English, marked): a data file only."""
    from fiit.instruments.registry import definition_path

    data = yaml.safe_load(definition_path(instrument_id).read_text(encoding="utf-8"))

    def add(node):
        if isinstance(node, dict):
            if "en" in node and all(isinstance(v, str) for v in node.values()):
                node[lang] = f"[{lang}] {node['en']}"
            for value in node.values():
                add(value)
        elif isinstance(node, list):
            for value in node:
                add(value)

    add(data)
    data["languages"] = [*data["languages"], lang]
    path = folder / f"{instrument_id}-{lang}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def web(country: str, lang: str) -> dict:
    from django.test import Client
    from django.urls import reverse

    from fiit.db.users import create_user
    from tests.support.otp import verified_login

    user = create_user("coordinator_probe", "coordinator", "probe-password-123")
    out = {}
    for ui in ("en", lang):
        client = Client(HTTP_ACCEPT_LANGUAGE=ui, HTTP_HOST="localhost")
        verified_login(client, user)
        response = client.get(reverse("capture-new"))
        assert response.status_code == 200, (response.status_code, response.get("Location"))
        html = response.content.decode()
        out[ui] = {
            name: re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>',
                             re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S).group(0))
            for name in ("country", "language")
        }
        out[ui]["html_lang"] = re.search(r'<html lang="([^"]+)"', html).group(1)
    return out


def xlsform(country: str, lang: str, folder: Path) -> dict:
    from fiit.instruments import get_instrument
    from fiit.instruments.loader import load_instrument_file
    from fiit.interop.forms.xlsform import check_xlsform, xlsform_bytes, xlsform_sheets

    shipped = xlsform_sheets(get_instrument("victim"))
    result = load_instrument_file(translated_copy("victim", lang, folder))
    assert result.instrument is not None, [str(p) for p in result.problems]
    sheets = xlsform_sheets(result.instrument)
    check_xlsform(xlsform_bytes(sheets))  # pyxform converts it (raises if not)
    countries = [row for row in sheets["choices"] if row["list_name"] == "fiit_countries"]
    return {
        "shipped_countries": [row["name"] for row in shipped["choices"] if row["list_name"] == "fiit_countries"],
        "countries": {row["name"]: {k: v for k, v in row.items() if k.startswith("label::")} for row in countries},
        "label_columns": sorted({k for row in sheets["survey"] for k in row if k.startswith("label::")}),
    }


def cli(work: Path, country: str, lang: str) -> dict:
    from click.testing import CliRunner

    from fiit.cli import cli as fiit
    from fiit.instruments import get_instrument
    from tests.interop.samples import sample_submissions, write_kobo_csv

    keys = work / "keys" / "keys.json"  # outside the data folder (work/db)

    def run(*args):
        result = CliRunner().invoke(fiit, ["--key-file", str(keys), *args], catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    run("keys", "init", "--path", str(keys))
    victim = get_instrument("victim")
    kobo = write_kobo_csv(work / "victim.csv", victim, sample_submissions(victim, 24, seed=6, countries=(country,),
                                                                           decline=0.0))
    imported = json.loads(run("import", "kobo", "--instrument", "victim", str(kobo), "--json"))
    stats = json.loads(run("stats", "--json"))
    run("export", "datapackage", "-o", str(work / "open-data"))
    with open(work / "open-data" / "victim.csv", newline="", encoding="utf-8") as f:
        package_countries = sorted({row["country"] for row in csv.DictReader(f)})
    reports = {}
    for report_lang in ("en", lang):
        run("report", "--country", country, "--lang", report_lang, "--format", "html", "-o", str(work / report_lang))
        html = next((work / report_lang).glob("*.html")).read_text(encoding="utf-8")
        reports[report_lang] = {"title": re.search(r"<title>(.*?)</title>", html, re.S).group(1),
                                "h2": re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html, re.S)}
    return {
        "imported": imported["imported"],
        "stats_countries": sorted({s["country"] for s in stats["scales"] if s["country"]}),
        "stats_n": max(s["n"] for s in stats["scales"] if s["country"] == country and s["group"] is None),
        "package_countries": package_countries,
        "reports": reports,
    }


def main(work: Path, country: str, lang: str) -> None:
    (work / "db").mkdir()
    os.environ["FIIT_DATABASE_URL"] = f"sqlite:///{work / 'db' / 'probe.sqlite3'}"
    found = {"cli": cli(work, country, lang)}  # starts Django on the probe's database
    found["web"] = web(country, lang)
    found["xlsform"] = xlsform(country, lang, work)
    print(json.dumps(found, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3])

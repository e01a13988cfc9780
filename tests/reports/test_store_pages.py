"""Report pages and downloads from the store (issues 12 item 6, 14 L10, 16): one rule for which edition a
user reads, nothing built inside a request, builds by the command line, copies written by `fiit report`
kept true after a withdrawal."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from fiit.db.report_store import Entry

PASSWORD = "correct horse battery staple 42"

# The expected edition, written here from the permission table's meaning, not asked of the code:
# the internal edition (k = 5) goes to those who build that scope's reports; everyone else reads the public one.
USERS = {  # name -> (role, country)
    "coordinator": ("coordinator", None), "analyst": ("analyst", None), "lead_be": ("country_lead", "BE"),
    "interviewer_be": ("interviewer", "BE"), "viewer": ("viewer", None),
}
INTERNAL = {("coordinator", None), ("coordinator", "BE"), ("coordinator", "IT"),
            ("analyst", None), ("analyst", "BE"), ("analyst", "IT"), ("lead_be", "BE")}


@pytest.fixture
def site(db, tmp_path, monkeypatch, settings, demo_template):
    from fiit.db.users import create_user

    demo = demo_template.copy_into(tmp_path)  # what build_demo writes (tests/support/demo_copy.py)
    keyfile, study = demo.keyfile, demo.study
    settings.KEY_FILE = str(keyfile.path)
    monkeypatch.setenv("FIIT_REPORTS_DIR", str(tmp_path / "out"))
    monkeypatch.delenv("FIIT_REPORT_BACKGROUND", raising=False)  # no builder thread: the test builds
    users = {name: create_user(f"t_{name}", role, PASSWORD, country=country)
             for name, (role, country) in USERS.items()}
    return {"study": study, "keyfile": keyfile, "users": users, "out": tmp_path / "out"}


def _wanted(out: Path) -> set[str]:
    root = out / ".store" / "wanted"
    return {p.name for p in root.rglob("*") if p.is_file()} if root.is_dir() else set()


def test_one_rule_for_pages_downloads_and_files_per_role_and_country(client, site, monkeypatch):
    """Every role, the comparative report and two countries: the page asks for the edition the rule gives, the
    same edition downloads, the internal edition is refused to those who read the public one."""
    import shutil

    from tests.support.otp import verified_login

    def no_building(*_a, **_k):
        raise AssertionError("a report was built inside a request")

    monkeypatch.setattr("fiit.reports.build_report", no_building)
    for name in USERS:
        verified_login(client, site["users"][name])
        for country in (None, "BE", "IT"):
            shutil.rmtree(site["out"] / ".store", ignore_errors=True)
            internal = (name, country) in INTERNAL
            page = client.get(f"/reports/country/{country}/" if country else "/reports/comparative/")
            assert page.status_code == 200
            assert "The report is being built" in page.content.decode()      # pending, never built here
            slug = Entry(country, "en", public=not internal).slug()
            assert _wanted(site["out"]) == {slug}, (name, country)
            assert client.get(page.request["PATH_INFO"] + "?progress=1").json() == \
                {"ready": False, "done": None, "total": None}
            path = f"country/{country}" if country else "comparative"
            public = client.get(f"/reports/public/{path}.pdf")
            assert public.status_code == 200                                   # every reader: the public edition
            own = client.get(f"/reports/{path}.pdf")
            expected = 200 if internal else (404 if country and name == "lead_be" else 403)
            if name in ("interviewer_be", "viewer"):
                expected = 403                                                 # no build_reports at all
            assert own.status_code == expected, (name, country)
        client.logout()


def test_a_pending_page_is_built_by_the_command_then_served(client, site):
    from tests.support.cli import invoke
    from tests.support.otp import verified_login

    verified_login(client, site["users"]["viewer"])
    assert "The report is being built" in client.get("/reports/comparative/").content.decode()
    result = invoke("--key-file", str(site["keyfile"].path), "reports", "build", "--comparative",
                    "--lang", "en", "--edition", "public")
    assert result.returncode == 0, result.stderr
    page = client.get("/reports/comparative/")
    html = page.content.decode()
    assert "The report is being built" not in html
    assert "k = 10" in html and "Public edition" in html                  # viewers read public k = 10 figures
    assert client.get("/reports/comparative/?progress=1").json() == {"ready": True}
    status = invoke("--key-file", str(site["keyfile"].path), "reports", "status")
    assert status.returncode == 0 and "up to date" in status.stdout


def test_the_internal_edition_says_it_is_not_for_publication(client, site):
    """The internal edition's notice explains which edition may leave the team; it used to end with an order
    ("Publish the public edition.") that read as an instruction to publish."""
    from fiit.db import report_store
    from tests.support.otp import verified_login

    report_store.build_all(site["study"], site["keyfile"], countries=[None], langs=["en"], editions=(False,))
    verified_login(client, site["users"]["coordinator"])
    html = client.get("/reports/comparative/").content.decode()
    assert "The report is being built" not in html
    assert "Internal edition for the study team, not for publication" in html
    assert "Publish the public edition" not in html
    assert "/reports/public/comparative.pdf" in html                      # the edition that may leave, linked


def test_a_report_that_cannot_be_built_says_why(client, site, monkeypatch):
    from fiit.db import report_store
    from fiit.problems import FiitError
    from tests.support.otp import verified_login

    def refuse(*_a, **_k):
        raise FiitError("Too few interviews to publish this report.")

    monkeypatch.setattr("fiit.reports.build_report", refuse)
    report_store.build_all(site["study"], site["keyfile"], countries=["BE"], langs=["en"], editions=(True,))
    verified_login(client, site["users"]["viewer"])
    page = client.get("/reports/country/BE/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "This report cannot be built" in html and "Too few interviews to publish this report." in html


def test_files_written_by_fiit_report_follow_a_withdrawal(site, tmp_path):
    """`fiit report -o` writes copies of stored reports, recorded in a manifest: a withdrawal on the command line
    deletes them; the next build writes them again, without the withdrawn respondent's quote."""
    from fiit.db.answers import read_answers
    from fiit.db.models import Interview, QuoteApproval
    from fiit.instruments import get_instrument
    from tests.support.cli import invoke

    victim = get_instrument("victim")
    interview = next(i for i in Interview.objects.filter(study=site["study"], instrument__instrument_id="victim",
                                                         status="final", consent_quotes=True)
                     if read_answers(i, victim, site["keyfile"]).get("a1"))
    quote = read_answers(interview, victim, site["keyfile"])["a1"]
    QuoteApproval.objects.create(interview=interview, question_id="a1", theme="status")
    key_args = ("--key-file", str(site["keyfile"].path))
    elsewhere = tmp_path / "elsewhere"
    wrote = invoke(*key_args, "report", "--comparative", "--format", "html", "-o", str(elsewhere))
    assert wrote.returncode == 0, wrote.stderr
    copy = elsewhere / "fiit-comparative-en.html"
    assert escape(quote) in copy.read_text(encoding="utf-8") or quote in copy.read_text(encoding="utf-8")

    gone = invoke(*key_args, "withdraw", str(interview.uid), "--yes")
    assert gone.returncode == 0, gone.stderr
    assert not copy.exists()                                                # no report file survives a withdrawal

    rebuilt = invoke(*key_args, "reports", "build", "--comparative", "--lang", "en", "--edition", "internal")
    assert rebuilt.returncode == 0, rebuilt.stderr
    text = copy.read_text(encoding="utf-8")                                # written again, from the new data
    assert quote not in text and escape(quote) not in text
    assert "SYNTHETIC" in text.upper()


def test_every_store_and_copy_of_a_database_goes_whichever_folder_a_command_runs_in(site, tmp_path, monkeypatch):
    """The manifest lives beside the database file: a withdrawal run from another folder, with no
    FIIT_REPORTS_DIR, still deletes the demo's ./out store and every copy placed anywhere."""
    from fiit.db import report_store

    database = tmp_path / "db" / "fiit.sqlite3"
    database.parent.mkdir()
    monkeypatch.setattr(report_store.store, "_database_file", lambda: database)
    # the served demo: its store under FIIT_REPORTS_DIR (the fixture's ./out)
    key = report_store.build_all(site["study"], site["keyfile"], countries=[None], langs=["en"], editions=(False,))
    copy = report_store.place(key, Entry(None, "en"), "html", tmp_path / "somewhere" / "report.html",
                              study=site["study"])
    assert (site["out"] / ".store" / key).is_dir() and copy.exists()
    assert report_store.manifest_path() == database.with_name("fiit.sqlite3.reports.json")

    monkeypatch.delenv("FIIT_REPORTS_DIR")           # a command elsewhere: its own store beside the database
    monkeypatch.chdir(tmp_path / "db")
    assert report_store.store_root() == database.with_name("fiit.sqlite3.reports")
    from fiit.db.models import Recommendation

    Recommendation.objects.create(study=site["study"], theme="status", text={"en": "A new recommendation."},
                                  country=None, published=True, evidence=[])   # a change, from this folder
    assert not copy.exists()
    assert not (site["out"] / ".store" / key).exists()


def test_saving_unchanged_data_keeps_the_stored_reports(site):
    """`fiit serve` and `fiit migrate` save every framework again: the reports of a still-current key stay."""
    from fiit.db import report_store
    from fiit.db.store import sync_frameworks

    key = report_store.build_all(site["study"], site["keyfile"], countries=[None], langs=["en"], editions=(False,))
    copy = report_store.place_in_reports_dir(key, [Entry(None, "en")], formats=("html",), study=site["study"])[0]
    sync_frameworks()
    assert report_store.data_version(site["study"]) == key
    assert copy.exists() and report_store.is_built(key, Entry(None, "en"))


def test_report_pages_take_the_study_they_are_asked_for(client, site):
    """Issue 14 L3: not always the newest study. With a newer real study, ?study=<id> opens the demo's report."""
    from fiit.db import report_store
    from fiit.db.models import Study
    from tests.support.otp import verified_login

    newer = Study.objects.create(name="A newer real study", synthetic=False)
    verified_login(client, site["users"]["viewer"])
    client.get("/reports/comparative/")
    assert report_store.wanted(report_store.data_version(newer)) == [Entry(None, "en", True)]   # the default
    client.get(f"/reports/comparative/?study={site['study'].pk}")
    assert report_store.wanted(report_store.data_version(site["study"])) == [Entry(None, "en", True)]
    assert client.get("/reports/comparative/?study=999999").status_code == 404
    index = client.get(f"/reports/?study={site['study'].pk}").content.decode()
    assert f'href="/reports/comparative/?study={site["study"].pk}"' in index and "A newer real study" in index

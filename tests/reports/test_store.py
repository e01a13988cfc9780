"""The report store: built once per version of the data, pages served from it, nothing outlives a withdrawal."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from tests.reports.conftest import docx_text, pdf_text

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def site(db, tmp_path, monkeypatch, demo_template):
    from fiit.db.users import create_user

    demo = demo_template.copy_into(tmp_path)  # what build_demo writes (tests/support/demo_copy.py)
    keyfile, study = demo.keyfile, demo.study
    monkeypatch.setenv("FIIT_KEY_FILE", str(keyfile.path))
    monkeypatch.setenv("FIIT_REPORTS_DIR", str(tmp_path / "out"))
    monkeypatch.delenv("FIIT_REPORT_BACKGROUND", raising=False)
    viewer = create_user("t_viewer", "viewer", PASSWORD)
    coordinator = create_user("t_coordinator", "coordinator", PASSWORD)  # reads the internal edition (k = 5)
    return {"study": study, "keyfile": keyfile, "viewer": viewer, "coordinator": coordinator,
            "out": tmp_path / "out"}


def _texts(folder: Path) -> dict[str, str]:
    """Every report file under ``folder`` (the store included), as text a reader would see."""
    out = {}
    for path in folder.rglob("*"):
        if not path.is_file() or path.suffix not in (".html", ".pdf", ".docx"):
            continue
        data = path.read_bytes()
        out[str(path)] = (pdf_text(data) if path.suffix == ".pdf" else docx_text(data) if path.suffix == ".docx"
                          else data.decode("utf-8"))
    return out


def test_after_the_first_build_pages_come_from_the_store(client, site, monkeypatch):
    from fiit.db import report_store
    from tests.support.otp import verified_login

    key = report_store.build_all(site["study"], site["keyfile"], countries=[None], langs=["en"], editions=(False,))
    assert (site["out"] / ".store" / key / "fiit-comparative-en.body.html").exists()

    def no_building(*_a, **_k):
        raise AssertionError("the page was built again instead of read from the store")

    monkeypatch.setattr("fiit.reports.build_report", no_building)
    verified_login(client, site["coordinator"])
    page = client.get("/reports/comparative/")
    assert page.status_code == 200
    stored = (site["out"] / ".store" / key / "fiit-comparative-en.body.html").read_text(encoding="utf-8")
    assert stored in page.content.decode()


def test_a_change_makes_a_new_key_and_the_old_files_go(site):
    from fiit.db import report_store
    from fiit.db.models import Recommendation

    key = report_store.build_all(site["study"], site["keyfile"], countries=[None], langs=["en"], editions=(False,))
    report_store.place_in_reports_dir(key, [report_store.Entry(None, "en")])
    assert (site["out"] / "fiit-comparative-en.pdf").exists()
    Recommendation.objects.create(study=site["study"], theme="status", text={"en": "A new recommendation."},
                                  country=None, published=True, evidence=[])
    assert report_store.data_version(site["study"]) != key
    assert not (site["out"] / "fiit-comparative-en.pdf").exists()        # ./out went with the store
    assert not (site["out"] / ".store" / key).exists()


def test_a_withdrawal_removes_the_quote_from_every_stored_report_and_file(site):
    from fiit.db import report_store
    from fiit.db.answers import destroy_interview, read_answers
    from fiit.db.models import Interview, QuoteApproval
    from fiit.instruments import get_instrument

    victim = get_instrument("victim")
    interview = next(i for i in Interview.objects.filter(study=site["study"], instrument__instrument_id="victim",
                                                         status="final", consent_quotes=True)
                     if read_answers(i, victim, site["keyfile"]).get("a1"))
    quote = read_answers(interview, victim, site["keyfile"])["a1"]
    QuoteApproval.objects.create(interview=interview, question_id="a1", theme="status")
    country = interview.country_id
    key = report_store.build_all(site["study"], site["keyfile"], countries=[None, country], langs=["en", "nl"], editions=(False,))
    report_store.place_in_reports_dir(key, [report_store.Entry(None, "en"), report_store.Entry(country, "nl")])
    before = _texts(site["out"])
    assert sum(escape(quote) in t or quote in t for t in before.values()) >= 4   # stored and placed, each format

    destroy_interview(interview, site["keyfile"])
    after = _texts(site["out"])
    assert not any(quote in t or escape(quote) in t for t in after.values())
    assert not [p for p in after if p.endswith((".pdf", ".docx", ".html"))]       # nothing stale is left at all

    key2 = report_store.build_all(site["study"], site["keyfile"], countries=[None, country], langs=["en"], editions=(False,))
    report_store.place_in_reports_dir(key2, [report_store.Entry(None, "en")])
    rebuilt = _texts(site["out"])
    assert rebuilt and key2 != key
    assert not any(quote in t or escape(quote) in t for t in rebuilt.values())


def test_the_key_reads_sqlite_times_as_text_and_stays_what_it_was(site):
    """On SQLite the key reads each final interview's time of change as stored text (fast); the text is the one
    the datetime Django reads makes, so the key is the one read through Django's datetimes; a change moves it."""
    import json

    from django.db import connection

    from fiit.db import report_store
    from fiit.db.report_store.store import _final_interviews, _text

    if connection.vendor != "sqlite":
        pytest.skip("the text read is SQLite's")
    study = site["study"]
    as_text, as_datetimes = _final_interviews(study, as_text=True), _final_interviews(study, as_text=False)
    assert len(as_text) == study.interviews.filter(status="final").count() > 0
    assert any(row[1].microsecond for row in as_datetimes)  # times with microseconds among them
    assert json.dumps(as_text, default=_text) == json.dumps(as_datetimes, default=_text)
    key = report_store.data_version(study)
    interview = study.interviews.filter(status="final").order_by("pk").last()
    interview.save(update_fields=["updated_at"])
    assert report_store.data_version(study) != key

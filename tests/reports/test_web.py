"""Report pages: who may see and download what, and the page obeys the CSP (no inline style or script)."""

from __future__ import annotations

import re

import pytest

from fiit.db.report_store import Entry

PASSWORD = "correct horse battery staple 42"


def store_entries(study, keyfile, *wanted, formats=("body", "html", "pdf", "docx")):
    """Build these reports into the store under the data's current key, as the background builder would."""
    from fiit.db import report_store
    from fiit.db.report_data import report_inputs

    key = report_store.data_version(study)
    inputs = report_inputs(study, keyfile)
    for entry in wanted:
        report_store.render_entry(inputs, key, entry, formats)
    return key


@pytest.fixture
def demo_site(db, tmp_path, monkeypatch, settings, demo_template):
    from fiit.db.users import create_user

    demo = demo_template.copy_into(tmp_path)  # what build_demo writes (tests/support/demo_copy.py)
    keyfile, study = demo.keyfile, demo.study
    settings.KEY_FILE = str(keyfile.path)  # the web app's key file
    monkeypatch.setenv("FIIT_REPORTS_DIR", str(tmp_path / "out"))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "fiit-comparative-en.pdf").write_bytes(b"%PDF-1.7 test")
    # the pages and downloads below read the report store: build what they open (never inside a request)
    store_entries(study, keyfile, Entry(None, "en", public=True), Entry("BE", "en"))
    return {name: create_user(f"t_{name}", role, PASSWORD, country=country)
            for name, role, country in (("viewer", "viewer", None), ("lead_be", "country_lead", "BE"),
                                        ("coordinator", "coordinator", None))}


def test_report_pages_and_downloads_follow_the_access_policy(client, demo_site):
    from tests.support.otp import verified_login

    verified_login(client, demo_site["viewer"])
    page = client.get("/reports/comparative/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('src="data:image/svg+xml;base64,') == 7  # six scales and the ranking
    assert not re.search(r"<style|\sstyle=|<script(?![^>]*\ssrc=)", html)  # CSP: nothing inline
    assert "Synthetic demo data" in html
    assert client.get("/reports/comparative.pdf").status_code == 403      # viewing is not building
    assert client.get("/reports/").status_code == 200
    # one rule for pages, downloads and files (issue 14, L10): the internal (k = 5) file is its builders' only
    assert client.get("/reports/files/fiit-comparative-en.pdf").status_code == 404
    assert client.get("/reports/files/..%2Fkeys.json").status_code == 404
    client.logout()

    verified_login(client, demo_site["lead_be"])
    assert client.get("/reports/comparative.docx").status_code == 403      # a country lead builds their own country
    assert client.get("/reports/country/FR.pdf").status_code == 404      # another country: not found
    own = client.get("/reports/country/BE.docx")
    assert own.status_code == 200 and own.content.startswith(b"PK")
    client.logout()

    client.get("/")
    assert client.get("/reports/comparative/").status_code in (302, 403)  # anonymous: sent to login

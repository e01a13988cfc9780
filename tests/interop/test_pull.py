"""fiit pull: KoboToolbox's data API and ODK Central's OData feed, against a local stub on loopback."""

import pytest

from fiit.instruments import get_instrument
from fiit.interop.submissions.pull import PullInterrupted, kobo_pages, odk_pages, pull, read_token
from tests.interop.samples import sample_submissions

from .api_stub import ApiStub, kobo_records, odk_records
from .support import COUNTRIES, ListStore

TOKEN = "s3cr3t-token-0123456789abcdef"


@pytest.fixture(scope="module")
def victim():
    return get_instrument("victim")


@pytest.fixture(scope="module")
def generated(victim):
    return list(sample_submissions(victim, 8, seed=61))


def _pull(kind, stub, victim, store):
    if kind == "kobo":
        pages = kobo_pages(stub.url, "aBcDeF123", TOKEN, page_size=100)
    else:
        pages = odk_pages(stub.url, 7, "victim", TOKEN, page_size=100)
    return pull(pages, victim, kind, store, known_countries=COUNTRIES, where=stub.url)


def _records(kind, victim, generated, tmp_path):
    return kobo_records(victim, generated) if kind == "kobo" else odk_records(victim, generated, tmp_path)


@pytest.mark.parametrize("kind", ["kobo", "odk"])
def test_a_pull_over_several_pages_imports_everything_once(tmp_path, victim, generated, kind):
    with ApiStub(kind, _records(kind, victim, generated, tmp_path), TOKEN, page_size=3) as stub:
        store = ListStore()
        report = _pull(kind, stub, victim, store)
        assert (report.rows, report.imported, report.rejected) == (8, 8, [])
        assert len(stub.requests) == 3  # 3 + 3 + 2
        assert {s.external_id: s.answers for s in store.stored} == \
            {f"uuid:{g.uuid}": g.answers for g in generated}
        again = _pull(kind, stub, victim, store)
        assert (again.imported, again.duplicates) == (0, 8)
        assert len(store.stored) == 8
        # The token travels in the Authorization header only, never in an address.
        assert all(TOKEN not in path for path, _ in stub.requests)


@pytest.mark.parametrize("kind", ["kobo", "odk"])
def test_an_interrupted_pull_keeps_what_it_stored_and_resumes(tmp_path, victim, generated, kind):
    with ApiStub(kind, _records(kind, victim, generated, tmp_path), TOKEN, page_size=3, fail_page=2) as stub:
        store = ListStore()
        with pytest.raises(PullInterrupted) as info:
            _pull(kind, stub, victim, store)
        assert info.value.report.imported == 3 and len(store.stored) == 3
        assert "503" in str(info.value) and TOKEN not in str(info.value)
        resumed = _pull(kind, stub, victim, store)
        assert (resumed.imported, resumed.duplicates) == (5, 3)
        assert sorted(s.external_id for s in store.stored) == sorted(f"uuid:{g.uuid}" for g in generated)


def test_a_wrong_token_is_refused_without_showing_it(tmp_path, victim, generated):
    with ApiStub("kobo", kobo_records(victim, generated), TOKEN) as stub:
        with pytest.raises(PullInterrupted) as info:
            pull(kobo_pages(stub.url, "a", "wrong-token"), victim, "kobo", ListStore(), known_countries=COUNTRIES)
    assert "401" in str(info.value) and "Check the token file" in str(info.value)
    assert "wrong-token" not in str(info.value)


def test_the_token_comes_from_a_file(tmp_path):
    path = tmp_path / "token"
    path.write_text(f"  {TOKEN}\n")
    assert read_token(path) == TOKEN
    path.write_text("two words\n")
    with pytest.raises(Exception) as info:
        read_token(path)
    assert "two words" not in str(info.value)


def test_fiit_pull_odk_stores_audits_and_never_shows_the_token(db, tmp_path, monkeypatch, victim, generated):
    import json

    from fiit.db.models import AuditEvent, Interview
    from tests.support.cli import invoke

    monkeypatch.chdir(tmp_path)
    keys = tmp_path / "keys" / "fiit-keys.json"
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    assert invoke("--key-file", str(keys), "keys", "init", "--path", str(keys), env=env).returncode == 0
    token_file = tmp_path / "central-token"
    token_file.write_text(TOKEN + "\n")
    with ApiStub("odk", odk_records(victim, generated, tmp_path), TOKEN, page_size=3) as stub:
        args = ("--key-file", str(keys), "pull", "odk", "--server", stub.url, "--project", "7", "--form", "victim",
                "--token-file", str(token_file), "--instrument", "victim")
        first = invoke(*args, "--json", env=env)
        assert first.returncode == 0, first.stderr
        assert json.loads(first.stdout)["imported"] == 8
        second = invoke(*args, env=env)
        assert second.returncode == 0, second.stderr
        assert "imported 0, 8 already imported" in second.stdout
    assert Interview.objects.filter(source="odk").count() == 8
    events = [e.details for e in AuditEvent.objects.filter(action="import")]
    assert events[-1]["via"] == "api" and events[-1]["server"].startswith("127.0.0.1:")
    everything = first.stdout + first.stderr + second.stdout + second.stderr + json.dumps(events)
    assert TOKEN not in everything


def test_a_pull_reads_each_submission_with_the_form_version_it_names(tmp_path, victim):
    """Central's OData names each submission's form version (__system/formVersion); Kobo's JSON holds the form's
    fiit_form_version. Submissions of a 1.1.0 form are stored as 1.1.0 beside the 1.2.0 ones."""
    from fiit.instruments import get_instrument_version
    from fiit.interop.submissions.versions import released_forms

    old = get_instrument_version("victim", "1.1.0")
    old_subs = list(sample_submissions(old, 3, seed=71))
    new_subs = list(sample_submissions(victim, 3, seed=72))
    expected = {**{f"uuid:{s.uuid}": "1.1.0" for s in old_subs}, **{f"uuid:{s.uuid}": "1.2.0" for s in new_subs}}
    for kind in ("odk", "kobo"):
        records = ((kobo_records(old, old_subs) + kobo_records(victim, new_subs)) if kind == "kobo" else
                   (odk_records(old, old_subs, tmp_path) + odk_records(victim, new_subs, tmp_path)))
        if kind == "odk":  # a form made before fiit_form_version: only Central's formVersion says it
            for record in records:
                record.pop("fiit_form_version", None)
        with ApiStub(kind, records, TOKEN, page_size=4) as stub:
            store = ListStore()
            pages = (kobo_pages(stub.url, "aBcDeF123", TOKEN, page_size=4) if kind == "kobo"
                     else odk_pages(stub.url, 7, "victim", TOKEN, page_size=4))
            report = pull(pages, victim, kind, store, known_countries=COUNTRIES, where=stub.url,
                          forms=released_forms(victim))
        assert (report.imported, report.rejected) == (6, []), kind
        assert {s.external_id: s.version for s in store.stored} == expected, kind
        assert {s.external_id: s.answers for s in store.stored} == {
            f"uuid:{s.uuid}": s.answers for s in old_subs + new_subs}, kind

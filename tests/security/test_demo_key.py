"""Issue 14, H3: the demo key file seals synthetic demo data only.

Before the fix, importing into a demo database without --key-file sealed real
interviews under the shared demo key, and `fiit serve --demo` then served them
with two-factor sign-in off under a "synthetic" banner.
"""

import datetime as dt

import pytest

from tests.interop.samples import sample_submissions, write_odk_csv
from tests.support.cli import invoke


@pytest.fixture
def demo_key(tmp_path):
    from fiit.vault import create_key_file

    return create_key_file(tmp_path / "config" / "fiit" / "demo-keys.json", purpose="demo")


@pytest.fixture
def demo_study(db):
    from fiit.db.models import Study

    return Study.objects.create(name="FIIT demo (synthetic)", synthetic=True, seed=1)


def test_real_interview_under_the_demo_key_is_refused_and_nothing_is_written(demo_key, db):
    from fiit.db.models import Interview, Study
    from fiit.db.store import create_interview, sync_frameworks
    from fiit.instruments import get_instrument
    from fiit.vault.keyfile import DemoKeyRefused

    sync_frameworks()
    real = Study.objects.create(name="Real study")
    with pytest.raises(DemoKeyRefused, match="fiit keys init"):
        create_interview(study=real, instrument=get_instrument("victim"), country="BE", language="nl",
                         respondent_code="BE-V-1", interview_date=dt.date(2026, 1, 5), answers={}, keyfile=demo_key)
    assert not Interview.objects.exists()
    # Synthetic data is what the demo key is for.
    synthetic = Study.objects.create(name="Synthetic", synthetic=True)
    create_interview(study=synthetic, instrument=get_instrument("victim"), country="BE", language="nl",
                     respondent_code="BE-V-2", interview_date=dt.date(2026, 1, 5), answers={}, keyfile=demo_key,
                     synthetic=True)
    assert Interview.objects.count() == 1


def test_import_into_a_demo_database_without_a_key_file_is_refused(demo_key, demo_study, tmp_path):
    from fiit.db.models import Interview, Study
    from fiit.instruments import get_instrument

    victim = get_instrument("victim")
    path = write_odk_csv(tmp_path / "real.csv", victim, list(sample_submissions(victim, 3, seed=2)))
    result = invoke("import", "odk", "--instrument", "victim", str(path), "--study", "Real",
                    env={"FIIT_KEY_FILE": None, "XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert result.returncode == 1
    assert "seals synthetic demo data only" in result.stderr and "fiit keys init" in result.stderr
    assert list(Study.objects.values_list("name", flat=True)) == [demo_study.name]  # no study half-made
    assert not Interview.objects.exists()


def test_serve_demo_refuses_a_database_with_a_real_study(db, monkeypatch):
    import fiit.web.server

    from fiit.db.models import Study

    def no_serving(*args, **kwargs):
        raise AssertionError("demo mode started serving a database with real data")

    monkeypatch.setattr(fiit.web.server, "run_server", no_serving)
    Study.objects.create(name="Real study")
    result = invoke("serve", "--demo")
    assert result.returncode == 1
    assert "not synthetic demo data" in result.stderr

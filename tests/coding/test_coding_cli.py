"""fiit codebook / coding / agreement / findings, in-process on the test database."""

from __future__ import annotations

import json

import krippendorff
import numpy as np
import pytest

from tests.support.cli import invoke

pytestmark = pytest.mark.django_db(transaction=True)


def keyfile():
    from fiit.db.keys import current_keyfile

    return current_keyfile()


def key_env():
    return {"FIIT_KEY_FILE": str(keyfile().path)}


def test_codebook_export_import_both_formats(study, tmp_path):
    from fiit.db.coding import current_codebook
    from fiit.db.models import AuditEvent

    for fmt in ("qdc", "csv"):
        out = tmp_path / f"book.{fmt}"
        ran = invoke("codebook", "export", "--format", fmt, "-o", str(out))
        assert ran.returncode == 0, ran.stderr
        ran = invoke("codebook", "import", "--format", fmt, str(out), env=key_env())
        assert ran.returncode == 0, ran.stderr
    assert current_codebook(study).version == "1.0.2"
    assert AuditEvent.objects.filter(action="codebook_saved").count() == 2
    bad = tmp_path / "bad.qdc"
    bad.write_text("<CodeBook xmlns='urn:QDA-XML:codebook:1.0'/>")
    ran = invoke("codebook", "import", "--format", "qdc", str(bad), env=key_env())
    assert ran.returncode == 1 and "schema" in ran.stderr and "nothing was imported" in ran.stderr


def test_agreement_json_equals_krippendorff_on_the_same_codings(interviews, users):
    from fiit.db.coding import apply_code, mark_coded

    be, nc = interviews["be_victim"], interviews["be_victim_no_consent"]
    apply_code(users["analyst"], be.uid, "a1", "shelter_rules", 0, 9, keyfile())
    apply_code(users["lead_be"], be.uid, "a1", "shelter_rules", 0, 9, keyfile())
    apply_code(users["analyst"], nc.uid, "a1", "shelter_rules", 0, 9, keyfile())
    mark_coded(users["lead_be"], nc, "a1")
    ran = invoke("agreement", "--json")
    assert ran.returncode == 0, ran.stderr
    data = json.loads(ran.stdout)
    assert set(data["overall"]) >= {"alpha", "units", "coders"}
    assert data["overall"]["coders"] == 2 and data["overall"]["units"] == 2
    [code] = data["codes"]
    assert set(code) >= {"code", "alpha", "kappa", "units", "coders"}
    order = sorted([str(be.uid), str(nc.uid)])
    row = lambda applied: [1.0 if u in applied else 0.0 for u in order]  # noqa: E731
    expected = krippendorff.alpha(reliability_data=np.array([row({str(be.uid), str(nc.uid)}), row({str(be.uid)})]),
                                  level_of_measurement="nominal")
    assert code["alpha"] == pytest.approx(expected, abs=1e-4)
    assert data["overall"]["alpha"] == pytest.approx(expected, abs=1e-4)
    ran = invoke("agreement")
    assert "shelter_rules" in ran.stdout


def test_coding_export_import_round_trip_through_the_cli(interviews, users, tmp_path):
    from fiit.db.coding import apply_code
    from fiit.db.models import Coding

    be = interviews["be_victim"]
    apply_code(users["analyst"], be.uid, "a1", "shelter_rules", 0, 9, keyfile())
    apply_code(users["analyst"], be.uid, "a1", "return", 3, 12, keyfile())
    fields = ("interview_id", "question_id", "coder", "code", "start", "end", "consensus")
    before = sorted(Coding.objects.values_list(*fields))
    for fmt in ("qdpx", "csv"):
        out = tmp_path / f"codings.{fmt}"
        ran = invoke("coding", "export", "--format", fmt, "--country", "BE", "-o", str(out), env=key_env())
        assert ran.returncode == 0, ran.stderr
        Coding.objects.all().delete()
        ran = invoke("coding", "import", "--format", fmt, "--country", "BE", str(out), env=key_env())
        assert ran.returncode == 0, ran.stderr
        assert ran.stdout.strip() == "2 coding(s) added"
        assert sorted(Coding.objects.values_list(*fields)) == before
    # The same file refused for another country: codings on BE interviews, import limited to FR.
    Coding.objects.all().delete()
    ran = invoke("coding", "import", "--format", "csv", "--country", "FR", str(tmp_path / "codings.csv"),
                 env=key_env())
    assert ran.returncode == 1 and "may not code" in ran.stderr and Coding.objects.count() == 0


def test_findings_list_json(interviews, users):
    from fiit.db.coding import apply_code
    from fiit.db.findings import publish_finding, save_finding
    from fiit.db.models import Coding

    be = interviews["be_victim"]
    apply_code(users["analyst"], be.uid, "a1", "shelter_rules", 0, 9, keyfile())
    finding = save_finding(be.study, theme="accommodation", country="BE", keyfile=keyfile(),
                           statement={"en": "Rules weigh."}, passages=Coding.objects.values_list("pk", flat=True))
    assert json.loads(invoke("findings", "list", "--json", env=key_env()).stdout) == {"findings": []}
    publish_finding(finding, True, actor="test")
    data = json.loads(invoke("findings", "list", "--json", env=key_env()).stdout)
    [item] = data["findings"]
    assert item["statement"] == "Rules weigh." and item["theme"] == "accommodation" and item["published"]
    assert item["support_text"] == ["raised by some of the 2 victims in Belgium"]
    assert item["support"][0]["n"] is None and item["support"][0]["N"] == 2

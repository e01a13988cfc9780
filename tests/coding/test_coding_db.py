"""Coding in the database: access, agreement from stored codings, QDA exchange all or nothing, findings."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from fiit.coding.refi_schema import SCHEMAS
from tests.coding.conftest import TEXTS

pytestmark = pytest.mark.django_db


def keyfile():
    from fiit.db.keys import current_keyfile

    return current_keyfile()


def audit_actions() -> list[str]:
    from fiit.db.models import AuditEvent

    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


def test_coders_code_only_where_the_role_table_lets_them(interviews, users):
    from fiit.db.coding import apply_code
    from fiit.db.errors import UserError

    be, fr = interviews["be_victim"], interviews["fr_victim"]
    apply_code(users["analyst"], be.uid, "a1", "shelter_rules", 0, 10, keyfile())
    apply_code(users["lead_be"], be.uid, "a1", "shelter_rules", 0, 10, keyfile())
    with pytest.raises(UserError, match="no such interview"):
        apply_code(users["lead_be"], fr.uid, "a1", "shelter_rules", 0, 10, keyfile())
    with pytest.raises(UserError, match="no such interview"):
        apply_code(users["interviewer_be"], be.uid, "a1", "shelter_rules", 0, 10, keyfile())
    with pytest.raises(UserError, match="does not lie inside"):
        apply_code(users["analyst"], be.uid, "a1", "shelter_rules", 0, 10_000, keyfile())
    with pytest.raises(UserError, match="not a code"):
        apply_code(users["analyst"], be.uid, "a1", "themes", 0, 5, keyfile())  # a branch, not codable
    with pytest.raises(UserError, match="not an open answer"):
        apply_code(users["analyst"], interviews["be_policymaker"].uid, "sd_name", "status", 0, 5, keyfile())


def test_reading_answers_for_coding_is_audited_without_text(interviews, users):
    from fiit.db.coding import coding_interviews, open_answers
    from fiit.db.models import AuditEvent

    qs = coding_interviews(users["lead_be"], interviews["be_victim"].study, instrument_id="victim")
    answers = open_answers(qs, keyfile(), question_id="a1", actor="lead_be")
    assert {a.text for a in answers} == {TEXTS["be_victim"], TEXTS["be_victim_no_consent"]}  # never FR, never a draft
    event = AuditEvent.objects.filter(action="coding_read").last()
    assert event.actor == "lead_be" and event.details["answer_count"] == 2
    assert TEXTS["be_victim"] not in str(event.details)


def code_both(interviews, users):
    from fiit.db.coding import apply_code, mark_coded

    be, nc = interviews["be_victim"], interviews["be_victim_no_consent"]
    apply_code(users["analyst"], be.uid, "a1", "shelter_rules", 3, 20, keyfile())
    apply_code(users["lead_be"], be.uid, "a1", "shelter_rules", 5, 22, keyfile())
    apply_code(users["analyst"], nc.uid, "a1", "return", 0, 12, keyfile())
    mark_coded(users["lead_be"], nc, "a1")


def test_agreement_from_stored_codings_matches_krippendorff_directly(interviews, users):
    import krippendorff
    import numpy as np

    from fiit.coding.agreement import agreement
    from fiit.db.coding import reliability_data
    from fiit.db.models import Interview

    code_both(interviews, users)
    codings, seen = reliability_data(Interview.objects.all())
    result = agreement(codings, seen=seen)
    by_code = {c.code: c for c in result.codes}
    # Units (sorted by answer): two answers, coders analyst and lead_be, both looked at both.
    be_first = str(interviews["be_victim"].uid) < str(interviews["be_victim_no_consent"].uid)
    shelter = [[1, 0], [1, 0]] if be_first else [[0, 1], [0, 1]]
    ret = [[0, 1], [0, 0]] if be_first else [[1, 0], [0, 0]]
    assert by_code["return"].alpha == pytest.approx(
        krippendorff.alpha(reliability_data=np.array(ret, float), level_of_measurement="nominal"))
    assert by_code["shelter_rules"].alpha is not None and by_code["shelter_rules"].alpha == pytest.approx(1.0)
    assert result.alpha == pytest.approx(krippendorff.alpha(
        reliability_data=np.hstack([np.array(ret, float), np.array(shelter, float)]), level_of_measurement="nominal"))


def test_qdpx_export_validates_and_import_round_trips_every_coding(interviews, users):
    from fiit.db.coding_exchange import export_project, import_project
    from fiit.db.models import Coding, Interview

    code_both(interviews, users)
    study = interviews["be_victim"].study
    allowed = Interview.objects.filter(country_id="BE", status="final")
    data = export_project(study, allowed, keyfile(), actor="analyst")
    qde = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("project.qde"))
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "Project-mrt2019.xsd")))
    assert schema.validate(qde), schema.error_log
    assert TEXTS["be_policymaker_name"].encode() not in data  # identifying fields never leave
    assert "qda_export" in audit_actions()
    fields = ("interview_id", "question_id", "coder", "code", "start", "end")
    before = sorted(Coding.objects.values_list(*fields))
    Coding.objects.all().delete()
    added, report = import_project(study, data, allowed, keyfile(), actor="analyst")
    assert report.valid, report.problems
    assert added == len(before) and sorted(Coding.objects.values_list(*fields)) == before


ANOTHER_TOOL = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="coded in another tool" origin="OtherQDA 2.0">
  <Users><User guid="{{0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9}}" name="dora"/></Users>
  <CodeBook><Codes><Code guid="{{{guid}}}" name="Shelter rules" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="{{6E5D4C3B-2A19-4807-96F5-E4D3C2B1A090}}" name="{name}" plainTextPath="internal://mine.txt">
      <PlainTextSelection guid="{{5E5D4C3B-2A19-4807-96F5-E4D3C2B1A091}}" startPosition="{start}" endPosition="{end}">
        <Coding guid="{{4E5D4C3B-2A19-4807-96F5-E4D3C2B1A092}}" creatingUser="{{0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9}}">
          <CodeRef targetGUID="{{{guid}}}"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>"""


def project_from_another_tool(interview, text: str, start: int, end: int, name: str | None = None) -> bytes:
    """A .qdpx written per the standard as another tool would: its own source guid, braced upper-case guids,
    the source named by respondent code and question, its text in sources/."""
    from fiit.coding import default_codebook

    xml = ANOTHER_TOOL.format(guid=default_codebook().code("shelter_rules").guid.upper(),
                              name=name or f"{interview.respondent_code} a1", start=start, end=end)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        archive.writestr("sources/mine.txt", text.encode("utf-8"))
    return buffer.getvalue()


def test_a_project_from_another_tool_adds_its_codings_to_the_right_answer(interviews):
    from fiit.db.coding_exchange import import_project
    from fiit.db.models import Coding, Interview

    be = interviews["be_victim"]
    data = project_from_another_tool(be, TEXTS["be_victim"], 4, 30)
    added, report = import_project(be.study, data, Interview.objects.filter(country_id="BE"), keyfile(),
                                   actor="lead_be")
    assert report.valid, report.problems
    assert added == 1
    coding = Coding.objects.get()
    assert (coding.interview_id, coding.question_id, coding.coder, coding.code, coding.start, coding.end) == \
        (be.pk, "a1", "dora", "shelter_rules", 4, 30)


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["zip_bomb", "unsafe_path", "schema", "unknown_answer_other_country",
                                  "unknown_answer", "source_changed", "bad_passage"])
def test_each_kind_of_bad_project_is_refused_and_leaves_nothing(interviews, kind):
    from fiit.db.coding_exchange import import_project
    from fiit.db.models import AuditEvent, Coding, Interview

    be, fr = interviews["be_victim"], interviews["fr_victim"]
    good = project_from_another_tool(be, TEXTS["be_victim"], 4, 30)
    data = {
        "zip_bomb": zipped({"project.qde": b" " * (40 * 1024 * 1024)}),
        "unsafe_path": zipped({"project.qde": zipfile.ZipFile(io.BytesIO(good)).read("project.qde"),
                               "../../outside.txt": b"x"}),
        "schema": zipped({"project.qde": b"<Project xmlns='urn:QDA-XML:project:1.0' name='x'><Bad/></Project>"}),
        "unknown_answer_other_country": project_from_another_tool(fr, TEXTS["fr_victim"], 0, 5),
        "unknown_answer": project_from_another_tool(be, TEXTS["be_victim"], 4, 30, name="NOBODY-1 a1"),
        "source_changed": project_from_another_tool(be, TEXTS["be_victim"] + " (edited)", 4, 30),
        "bad_passage": project_from_another_tool(be, TEXTS["be_victim"], 4, 9999),
    }[kind]
    events = AuditEvent.objects.count()
    # A good coding first in the same file would be lost too: the import is all or nothing.
    added, report = import_project(be.study, data, Interview.objects.filter(country_id="BE"), keyfile(),
                                   actor="lead_be")
    assert added == 0 and not report.valid
    expected = {"unknown_answer_other_country": "unknown_answer"}.get(kind, kind)
    assert report.errors[0].code == expected, report.errors
    if kind == "unknown_answer_other_country":
        assert "may not code" in report.errors[0].message
    assert Coding.objects.count() == 0
    assert not AuditEvent.objects.filter(action="qda_import").exists()
    del events


def test_findings_are_sealed_and_published_with_support_under_disclosure_control(interviews, users):
    from fiit.db.coding import apply_code
    from fiit.db.findings import publish_finding, published_findings, save_finding
    from fiit.db.models import Coding, Finding

    be = interviews["be_victim"]
    apply_code(users["analyst"], be.uid, "a1", "shelter_rules", 3, 20, keyfile())
    apply_code(users["analyst"], interviews["be_policymaker"].uid, "q1", "shelter_rules", 0, 10, keyfile())
    finding = save_finding(be.study, theme="accommodation", country="BE", keyfile=keyfile(), actor="analyst",
                           statement={"en": "Shelter rules feel like confinement.",
                                      "nl": "Opvangregels voelen als opsluiting."},
                           passages=Coding.objects.values_list("pk", flat=True))
    assert b"confinement" not in bytes(Finding.objects.get().sealed_statement)
    assert published_findings(be.study, "BE", "en", keyfile()) == []  # a draft is not published
    publish_finding(finding, True, actor="lead_be")
    [published] = published_findings(be.study, "BE", "nl", keyfile())
    assert published.statement == "Opvangregels voelen als opsluiting."
    # 1 of the 1 BE policymaker interviewed: fewer than 3 interviewed, withheld; 1 of 2 final BE victims: < k.
    assert published.support_text == (
        "steun niet getoond: minder dan 3 beleidsmakers geïnterviewd in België",
        "aangehaald door enkele van de 2 slachtoffers in België",
    )


def test_a_frozen_quote_survives_an_edit_of_the_answer_and_needs_consent(interviews, users):
    from fiit.db.answers import write_answers
    from fiit.db.errors import UserError
    from fiit.db.frozen_quotes import freeze_quote, frozen_quotes
    from fiit.db.store import instrument_of
    from fiit.db.answers import read_answers

    be = interviews["be_victim"]
    quote = freeze_quote(users["lead_be"], be.uid, "a1", 0, len(TEXTS["be_victim"]), theme="accommodation",
                         keyfile=keyfile(), redact_names=["opvang"])
    assert TEXTS["be_victim"].encode() not in bytes(quote.sealed_text)
    answers = read_answers(be, instrument_of(be), keyfile())
    write_answers(be, instrument_of(be), {**answers, "a1": "Changed later."}, keyfile())
    [(_q, text)] = frozen_quotes(be.study, keyfile())
    assert text == TEXTS["be_victim"].replace("opvang", "[…]")
    with pytest.raises(UserError, match="consent"):
        freeze_quote(users["lead_be"], interviews["be_victim_no_consent"].uid, "a1", 0, 5, theme="status",
                     keyfile=keyfile())
    with pytest.raises(UserError, match="no such interview"):
        freeze_quote(users["lead_be"], interviews["fr_victim"].uid, "a1", 0, 5, theme="status", keyfile=keyfile())

"""REFI-QDA: exports valid against the schemas, round trips, hostile files refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from fiit.coding import default_codebook
from fiit.coding.codebook import codebook_from_dict
from fiit.coding.codings import AnswerRef, Coding
from fiit.coding.qdc import export_qdc, import_qdc
from fiit.coding.qdpx import ExportCase, ExportSource, export_qdpx, import_qdpx, source_guid
from fiit.coding.refi_schema import SCHEMAS

TEXT = "Ik voelde me opgesloten in de opvang, maar de psycholoog sprak mijn taal."


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def sample():
    answer = AnswerRef("7f8a1c3e-0000-4000-8000-000000000001", "a1")
    sources = [ExportSource(answer, "BE-V-001", TEXT)]
    cases = [ExportCase(answer.interview, "BE-V-001", {"country": "BE", "group": "victim", "gender": "female"})]
    codings = [Coding(answer, "ann", "shelter_rules", 3, 35), Coding(answer, "bob", "shelter_rules", 14, 35),
               Coding(answer, "bob", "psychologist_own_language", 42, 73)]
    return answer, sources, cases, codings


def test_qdc_export_is_valid_against_the_codebook_schema_and_round_trips():
    book = default_codebook()
    data = export_qdc(book)
    assert schema("Codebook.xsd").validate(etree.fromstring(data))
    imported, report = import_qdc(data, current=book)
    assert report.valid, report.problems
    again = codebook_from_dict(imported)
    assert again.to_dict()["codes"] == book.to_dict()["codes"]
    assert again.version != book.version  # an import is a new version


def test_qdpx_export_validates_and_round_trips_every_coding():
    book = default_codebook()
    answer, sources, cases, codings = sample()
    data = export_qdpx("test", book, sources, cases, codings)
    archive = zipfile.ZipFile(io.BytesIO(data))
    qde = etree.fromstring(archive.read("project.qde"))
    assert schema("Project-mrt2019.xsd").validate(qde), schema("Project-mrt2019.xsd").error_log
    assert archive.read(f"sources/{source_guid(answer)}.txt").decode() == TEXT
    # Respondent attributes travel as REFI variables; the case is named by the respondent code only.
    ns = {"q": "urn:QDA-XML:project:1.0"}
    assert qde.xpath("//q:Case/@name", namespaces=ns) == ["BE-V-001"]
    assert sorted(qde.xpath("//q:Variable/@name", namespaces=ns)) == ["country", "gender", "group"]
    project, report = import_qdpx(data, current=book)
    assert report.valid, report.problems
    guid_to_code = {c.guid: c.id for c in book}
    back = sorted((c.source_guid, guid_to_code[c.code_guid], c.coder, c.start, c.end) for c in project.codings)
    assert back == sorted((source_guid(c.answer), c.code, c.coder, c.start, c.end) for c in codings)


OTHER_TOOL = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="coded elsewhere" origin="AnotherQDA 3.1">
  <Users><User guid="{{11111111-2222-4333-8444-555555555555}}" name="dora"/></Users>
  <CodeBook><Codes>
    <Code guid="{shelter}" name="Shelter rules" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{source}" name="BE-V-001 a1">
      <PlainTextContent>{text}</PlainTextContent>
      <PlainTextSelection guid="aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" startPosition="3" endPosition="35"
          creatingUser="11111111-2222-4333-8444-555555555555">
        <Coding guid="ffffffff-bbbb-4ccc-8ddd-eeeeeeeeeeee" creatingUser="11111111-2222-4333-8444-555555555555">
          <CodeRef targetGUID="{shelter}"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>"""


def other_tool_project(answer) -> bytes:
    book = default_codebook()
    xml = OTHER_TOOL.format(shelter=book.code("shelter_rules").guid.upper(), source=source_guid(answer), text=TEXT)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", xml)
    return buffer.getvalue()


def test_a_project_written_by_another_tool_reads_with_inline_text_and_braced_guids():
    answer, *_ = sample()
    project, report = import_qdpx(other_tool_project(answer), current=default_codebook())
    assert report.valid, report.problems
    [coding] = project.codings
    assert (coding.coder, coding.start, coding.end, coding.source_text) == ("dora", 3, 35, TEXT)
    assert coding.code_guid == default_codebook().code("shelter_rules").guid


def zipped(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("data, code", [
    (b"not a zip at all", "not_zip"),
    (zipped({"../../etc/evil.txt": b"x", "project.qde": b"<x/>"}), "unsafe_path"),
    (zipped({"/abs/path.txt": b"x"}), "unsafe_path"),
    (zipped({"sources\\..\\x.txt": b"x"}), "unsafe_path"),
    (zipped({"project.qde": b"\0" * (30 * 1024 * 1024)}), "zip_bomb"),
    (zipped({"readme.txt": b"hello"}), "no_project"),
    (zipped({"project.qde": b"<Project xmlns='urn:QDA-XML:project:1.0'><Wrong/></Project>"}), "schema"),
    (zipped({"project.qde": b"<Project xmlns='urn:other'/>"}), "schema"),
    (zipped({"project.qde": b"<?xml version='1.0'?><!DOCTYPE p [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;'>]>"
                            b"<Project xmlns='urn:QDA-XML:project:1.0' name='&b;'/>"}), "doctype"),
    (zipped({"project.qde": b"<Project"}), "not_xml"),
])
def test_hostile_or_wrong_projects_are_refused_with_a_reason(data, code):
    project, report = import_qdpx(data, current=default_codebook())
    assert project is None and not report.valid
    assert report.errors[0].code == code, report.errors
    assert report.errors[0].message


def test_a_missing_source_file_is_refused():
    answer, sources, cases, codings = sample()
    data = export_qdpx("t", default_codebook(), sources, cases, codings)
    archive = zipfile.ZipFile(io.BytesIO(data))
    broken = zipped({"project.qde": archive.read("project.qde")})
    project, report = import_qdpx(broken)
    assert project is None and report.errors[0].code == "missing_source"


def test_qdc_with_wrong_schema_is_refused():
    project, report = import_qdc(b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes/></CodeBook>")
    assert project is None and report.errors[0].code == "schema"

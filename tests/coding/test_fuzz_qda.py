"""Issue 14, evidence: fuzzing the REFI-QDA readers (hypothesis), beside tests/security/test_fuzz_parsers.py.

A codebook (.qdc) and a project (.qdpx) that fiit itself exported, then mutated: a slice of the XML
replaced, bytes of the zip flipped, a source text changed, or arbitrary bytes. The readers must accept
the file or refuse it with fiit's own problem report (or a FiitError): never another exception. The
database import must be all or nothing: a refused project adds no coding, no coded-answer mark and no
audit entry; an accepted one adds exactly the codings it holds. Cases: tests/support/fuzzing.py.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fiit.coding import default_codebook
from fiit.coding.codings import AnswerRef, Coding
from fiit.coding.qdc import export_qdc, import_qdc
from fiit.coding.qdpx import ExportCase, ExportSource, export_qdpx, import_qdpx
from fiit.problems import FiitError
from tests.support.fuzzing import FUZZ

BOOK = default_codebook()
QDC = export_qdc(BOOK).decode("utf-8")
TEXT = "Ik voelde me opgesloten in de opvang, maar de psycholoog sprak mijn taal."
ANSWER = AnswerRef("7f8a1c3e-0000-4000-8000-000000000001", "a1")
QDPX = export_qdpx("fuzz", BOOK, [ExportSource(ANSWER, "BE-V-001", TEXT)],
                   [ExportCase(ANSWER.interview, "BE-V-001", {"country": "BE", "group": "victim"})],
                   [Coding(ANSWER, "ann", "shelter_rules", 3, 35), Coding(ANSWER, "bob", "psychologist_own_language",
                                                                          42, 73)])
MEMBERS = {name: zipfile.ZipFile(io.BytesIO(QDPX)).read(name) for name in zipfile.ZipFile(io.BytesIO(QDPX)).namelist()}


def mutated(text: str):
    """The text with a slice replaced by arbitrary characters (keeps most of the structure)."""
    return st.tuples(st.integers(0, len(text)), st.integers(0, 40), st.text(max_size=40)).map(
        lambda t: text[:t[0]] + t[2] + text[t[0] + t[1]:])


def flipped(data: bytes):
    return st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(1, 255)), min_size=1, max_size=4).map(
        lambda flips: _flip(data, flips))


def _flip(data: bytes, flips) -> bytes:
    out = bytearray(data)
    for position, mask in flips:
        out[position] ^= mask
    return bytes(out)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_member(name: str, strategy):
    return strategy.map(lambda text: zipped({**MEMBERS, name: text.encode("utf-8", "surrogatepass")}))


def read_or_refuse(reader, data: bytes):
    try:
        result, report = reader(data, current=BOOK)
    except FiitError:
        return None
    assert result is not None or not report.valid
    return result, report


@FUZZ
@given(st.one_of(mutated(QDC).map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=400)))
def test_codebook_files(data):
    read_or_refuse(import_qdc, data)


@FUZZ
@given(st.one_of(
    with_member("project.qde", mutated(MEMBERS["project.qde"].decode("utf-8"))),
    with_member(next(n for n in MEMBERS if n.startswith("sources/")), mutated(TEXT)),
    flipped(QDPX),
    st.binary(max_size=400),
    st.binary(max_size=200).map(lambda junk: zipped({**MEMBERS, "project.qde": junk}))))
def test_project_archives(data):
    read_or_refuse(import_qdpx, data)


# A change drawn without knowing the file (its size differs between exports): where, as a fraction.
changes = st.one_of(
    st.tuples(st.just("xml"), st.floats(0, 1), st.integers(0, 40), st.text(max_size=40)),
    st.tuples(st.just("bytes"), st.lists(st.tuples(st.floats(0, 1), st.integers(1, 255)), min_size=1, max_size=4)))


def changed(exported: bytes, change) -> bytes:
    if change[0] == "bytes":
        return _flip(exported, [(min(int(f * len(exported)), len(exported) - 1), m) for f, m in change[1]])
    _kind, where, cut, text = change
    members = {n: zipfile.ZipFile(io.BytesIO(exported)).read(n) for n in zipfile.ZipFile(io.BytesIO(exported)).namelist()}
    qde = members["project.qde"].decode("utf-8")
    at = int(where * len(qde))
    members["project.qde"] = (qde[:at] + text + qde[at + cut:]).encode("utf-8", "surrogatepass")
    return zipped(members)


@pytest.mark.django_db
@FUZZ
@given(change=changes)
def test_project_import_into_the_database_is_all_or_nothing(interviews, users, change):
    from fiit.db.coding_exchange import export_project, import_project
    from fiit.db.keys import current_keyfile
    from fiit.db.models import AuditEvent, CodedAnswer, Coding, Interview
    from tests.coding.test_coding_db import code_both

    study = interviews["be_victim"].study
    allowed = Interview.objects.filter(country_id="BE", status="final")
    exported = EXPORTED.get(study.pk)
    if exported is None:
        code_both(interviews, users)
        exported = EXPORTED[study.pk] = export_project(study, allowed, current_keyfile(), actor="analyst")
    Coding.objects.all().delete()
    CodedAnswer.objects.all().delete()
    imports_before = AuditEvent.objects.filter(action="qda_import").count()
    try:
        added, report = import_project(study, changed(exported, change), allowed, current_keyfile(), actor="analyst")
    except FiitError:
        added, report = 0, None
    if report is None or not report.valid:
        assert added == 0
        assert not Coding.objects.exists() and not CodedAnswer.objects.exists()
        assert AuditEvent.objects.filter(action="qda_import").count() == imports_before
    else:
        assert Coding.objects.count() == added


EXPORTED: dict[int, bytes] = {}  # one export per test run (its bytes differ between exports)


def test_a_broken_deflate_stream_is_refused_not_a_crash():
    """What the fuzzer found: zlib.error escaped read_archive (before: an unexpected exception)."""
    archive = zipfile.ZipFile(io.BytesIO(QDPX))
    info = archive.getinfo("project.qde")
    assert info.compress_type == zipfile.ZIP_DEFLATED
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    broken = bytearray(QDPX)
    broken[start] = 0xFF  # a deflate block of the reserved type 3
    project, report = import_qdpx(bytes(broken), current=BOOK)
    assert project is None and [p.code for p in report.problems] == ["damaged_member"]

"""A REFI-QDA project (``.qdpx``: ``project.qde`` and its ``sources/``) of chosen answers, both ways.

Export: one text source per answer (``sources/<guid>.txt``, referenced as ``internal://<guid>.txt``),
one case per respondent (named by the respondent code only) with the respondent's attributes as REFI
variables, the codebook, one user per coder, and each coding as a plain-text selection with its code.
Guids are derived from fiit's identities (uuid5), so a tool that keeps them — every REFI tool does on a
round trip — lets the codings come back to the same answers.

Import: the archive passes :mod:`fiit.coding.archive`, ``project.qde`` is validated against
``schemas/Project-mrt2019.xsd``, and the codings are returned with the source they sit in (guid and
name), the code (guid) and the coder (the user's name). Matching sources to stored answers, checking
access and writing are the database's job (:mod:`fiit.db.coding_exchange`), all or nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from lxml import etree

from fiit.coding.archive import ArchiveRefused, read_archive
from fiit.coding.codebook import Codebook
from fiit.coding.codings import AnswerRef, Coding
from fiit.coding.qdc import code_elements, codes_from_elements
from fiit.coding.refi_schema import PROJECT_NS, parse_and_validate
from fiit.problems import Problem, Report

_NS = uuid.UUID("0c9b2f0e-3d61-4f4e-8c55-8f3a8e0a9d21")  # fiit's namespace for project guids
P = f"{{{PROJECT_NS}}}"


def source_guid(answer: AnswerRef) -> str:
    return str(uuid.uuid5(_NS, f"answer/{answer.interview}/{answer.question_id}"))


def source_name(respondent_code: str, question_id: str) -> str:
    return f"{respondent_code} {question_id}"


def user_guid(name: str) -> str:
    return str(uuid.uuid5(_NS, f"coder/{name}"))


def case_guid(interview: str) -> str:
    return str(uuid.uuid5(_NS, f"case/{interview}"))


@dataclass(frozen=True)
class ExportSource:
    answer: AnswerRef
    respondent_code: str
    text: str


@dataclass(frozen=True)
class ExportCase:
    interview: str
    respondent_code: str
    variables: Mapping[str, str]


@dataclass(frozen=True)
class ImportedCoding:
    source_guid: str
    source_name: str
    source_text: str | None
    code_guid: str
    coder: str
    start: int
    end: int


@dataclass
class ImportedProject:
    codes: list[dict] = field(default_factory=list)
    codings: list[ImportedCoding] = field(default_factory=list)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def project_xml(name: str, codebook: Codebook, sources: Sequence[ExportSource], cases: Sequence[ExportCase],
                codings: Sequence[Coding]) -> bytes:
    root = etree.Element(P + "Project", nsmap={None: PROJECT_NS}, name=name, origin="fiit",
                         creationDateTime=_now())
    coders = sorted({c.coder for c in codings})
    if coders:
        users = etree.SubElement(root, P + "Users")
        for coder in coders:
            etree.SubElement(users, P + "User", guid=user_guid(coder), name=coder)
    book = etree.SubElement(root, P + "CodeBook")
    code_elements(etree.SubElement(book, P + "Codes"), codebook, PROJECT_NS)
    variable_names = sorted({k for case in cases for k in case.variables})
    var_guid = {v: str(uuid.uuid5(_NS, f"variable/{v}")) for v in variable_names}
    if variable_names:
        variables = etree.SubElement(root, P + "Variables")
        for v in variable_names:
            etree.SubElement(variables, P + "Variable", guid=var_guid[v], name=v, typeOfVariable="Text")
    by_interview: dict[str, list[ExportSource]] = {}
    for s in sources:
        by_interview.setdefault(s.answer.interview, []).append(s)
    if cases:
        cases_el = etree.SubElement(root, P + "Cases")
        for case in cases:
            el = etree.SubElement(cases_el, P + "Case", guid=case_guid(case.interview), name=case.respondent_code)
            for v in variable_names:
                if v in case.variables and case.variables[v] not in (None, ""):
                    vv = etree.SubElement(el, P + "VariableValue")
                    etree.SubElement(vv, P + "VariableRef", targetGUID=var_guid[v])
                    etree.SubElement(vv, P + "TextValue").text = str(case.variables[v])
            for s in by_interview.get(case.interview, ()):
                etree.SubElement(el, P + "SourceRef", targetGUID=source_guid(s.answer))
    guid_of = {c.id: c.guid for c in codebook}
    by_answer: dict[AnswerRef, list[Coding]] = {}
    for c in codings:
        by_answer.setdefault(c.answer, []).append(c)
    if sources:
        sources_el = etree.SubElement(root, P + "Sources")
        for s in sources:
            guid = source_guid(s.answer)
            el = etree.SubElement(sources_el, P + "TextSource", guid=guid,
                                  name=source_name(s.respondent_code, s.answer.question_id),
                                  plainTextPath=f"internal://{guid}.txt")
            for c in sorted(by_answer.get(s.answer, ()), key=lambda c: (c.start, c.end, c.code, c.coder)):
                identity = f"coding/{s.answer}/{c.coder}/{c.code}/{c.start}/{c.end}"
                sel = etree.SubElement(el, P + "PlainTextSelection", guid=str(uuid.uuid5(_NS, identity + "/sel")),
                                       startPosition=str(c.start), endPosition=str(c.end),
                                       creatingUser=user_guid(c.coder))
                coding = etree.SubElement(sel, P + "Coding", guid=str(uuid.uuid5(_NS, identity)),
                                          creatingUser=user_guid(c.coder))
                etree.SubElement(coding, P + "CodeRef", targetGUID=guid_of[c.code])
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def export_qdpx(name: str, codebook: Codebook, sources: Sequence[ExportSource], cases: Sequence[ExportCase],
                codings: Sequence[Coding]) -> bytes:
    """The ``.qdpx`` archive: ``project.qde`` and one UTF-8 text file per answer under ``sources/``."""
    unknown = sorted({c.code for c in codings} - {c.id for c in codebook})
    if unknown:
        raise ValueError(f"codings use codes not in the codebook: {', '.join(unknown)}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_xml(name, codebook, sources, cases, codings))
        for s in sources:
            archive.writestr(f"sources/{source_guid(s.answer)}.txt", s.text.encode("utf-8"))
    return buffer.getvalue()


def _source_text(el: etree._Element, archive, file: str) -> tuple[str | None, Problem | None]:
    content = el.find(P + "PlainTextContent")
    if content is not None:
        return content.text or "", None
    path = el.get("plainTextPath")
    if not path:
        return None, None
    if not path.startswith("internal://"):
        return None, Problem("external_source", f"Source '{el.get('name') or el.get('guid')}' points to a file "
                                                f"outside the project ({path[:60]}); only internal sources are read.",
                             file=file)
    name = "sources/" + path[len("internal://"):]
    data = archive.get(name)
    if data is None:
        return None, Problem("missing_source", f"The project names the source file '{name}', which is not in the "
                                               "archive.", file=file)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return None, Problem("source_encoding", f"The source file '{name}' is not UTF-8 text.", file=file)


def import_qdpx(data: bytes, *, file: str = "project.qdpx", current: Codebook | None = None
                ) -> tuple[ImportedProject | None, Report]:
    """(the project's codes and codings, problems). Refuses a hostile or invalid archive whole."""
    report = Report()
    try:
        archive = read_archive(data, file=file, wanted=lambda n: n == "project.qde" or n.startswith("sources/"))
    except ArchiveRefused as refused:
        report.add(refused.problem)
        return None, report
    qde = archive.get("project.qde")
    if qde is None:
        report.add(Problem("no_project", "The archive holds no project.qde, so it is not a REFI-QDA project.",
                           file=file))
        return None, report
    root, problems = parse_and_validate(qde, "project", file=f"{file}:project.qde")
    report.extend(problems)
    if root is None:
        return None, report
    users = {u.get("guid").strip("{}").lower(): (u.get("name") or u.get("id") or u.get("guid"))
             for u in root.iter(P + "User")}
    project = ImportedProject()
    codes_el = root.find(f"{P}CodeBook/{P}Codes")
    if codes_el is not None:
        project.codes = codes_from_elements(codes_el, PROJECT_NS, current)
    for src in root.iter(P + "TextSource"):
        if src.getparent().tag != P + "Sources":
            continue
        text, problem = _source_text(src, archive, file)
        if problem:
            report.add(problem)
            continue
        for sel in src.findall(P + "PlainTextSelection"):
            for coding in sel.findall(P + "Coding"):
                user = (coding.get("creatingUser") or sel.get("creatingUser") or "").strip("{}").lower()
                project.codings.append(ImportedCoding(
                    source_guid=src.get("guid").strip("{}").lower(), source_name=src.get("name") or "",
                    source_text=text, code_guid=coding.find(P + "CodeRef").get("targetGUID").strip("{}").lower(),
                    coder=users.get(user, user or "imported"), start=int(sel.get("startPosition")),
                    end=int(sel.get("endPosition"))))
    return (project if report.valid else None), report

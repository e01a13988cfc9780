"""The codebook as a REFI-QDA codebook file (``.qdc``, QDA-XML codebook 1.0), both ways.

A ``.qdc`` carries one name and one description per code, so it carries the English label and, as the
description, the English definition and example ("Example: …" on its last paragraph). Importing matches
codes by guid to the codebook in use, which keeps their ids, theme and other languages; a code with a new
guid gets an id made from its name. Every file written is valid against ``schemas/Codebook.xsd``; every
file read is checked against it first.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from lxml import etree

from fiit.coding.codebook import Codebook, check_codebook
from fiit.coding.refi_schema import CODEBOOK_NS, parse_and_validate
from fiit.problems import Problem, Report

_EXAMPLE = "Example: "
MAX_QDC_BYTES = 5 * 1024 * 1024


def description(definition: str, example: str) -> str:
    if example and example != "—":
        return f"{definition}\n\n{_EXAMPLE}{example}" if definition else f"{_EXAMPLE}{example}"
    return definition


def split_description(text: str) -> tuple[str, str]:
    text = (text or "").strip()
    head, sep, tail = text.rpartition("\n\n" + _EXAMPLE)
    if sep:
        return head.strip(), tail.strip()
    if text.startswith(_EXAMPLE):
        return "", text[len(_EXAMPLE):].strip()
    return text, ""


def code_elements(parent: etree._Element, codebook: Codebook, ns: str, parent_id: str | None = None) -> None:
    for code in codebook.children(parent_id):
        el = etree.SubElement(parent, f"{{{ns}}}Code", guid=code.guid, name=code.name("en"),
                              isCodable="true" if code.codable else "false")
        text = description(code.definition.get("en", ""), code.example.get("en", ""))
        if text:
            etree.SubElement(el, f"{{{ns}}}Description").text = text
        code_elements(el, codebook, ns, code.id)


def export_qdc(codebook: Codebook) -> bytes:
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS},
                         origin=f"fiit codebook {codebook.id} {codebook.version}")
    codes = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    code_elements(codes, codebook, CODEBOOK_NS)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    out = re.sub(r"[^a-z0-9]+", "_", ascii_name).strip("_")[:50]
    return out if out and out[0].isalpha() else f"code_{out}".rstrip("_")


def codes_from_elements(codes_el: etree._Element, ns: str, current: Codebook | None) -> list[dict[str, Any]]:
    """Plain code records from nested QDA-XML ``Code`` elements (the .qdc's or a project's codebook)."""
    known = current.by_guid() if current is not None else {}
    out: list[dict[str, Any]] = []
    used: set[str] = set()

    def walk(el: etree._Element, parent: str | None) -> None:
        for code_el in el.findall(f"{{{ns}}}Code"):
            guid = code_el.get("guid").strip("{}").lower()
            name = code_el.get("name")
            desc_el = code_el.find(f"{{{ns}}}Description")
            definition, example = split_description(desc_el.text if desc_el is not None else "")
            old = known.get(guid)
            if old is not None:
                record = {"id": old.id, "theme": old.theme, "label": {**old.label, "en": name},
                          "definition": {**old.definition, "en": definition} if definition else dict(old.definition),
                          "example": {**old.example, "en": example} if example else dict(old.example)}
            else:
                base, n = slug(name), 2
                code_id = base
                while code_id in used or (current is not None and code_id in current):
                    code_id, n = f"{base}_{n}", n + 1
                record = {"id": code_id, "label": {"en": name}, "definition": {"en": definition} if definition else {},
                          "example": {"en": example} if example else {}}
            record.update(parent=parent, codable=code_el.get("isCodable") in ("true", "1"), guid=guid)
            used.add(record["id"])
            out.append(record)
            walk(code_el, record["id"])

    walk(codes_el, None)
    return out


def import_qdc(data: bytes, *, file: str = "codebook.qdc", current: Codebook | None = None,
               version: str | None = None, themes: tuple[str, ...] | None = None
               ) -> tuple[dict[str, Any] | None, Report]:
    """(codebook data for :func:`fiit.coding.codebook.codebook_from_dict`, problems) from a ``.qdc``."""
    report = Report()
    if len(data) > MAX_QDC_BYTES:
        report.add(Problem("too_large", f"The file is larger than {MAX_QDC_BYTES // (1024 * 1024)} MB; a codebook "
                                        "is never that big.", file=file))
        return None, report
    root, problems = parse_and_validate(data, "codebook", file=file)
    report.extend(problems)
    if root is None:
        return None, report
    codes = codes_from_elements(root.find(f"{{{CODEBOOK_NS}}}Codes"), CODEBOOK_NS, current)
    book = {"id": current.id if current else "imported", "version": version or _next_version(current),
            "name": dict(current.name) if current else {"en": root.get("origin") or "Imported codebook"},
            "codes": codes}
    report.extend(check_codebook(book, file=file, themes=themes).problems)
    return (book if report.valid else None), report


def _next_version(current: Codebook | None) -> str:
    if current is None:
        return "1.0.0"
    parts = current.version.split(".")
    try:
        parts[-1] = str(int(parts[-1]) + 1)
        return ".".join(parts)
    except ValueError:
        return current.version + ".1"

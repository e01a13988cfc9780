"""Validating QDA-XML against the REFI-QDA schemas (``schemas/``, see its README for source and version)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

from fiit.problems import Problem

SCHEMAS = Path(__file__).with_name("schemas")
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
_FILES = {"codebook": "Codebook.xsd", "project": "Project-mrt2019.xsd"}


@lru_cache(maxsize=2)
def schema(kind: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / _FILES[kind])))


def safe_parser() -> etree.XMLParser:
    """No entities resolved, no network, no DTD, no huge trees: a hostile file cannot reach out or blow up."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True)


def parse_and_validate(data: bytes, kind: str, *, file: str) -> tuple[etree._Element | None, list[Problem]]:
    """The root element of ``data`` if it is well-formed QDA-XML valid against the ``kind`` schema."""
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        return None, [Problem("not_xml", f"The file is not well-formed XML ({exc.msg}).", file=file)]
    if root.getroottree().docinfo.doctype:
        return None, [Problem("doctype", "The file declares a DTD; REFI-QDA files have none, so it is refused.",
                              file=file)]
    checker = schema(kind)
    if not checker.validate(root):
        errors = list(checker.error_log)[:5]
        return None, [Problem("schema", f"The file does not follow the REFI-QDA {kind} schema: line {e.line}: "
                                        f"{e.message}", file=file) for e in errors]
    return root, []

"""The codebook: hierarchical codes, each with a label, a definition and an example in the five languages.

A codebook is versioned (``version``); the database keeps every version a coordinator saves
(:mod:`fiit.db.coding`), so a coding always names the code as it was defined when it was applied.
Codes are identified by a stable ``id`` (letters, digits, ``_``); their REFI-QDA guid is derived from
the codebook id and the code id (uuid5), so exporting the same codebook twice gives the same guids
and a tool that round-trips a ``.qdc`` keeps them.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml

from fiit.problems.errors import FiitError
from fiit.i18n import Text, pick
from fiit.problems import Problem, Report

DEFAULT_PATH = Path(__file__).with_name("data") / "codebook.yaml"
_ID = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_GUID_NAMESPACE = uuid.UUID("6b1f5a52-4c7e-4e0b-9f55-3e8a2c1d0f17")  # fiit's namespace for code guids


@dataclass(frozen=True)
class Code:
    id: str
    label: Text
    definition: Text = field(default_factory=dict)
    example: Text = field(default_factory=dict)
    parent: str | None = None
    theme: str | None = None     # the study theme this code's branch belongs to, if any
    codable: bool = True
    guid: str = ""

    def name(self, lang: str = "en") -> str:
        return pick(self.label, lang)


@dataclass(frozen=True)
class Codebook:
    id: str
    version: str
    name: Text
    codes: tuple[Code, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {c.id: c for c in self.codes})

    def __contains__(self, code_id: str) -> bool:
        return code_id in self._by_id

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def code(self, code_id: str) -> Code:
        return self._by_id[code_id]

    def by_guid(self) -> dict[str, Code]:
        return {c.guid.lower(): c for c in self.codes}

    def children(self, code_id: str | None) -> list[Code]:
        return [c for c in self.codes if c.parent == code_id]

    def codable(self) -> list[Code]:
        return [c for c in self.codes if c.codable]

    def path(self, code_id: str) -> list[Code]:
        """The code and its ancestors, root first."""
        out, seen, current = [], set(), self._by_id.get(code_id)
        while current is not None and current.id not in seen:
            seen.add(current.id)
            out.append(current)
            current = self._by_id.get(current.parent) if current.parent else None
        return out[::-1]

    def theme_of(self, code_id: str) -> str | None:
        """The study theme a code belongs to (its own, or the nearest ancestor's)."""
        for code in reversed(self.path(code_id)):
            if code.theme:
                return code.theme
        return None

    def depth_first(self) -> list[tuple[int, Code]]:
        """(depth, code) in tree order, for display."""
        out: list[tuple[int, Code]] = []

        def walk(parent: str | None, depth: int) -> None:
            for child in self.children(parent):
                out.append((depth, child))
                walk(child.id, depth + 1)

        walk(None, 0)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "name": dict(self.name), "codes": [
            {k: v for k, v in {
                "id": c.id, "parent": c.parent, "theme": c.theme, "codable": c.codable,
                "label": dict(c.label), "definition": dict(c.definition), "example": dict(c.example),
                "guid": c.guid}.items() if v not in (None, {})}
            for c in self.codes]}


def code_guid(codebook_id: str, code_id: str) -> str:
    return str(uuid.uuid5(_GUID_NAMESPACE, f"{codebook_id}/{code_id}"))


def check_codebook(data: Mapping[str, Any], *, file: str | None = None,
                   themes: tuple[str, ...] | None = None) -> Report:
    """Problems of a codebook as plain data (from YAML, a .qdc or a CSV): ids, parents, cycles, labels."""
    report = Report()

    def err(code: str, message: str, row: int | None = None) -> None:
        report.add(Problem(code, message, file=file, row=row))

    codes = data.get("codes")
    if not isinstance(codes, list) or not codes:
        err("no_codes", "The codebook holds no codes.")
        return report
    seen: dict[str, int] = {}
    for row, raw in enumerate(codes, start=1):
        if not isinstance(raw, Mapping):
            err("bad_code", f"Code {row} is not a list of fields.", row)
            continue
        code_id = str(raw.get("id") or "")
        if not _ID.match(code_id):
            err("bad_code_id", f"Code {row} has the id '{code_id}'; an id is lower-case letters, digits and "
                               "'_', starting with a letter.", row)
        elif code_id in seen:
            err("duplicate_code", f"The id '{code_id}' is used twice (codes {seen[code_id]} and {row}).", row)
        else:
            seen[code_id] = row
        label = raw.get("label")
        if not isinstance(label, Mapping) or not str(label.get("en") or "").strip():
            err("no_label", f"Code '{code_id}' needs at least an English label.", row)
        theme = raw.get("theme")
        if theme and themes is not None and theme not in themes:
            err("unknown_theme", f"Code '{code_id}' names the theme '{theme}'; the themes are "
                                 f"{', '.join(themes)}.", row)
    parents = {str(c.get("id")): c.get("parent") for c in codes if isinstance(c, Mapping)}
    for code_id, parent in parents.items():
        if parent and parent not in parents:
            err("unknown_parent", f"Code '{code_id}' has the parent '{parent}', which is not in the codebook.",
                seen.get(code_id))
    for start in parents:
        node, steps = start, 0
        while node and steps <= len(parents):
            node, steps = parents.get(node), steps + 1
        if steps > len(parents):
            err("parent_cycle", f"Code '{start}' is its own ancestor; its parents form a loop.", seen.get(start))
            break
    return report


def codebook_from_dict(data: Mapping[str, Any]) -> Codebook:
    """A codebook from plain data already checked by :func:`check_codebook`."""
    book_id = str(data.get("id") or "fiit-codebook")

    def text(value: Any) -> dict[str, str]:
        if isinstance(value, Mapping):
            return {str(k): str(v) for k, v in value.items() if v not in (None, "")}
        return {"en": str(value)} if value not in (None, "") else {}

    codes = tuple(Code(
        id=str(raw["id"]), label=text(raw.get("label")), definition=text(raw.get("definition")),
        example=text(raw.get("example")), parent=raw.get("parent") or None, theme=raw.get("theme") or None,
        codable=bool(raw.get("codable", True)),
        guid=str(raw.get("guid") or code_guid(book_id, str(raw["id"])))) for raw in data["codes"])
    return Codebook(id=book_id, version=str(data.get("version") or "1.0.0"), name=text(data.get("name")),
                    codes=codes)


class CodebookError(FiitError):
    """A shipped codebook file is broken (a defect of fiit, not of the user's data)."""

    code = "codebook"
    server_side = True


def load_codebook(path: Path, *, themes: tuple[str, ...] | None = None) -> Codebook:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    report = check_codebook(data, file=str(path), themes=themes)
    if not report.valid:
        raise CodebookError("; ".join(str(p) for p in report.errors))
    return codebook_from_dict(data)


@lru_cache(maxsize=1)
def default_codebook() -> Codebook:
    """The codebook fiit ships: the study's themes with their sub-topics, and Ager & Strang's domains."""
    from fiit.coding.themes import study_themes

    return load_codebook(DEFAULT_PATH, themes=study_themes())

"""Problems found in data, returned as results rather than raised.

Validating an instrument file, a framework file, a set of answers, or an import
row yields a :class:`Report`: ``valid`` plus a list of :class:`Problem`, each
saying where (file, row, column, question id, path in a data file) and what: a
code and its parameters, rendered from the catalogue (:mod:`fiit.problems.catalogue`)
in the reader's language when shown. ``message`` is the English sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from fiit.problems.catalogue import has, render


@dataclass(frozen=True)
class Problem:
    """One thing wrong (an error) or worth a look (a warning)."""

    code: str
    message: str = ""  # the English sentence; filled from the catalogue when the code is there
    question_id: str | None = None
    file: str | None = None
    row: int | None = None
    column: str | None = None
    severity: str = "error"
    params: dict[str, Any] = field(default_factory=dict, compare=False)
    path: str | None = None  # where inside a data file (a framework's 'permits.rows[2].year')

    def __post_init__(self) -> None:
        if not self.message and has(self.code):
            object.__setattr__(self, "message", render(self.code, "en", **self.params))

    def text(self, lang: str = "en") -> str:
        """The sentence in ``lang``, from the catalogue (or the English message for an uncatalogued code)."""
        return render(self.code, lang, **self.params) if has(self.code) else self.message

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        if self.path:
            parts.append(self.path)
        if self.question_id:
            parts.append(f"question {self.question_id}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"[{where}] {self.message}" if where else self.message

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message, "severity": self.severity}
        for key in ("question_id", "file", "row", "column", "path"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass
class Report:
    """The outcome of a check: errors make it invalid, warnings do not."""

    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def codes(self) -> list[str]:
        return [p.code for p in self.problems]

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
        }

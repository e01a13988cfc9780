"""Problems found in data, returned as results rather than raised.

Validating an instrument file, a set of answers, or an import row yields a
:class:`Report`: ``valid`` plus a list of :class:`Problem`, each saying where
(file, row, column, question id) and what, in a sentence a non-programmer can
act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable


@dataclass(frozen=True)
class Problem:
    """One thing wrong (an error) or worth a look (a warning)."""

    code: str
    message: str
    question_id: str | None = None
    file: str | None = None
    row: int | None = None
    column: str | None = None
    severity: str = "error"
    params: dict[str, Any] = field(default_factory=dict, compare=False)

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        if self.question_id:
            parts.append(f"question {self.question_id}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"[{where}] {self.message}" if where else self.message

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message, "severity": self.severity}
        for key in ("question_id", "file", "row", "column"):
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

"""Findings: statements for a theme, per country or comparative, written by an analyst and resting on
coded passages; good practices and conclusions are findings of their own kinds (a conclusion goes to the
report's Conclusions chapter, whatever its theme).

What reaches a report is a :class:`PublishedFinding`: the statement in the report's language, its theme
and kind, and its support per respondent group, already through disclosure control
(:mod:`fiit.coding.support`). The database builds them (:func:`fiit.db.findings.published_findings`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fiit.coding.support import Support

KINDS = ("finding", "good_practice", "conclusion")
STATUSES = ("draft", "published")


@dataclass(frozen=True)
class PublishedFinding:
    id: int
    theme: str
    kind: str
    country: str | None           # None: a comparative finding
    statement: str
    support: tuple[Support, ...] = field(default_factory=tuple)
    support_text: tuple[str, ...] = field(default_factory=tuple)   # one sentence per group, in the language
    passages: int = 0             # coded passages it rests on

    def to_dict(self) -> dict:
        return {"id": self.id, "theme": self.theme, "kind": self.kind, "country": self.country,
                "statement": self.statement, "support": [s.to_dict() for s in self.support],
                "support_text": list(self.support_text), "passages": self.passages}

"""The report model: what a report says, independent of how it is rendered.

A :class:`Report` is a title page (title, subtitle, notice) and a list of
:class:`Section`; a section holds blocks in reading order — :class:`Paragraph`,
:class:`TableBlock`, :class:`Figure`, :class:`Quote`, :class:`Recommendation` —
and sub-sections. Every number in it has already passed disclosure control
(the builder applies one :class:`~fiit.analysis.DisclosureContext` per report);
renderers only lay it out. Nothing in the model is a respondent code, a name or
an open answer, except quotes that were consented to and approved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Union


@dataclass(frozen=True)
class Paragraph:
    text: str
    emphasis: bool = False  # a notice or a key finding, set apart by the renderer
    ref: str = ""           # id of a table or figure this paragraph points to


@dataclass(frozen=True)
class Footnote:
    """A numbered note under a table: a framework fact's caveat, conflict or dispute, and its source."""

    mark: str   # "1", "2", … within the table
    text: str


@dataclass(frozen=True)
class TableBlock:
    """A real table: one header row, body rows of text cells, a caption and a source.

    ``marks`` puts footnote marks on cells: (row, column) -> marks, row -1 being
    the header; ``footnotes`` are printed under the table in mark order.
    """

    id: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    source: str = ""
    note: str = ""
    total_row: bool = False  # the last row is a total
    footnotes: tuple[Footnote, ...] = ()
    marks: dict = field(default_factory=dict, compare=False, hash=False)

    def cell_marks(self, row: int, column: int) -> tuple[str, ...]:
        return self.marks.get((row, column), ())


@dataclass
class Chart:
    """A chart drawn on demand, once per format asked for (SVG for HTML/PDF, PNG for DOCX)."""

    draw: Callable[[str], bytes]  # format ("svg" or "png") -> the image
    _cache: dict = field(default_factory=dict, repr=False)

    def image(self, fmt: str) -> bytes:
        if fmt not in self._cache:
            self._cache[fmt] = self.draw(fmt)
        return self._cache[fmt]


@dataclass(frozen=True)
class Figure:
    id: str
    caption: str
    alt: str  # a sentence that says what the chart shows, for screen readers and print
    chart: Chart
    note: str = ""
    source: str = ""


@dataclass(frozen=True)
class Quote:
    text: str
    theme: str
    attribution: str  # e.g. "victim, Belgium": never a code or a name


@dataclass(frozen=True)
class Evidence:
    """What a recommendation rests on, as a readable reference and the block it points to."""

    label: str
    target: str = ""  # id of a table or figure in this report ("" when outside it)


@dataclass(frozen=True)
class Recommendation:
    theme: str
    text: str
    country: str | None
    evidence: tuple[Evidence, ...] = ()


Block = Union[Paragraph, TableBlock, Figure, Quote, Recommendation]


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    sections: list["Section"] = field(default_factory=list)

    def add(self, *blocks: Block) -> "Section":
        self.blocks.extend(blocks)
        return self

    def sub(self, id: str, title: str) -> "Section":
        child = Section(id, title)
        self.sections.append(child)
        return child

    def walk(self, depth: int = 1):
        """(depth, section) for this section and every sub-section, in order."""
        yield depth, self
        for child in self.sections:
            yield from child.walk(depth + 1)


@dataclass
class Report:
    kind: str                    # "country" | "comparative"
    country: str | None          # ISO code of a country report
    lang: str
    title: str
    subtitle: str
    k: int
    synthetic: bool
    notice: str                  # the synthetic-data notice ("" for real data)
    generated: str               # date, ISO
    labels: dict[str, str] = field(default_factory=dict)  # renderer strings in the report's language
    sections: list[Section] = field(default_factory=list)

    def walk(self):
        for s in self.sections:
            yield from s.walk()

    def blocks(self, kind: type | None = None):
        for _, section in self.walk():
            for b in section.blocks:
                if kind is None or isinstance(b, kind):
                    yield b

    def numbering(self) -> dict[str, str]:
        """Block id -> "Table 3" / "Figure 2" ("3. táblázat" in Hungarian), numbered in reading order."""
        out, counts = {}, {"table": 0, "figure": 0}
        for block in self.blocks():
            kind = "table" if isinstance(block, TableBlock) else "figure" if isinstance(block, Figure) else None
            if kind:
                counts[kind] += 1
                template = self.labels.get(f"{kind}_n", kind.title() + " {n}")
                out[block.id] = template.format(n=counts[kind])
        return out

    def slug(self) -> str:
        return f"fiit-{self.kind}" + (f"-{self.country.lower()}" if self.country else "") + f"-{self.lang}"

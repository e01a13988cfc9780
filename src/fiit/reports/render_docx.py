"""Render a report as DOCX with python-docx: Word headings, real tables with a
repeated header row, charts as PNG, the synthetic-data notice in every footer."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from fiit.reports.model import Figure, Paragraph, Quote, Recommendation, Report, Section, TableBlock

NOTICE_RED = RGBColor(0xA0, 0x00, 0x00)


def _repeat_header(row) -> None:
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


class _Writer:
    def __init__(self, report: Report):
        self.report = report
        self.numbers = report.numbering()
        self.doc = Document()
        style = self.doc.styles["Normal"]
        style.font.name = "DejaVu Sans"
        style.font.size = Pt(9.5)
        for s in self.doc.sections:
            s.left_margin = s.right_margin = Cm(2)

    def small(self, text: str, italic: bool = False) -> None:
        run = self.doc.add_paragraph().add_run(text)
        run.font.size = Pt(8)
        run.italic = italic

    def paragraph(self, p: Paragraph) -> None:
        suffix = f" ({self.numbers[p.ref]})" if p.ref in self.numbers else ""
        run = self.doc.add_paragraph().add_run(p.text + suffix)
        run.bold = p.emphasis

    def table(self, t: TableBlock) -> None:
        cap = self.doc.add_paragraph(style="Caption")
        cap.add_run(f"{self.numbers[t.id]}. {t.caption}")
        table = self.doc.add_table(rows=1, cols=len(t.header))
        table.style = "Table Grid"
        for cell, value in zip(table.rows[0].cells, t.header):
            cell.text = value
            cell.paragraphs[0].runs[0].bold = True
        _repeat_header(table.rows[0])
        for i, row in enumerate(t.rows):
            cells = table.add_row().cells
            for cell, value in zip(cells, row):
                cell.text = value
                if t.total_row and i == len(t.rows) - 1:
                    cell.paragraphs[0].runs[0].bold = True
        for row in table.rows:
            for cell in row.cells:
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(8)
        self._foot(t.note, t.source)

    def _foot(self, note: str, source: str) -> None:
        if note:
            self.small(f"{self.report.labels.get('note', 'Note')}: {note}")
        if source:
            self.small(f"{self.report.labels.get('source', 'Source')}: {source}", italic=True)

    def figure(self, f: Figure) -> None:
        self.doc.add_picture(io.BytesIO(f.chart.image("png")), width=Cm(15))
        picture = self.doc.inline_shapes[-1]
        picture._inline.docPr.set("descr", f.alt)  # alternative text
        cap = self.doc.add_paragraph(style="Caption")
        cap.add_run(f"{self.numbers[f.id]}. {f.caption}")
        self._foot(f.note, f.source)

    def quote(self, q: Quote) -> None:
        p = self.doc.add_paragraph(style="Quote")
        p.add_run(q.text)
        p.add_run(f" — {q.attribution}").italic = False

    def recommendation(self, r: Recommendation) -> None:
        self.doc.add_paragraph(r.text, style="Intense Quote")
        if r.evidence:
            self.doc.add_paragraph().add_run(self.report.labels.get("evidence", "Evidence") + ":").bold = True
            for e in r.evidence:
                target = self.numbers.get(e.target)
                self.doc.add_paragraph(e.label + (f" ({target})" if target else ""), style="List Bullet")

    def section(self, s: Section, depth: int) -> None:
        self.doc.add_heading(s.title, level=min(depth, 9))
        handlers = {Paragraph: self.paragraph, TableBlock: self.table, Figure: self.figure,
                    Quote: self.quote, Recommendation: self.recommendation}
        for block in s.blocks:
            handlers[type(block)](block)
        for child in s.sections:
            self.section(child, depth + 1)

    def cover(self) -> None:
        r = self.report
        if r.notice:
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(r.notice)
            run.bold, run.font.color.rgb, run.font.size = True, NOTICE_RED, Pt(12)
            for s in self.doc.sections:
                foot = s.footer.paragraphs[0]
                foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
                frun = foot.add_run(r.notice)
                frun.bold, frun.font.color.rgb, frun.font.size = True, NOTICE_RED, Pt(8)
        self.doc.add_heading(r.title, level=0)
        self.doc.add_paragraph(r.subtitle)
        self.doc.core_properties.title = r.title
        self.doc.core_properties.language = r.lang
        self.doc.add_page_break()

    def build(self) -> Document:
        self.cover()
        for s in self.report.sections:
            self.section(s, 1)
        return self.doc


def build_docx(report: Report) -> Document:
    """The python-docx Document of ``report`` (not yet saved)."""
    return _Writer(report).build()


def save_docx(document: Document) -> bytes:
    """The renderer alone: a finished Document to bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_docx(report: Report) -> bytes:
    return save_docx(build_docx(report))

"""Render a report as DOCX with python-docx: Word headings, real tables with a
repeated header row, charts as PNG, the synthetic-data notice in every footer."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt, RGBColor

from fiit.reports.model import Figure, Paragraph, Quote, Recommendation, Report, Section, TableBlock

NOTICE_RED = RGBColor(0xA0, 0x00, 0x00)


TABLE_FONT_HALF_POINTS = 16  # 8 pt


def _cell_xml(text: str, width: int, bold: bool, marks: tuple[str, ...] = ()) -> str:
    run_props = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{TABLE_FONT_HALF_POINTS}"/></w:rPr>'
    run = f'<w:r>{run_props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    if marks:  # footnote marks, superscript
        run += (f'<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="{TABLE_FONT_HALF_POINTS}"/></w:rPr>'
                f'<w:t xml:space="preserve">{escape(",".join(marks))}</w:t></w:r>')
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p>{run}</w:p></w:tc>'


def table_xml(header, rows, total_row: bool, width: int, marks=None) -> str:
    """A Word table ("Table Grid" style) as WordprocessingML: the header row repeats on every page,
    cells in 8 pt, the header and a total row in bold. Written as one string: python-docx's
    cell-by-cell API takes a hundred times longer for the same XML."""
    cols = max(len(header), 1)
    col = width // cols
    out = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>'
           '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
           'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>']
    out.append(f'<w:gridCol w:w="{col}"/>' * cols)
    out.append('</w:tblGrid><w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>')
    marks = marks or {}
    out.extend(_cell_xml(h, col, True, marks.get((-1, j), ())) for j, h in enumerate(header))
    out.append("</w:tr>")
    for i, row in enumerate(rows):
        bold = total_row and i == len(rows) - 1
        out.append("<w:tr>" + "".join(_cell_xml(v, col, bold, marks.get((i, j), ())) for j, v in enumerate(row))
                   + "</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


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
        section = self.doc.sections[0]
        self.text_width = int((section.page_width - section.left_margin - section.right_margin) / 635)  # twips
        # style ids looked up once: python-docx looks a style up by name on every paragraph otherwise
        self.style_ids: dict[str, str] = {}

    def styled(self, text: str, style: str):
        if style not in self.style_ids:
            self.style_ids[style] = self.doc.styles[style].style_id
        p = self.doc.add_paragraph(text)
        p._p.style = self.style_ids[style]
        return p

    def small(self, text: str, italic: bool = False) -> None:
        run = self.doc.add_paragraph().add_run(text)
        run.font.size = Pt(8)
        run.italic = italic

    def paragraph(self, p: Paragraph) -> None:
        suffix = f" ({self.numbers[p.ref]})" if p.ref in self.numbers else ""
        run = self.doc.add_paragraph().add_run(p.text + suffix)
        run.bold = p.emphasis

    def table(self, t: TableBlock) -> None:
        self.styled(f"{self.numbers[t.id]}. {t.caption}", "Caption")
        self.doc.element.body._insert_tbl(parse_xml(table_xml(t.header, t.rows, t.total_row, self.text_width,
                                                              t.marks)))
        for fn in t.footnotes:
            self.small(f"{fn.mark}. {fn.text}")
        self._foot(t.note, t.source)

    def _foot(self, note: str, source: str) -> None:
        if note:
            self.small(f"{self.report.labels.get('note', 'Note')}{self.report.labels.get('colon', ': ')}{note}")
        if source:
            self.small(f"{self.report.labels.get('source', 'Source')}{self.report.labels.get('colon', ': ')}{source}",
                       italic=True)

    def figure(self, f: Figure) -> None:
        self.doc.add_picture(io.BytesIO(f.chart.image("png")), width=Cm(15))
        picture = self.doc.inline_shapes[-1]
        picture._inline.docPr.set("descr", f.alt)  # alternative text
        self.styled(f"{self.numbers[f.id]}. {f.caption}", "Caption")
        self._foot(f.note, f.source)

    def quote(self, q: Quote) -> None:
        p = self.styled(q.text, "Quote")
        p.add_run(f" — {q.attribution}").italic = False

    def recommendation(self, r: Recommendation) -> None:
        self.styled(r.text, "Intense Quote")
        if r.evidence:
            self.doc.add_paragraph().add_run(self.report.labels.get("evidence", "Evidence") + ":").bold = True
            for e in r.evidence:
                target = self.numbers.get(e.target)
                self.styled(e.label + (f" ({target})" if target else ""), "List Bullet")

    def section(self, s: Section, depth: int) -> None:
        self.styled(s.title, f"Heading {min(depth, 9)}")
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

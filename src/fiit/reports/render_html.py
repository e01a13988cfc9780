"""Render a report as HTML: a standalone document (CSS in the file, charts as
SVG data URIs, print rules for WeasyPrint) or, for the web app, the body alone
(no inline style or script: the page's template and stylesheet frame it).
"""

from __future__ import annotations

import base64
import re
from html import escape
from importlib import resources

from fiit.reports.model import Figure, Paragraph, Quote, Recommendation, Report, Section, TableBlock


NUMERIC = re.compile(r"^[–\d.,\s\[\]()=n-]*$")


def _td(cell: str, marks: str = "") -> str:
    return f'<td class="n">{escape(cell)}{marks}</td>' if NUMERIC.match(cell) else f"<td>{escape(cell)}{marks}</td>"


def _marks(t: TableBlock, row: int, column: int) -> str:
    """Footnote marks of a cell as superscript links to the notes under the table."""
    return "".join(f'<sup class="fn"><a href="#{escape(t.id)}-fn{m}">{escape(m)}</a></sup>'
                   for m in t.cell_marks(row, column))


def stylesheet() -> str:
    """The CSS of the standalone document (screen and print)."""
    return resources.files("fiit.reports").joinpath("assets", "report.css").read_text(encoding="utf-8")


def data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


class _Writer:
    def __init__(self, report: Report, image_src=None):
        self.report = report
        self.numbers = report.numbering()
        self.image_src = image_src or (lambda fig: data_uri(fig.chart.image("svg"), "image/svg+xml"))
        self.out: list[str] = []

    def w(self, s: str) -> None:
        self.out.append(s)

    def paragraph(self, p: Paragraph) -> None:
        ref = ""
        if p.ref and p.ref in self.numbers:
            ref = f' (<a href="#{escape(p.ref)}">{escape(self.numbers[p.ref])}</a>)'
        cls = ' class="emphasis"' if p.emphasis else ""
        self.w(f"<p{cls}>{escape(p.text)}{ref}</p>\n")

    def table(self, t: TableBlock) -> None:
        cls = "table with-notes" if t.footnotes else "table"  # long notes may run on to the next page
        # A wide table scrolls in its own box (keyboard-reachable, named by its caption), never the page.
        self.w(f'<figure class="{cls}" id="{escape(t.id)}"><div class="table-scroll" role="region" tabindex="0" '
               f'aria-labelledby="{escape(t.id)}-caption"><table>\n')
        self.w(f"<caption id=\"{escape(t.id)}-caption\"><span class=\"num\">{escape(self.numbers[t.id])}.</span> "
               f"{escape(t.caption)}</caption>\n")
        self.w("<thead><tr>" + "".join(f'<th scope="col">{escape(h)}{_marks(t, -1, j)}</th>'
                                       for j, h in enumerate(t.header)) + "</tr></thead>\n<tbody>\n")
        for i, row in enumerate(t.rows):
            total = t.total_row and i == len(t.rows) - 1
            cells = f'<th scope="row">{escape(row[0])}{_marks(t, i, 0)}</th>' + "".join(
                _td(c, _marks(t, i, j)) for j, c in enumerate(row[1:], start=1))
            self.w(f'<tr class="total">{cells}</tr>\n' if total else f"<tr>{cells}</tr>\n")
        self.w("</tbody></table></div>\n")
        if t.footnotes:
            self.w(f'<ol class="footnotes" aria-label="{escape(self.report.labels.get("footnotes", "Notes"))}">\n')
            for fn in t.footnotes:
                self.w(f'<li id="{escape(t.id)}-fn{escape(fn.mark)}" value="{escape(fn.mark)}">{escape(fn.text)}</li>\n')
            self.w("</ol>\n")
        self._foot(t.note, t.source)
        self.w("</figure>\n")

    def _foot(self, note: str, source: str) -> None:
        labels = self.report.labels
        if note:
            self.w(f'<p class="note">{escape(labels.get("note", "Note"))}{escape(labels.get("colon", ": "))}{escape(note)}</p>\n')
        if source:
            self.w(f'<p class="source">{escape(labels.get("source", "Source"))}{escape(labels.get("colon", ": "))}{escape(source)}</p>\n')

    def figure(self, f: Figure) -> None:
        self.w(f'<figure class="chart" id="{escape(f.id)}">\n')
        self.w(f'<img src="{escape(self.image_src(f))}" alt="{escape(f.alt)}">\n')
        self.w(f"<figcaption><span class=\"num\">{escape(self.numbers[f.id])}.</span> {escape(f.caption)}</figcaption>\n")
        self._foot(f.note, f.source)
        self.w("</figure>\n")

    def quote(self, q: Quote) -> None:
        self.w(f"<blockquote><p>{escape(q.text)}</p><footer>— {escape(q.attribution)}</footer></blockquote>\n")

    def recommendation(self, r: Recommendation) -> None:
        self.w(f'<div class="recommendation"><p>{escape(r.text)}</p>\n')
        if r.evidence:
            self.w(f'<p class="evidence">{escape(self.report.labels.get("evidence", "Evidence"))}:</p><ul>\n')
            for e in r.evidence:
                target = self.numbers.get(e.target)
                link = f' (<a href="#{escape(e.target)}">{escape(target)}</a>)' if target else ""
                self.w(f"<li>{escape(e.label)}{link}</li>\n")
            self.w("</ul>\n")
        self.w("</div>\n")

    def section(self, s: Section, depth: int) -> None:
        level = min(depth + 1, 6)
        self.w(f'<section id="{escape(s.id)}">\n<h{level}>{escape(s.title)}</h{level}>\n')
        for block in s.blocks:
            {Paragraph: self.paragraph, TableBlock: self.table, Figure: self.figure,
             Quote: self.quote, Recommendation: self.recommendation}[type(block)](block)
        for child in s.sections:
            self.section(child, depth + 1)
        self.w("</section>\n")

    def body(self) -> str:
        r = self.report
        self.w('<header class="cover">\n')
        if r.notice:
            self.w(f'<p class="synthetic-notice">{escape(r.notice)}</p>\n')
        self.w(f"<h1>{escape(r.title)}</h1>\n<p class=\"subtitle\">{escape(r.subtitle)}</p>\n")
        self.w(f'<nav class="toc"><h2>{escape(r.labels.get("contents", "Contents"))}</h2><ol>\n')
        for s in r.sections:
            self.w(f'<li><a href="#{escape(s.id)}">{escape(s.title)}</a></li>\n')
        self.w("</ol></nav>\n</header>\n")
        for s in r.sections:
            self.section(s, 1)
        if r.notice:
            self.w(f'<footer class="synthetic-notice">{escape(r.notice)}</footer>\n')
        return "".join(self.out)


def render_body(report: Report, image_src=None) -> str:
    """The report's content as an HTML fragment (for the web app's template)."""
    return _Writer(report, image_src).body()


def render_html(report: Report, image_src=None) -> str:
    """A standalone HTML document: open it in a browser, print it, or hand it to WeasyPrint."""
    notice = escape(report.notice).replace('"', "")
    css = stylesheet()
    if report.notice:
        css += f'\n@page {{ @bottom-left {{ content: "{notice}"; color: #a00000; font-weight: bold; }} }}\n'
    return (f'<!DOCTYPE html>\n<html lang="{escape(report.lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(report.title)}</title>\n<style>\n{css}</style>\n</head>\n"
            f'<body class="fiit-report">\n{render_body(report, image_src)}</body>\n</html>\n')

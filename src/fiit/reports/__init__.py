"""Reports: one report model, rendered to HTML, PDF (WeasyPrint) and DOCX (python-docx) (pure core).

:func:`build_report` turns plain inputs (:class:`ReportInputs`: frames per
instrument, country frameworks, approved quotes, published recommendations)
into a :class:`Report` — a country report or the comparative report, structured
as the FIIT report — with every interview figure protected through one
:class:`~fiit.analysis.DisclosureContext`. :func:`write_report` renders it.
Modules: model, builder, sections, frameworks (Annex 2 tables), charts, texts
(en, nl; headings also fr, it, hu), render_html, render_pdf, render_docx, output.
"""

from fiit.reports.builder import QuoteInput, RecommendationInput, ReportInputs, build_report
from fiit.reports.model import Evidence, Figure, Paragraph, Quote, Recommendation, Report, Section, TableBlock
from fiit.reports.output import FORMATS, parse_formats, render, write_report

__all__ = ["FORMATS", "Evidence", "Figure", "Paragraph", "Quote", "QuoteInput", "Recommendation",
           "RecommendationInput", "Report", "ReportInputs", "Section", "TableBlock", "build_report",
           "parse_formats", "render", "write_report"]

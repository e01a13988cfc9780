"""Render a report as PDF: WeasyPrint on the standalone HTML (charts as SVG data URIs)."""

from __future__ import annotations

from fiit.reports.model import Report
from fiit.reports.render_html import render_html


PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str) -> bytes:
    """The renderer alone: a finished HTML document to PDF bytes (no network: a fetcher that refuses)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # data: URIs only: a report never fetches a file or anything from the network.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    # Tagged PDF/UA-1: headings, tables, figures with their alternative text reach screen readers.
    return HTML(string=html, url_fetcher=fetcher, base_url=".").write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(report: Report, html: str | None = None) -> bytes:
    """PDF bytes of ``report`` (pass ``html`` when the standalone HTML is already rendered)."""
    return html_to_pdf(html if html is not None else render_html(report))

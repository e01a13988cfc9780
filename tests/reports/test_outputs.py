"""The comparative report of the demo study, read back from PDF and DOCX."""

from __future__ import annotations

import io
import re
import subprocess

import pytest

from tests.reports.conftest import docx_text, pdf_text

COUNTRIES = ("Belgium", "France", "Hungary", "Italy", "United Kingdom")
# Annex 2 totals of the seed: BE permits (3 columns), FR permits (2), IT permits, GB permits (2), HU identified victims.
ANNEX2_TOTALS = ("3986", "577", "1025", "749", "607", "5911", "48", "162", "181")
NOTICE = "Synthetic demo data — not real interviews"

# The demo study is built once per session (tests/reports/conftest.py) and rolled back; the marker makes
# pytest-django set up the test database before that session fixture runs.
pytestmark = pytest.mark.django_db


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"(?<![\d.,])\d+(?![\d.,])", text))


def test_pdf_reads_back_with_countries_totals_and_notice(comparative):
    _, _, pdf, _ = comparative
    text = pdf_text(pdf)
    for name in COUNTRIES:
        assert name in text
    assert set(ANNEX2_TOTALS) <= _numbers(text)
    pages = text.split("\f")[:-1]
    assert len(pages) > 3
    assert all(NOTICE in page for page in pages), "the notice must be in every page footer"


def test_docx_reads_back_with_real_tables_charts_and_notice(comparative):
    from docx import Document

    report, _, _, data = comparative
    text = docx_text(data)
    for name in COUNTRIES:
        assert name in text
    assert set(ANNEX2_TOTALS) <= _numbers(text)
    doc = Document(io.BytesIO(data))
    assert len(doc.tables) == sum(1 for _ in report.blocks(__import__("fiit.reports.model").reports.model.TableBlock))
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header[0] == "Country" and "Victims" in header
    assert doc.tables[0].rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # repeated header row
    pictures = doc.inline_shapes
    assert len(pictures) == 7  # one chart per satisfaction scale, and the services' ranking
    blobs = [rel.target_part for rel in doc.part.rels.values() if "image" in rel.reltype]
    assert blobs and all(p.content_type == "image/png" for p in blobs)
    assert all(p.blob.startswith(b"\x89PNG") for p in blobs)
    assert NOTICE in doc.sections[0].footer.paragraphs[0].text
    assert NOTICE in doc.paragraphs[0].text  # on the cover


def test_html_is_standalone_with_svg_charts(comparative):
    _, html, _, _ = comparative
    assert html.count('src="data:image/svg+xml;base64,') == 7  # six scales and the ranking
    assert "http://" not in html and "https://" not in html  # nothing fetched from outside
    assert html.count(NOTICE) >= 2  # cover and end
    for name in COUNTRIES:
        assert name in html


def test_pdf_chart_page_renders_to_png(comparative, tmp_path):
    """Render the page of Figure 1 with pdftoppm and find the chart's ink in the PNG."""
    import numpy as np
    from PIL import Image

    _, _, pdf, _ = comparative
    pages = pdf_text(pdf).split("\f")
    number = next(i + 1 for i, page in enumerate(pages) if "Figure 1." in page)
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(number), "-l", str(number),
                    str(tmp_path / "r.pdf"), str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes().startswith(b"\x89PNG")
    image = Image.open(png).convert("RGB")
    assert image.width > 400 and image.height > 500
    pixels = np.asarray(image).astype(int)
    orange = (abs(pixels[..., 0] - 0xC0) < 40) & (abs(pixels[..., 1] - 0x5A) < 40) & (pixels[..., 2] < 60)
    assert orange.sum() > 50  # the points and intervals of the chart (CHART_COLOUR), nothing else is orange


def test_no_codes_names_or_open_text_in_any_output(comparative, demo_data):
    _, html, pdf, docx = comparative
    assert demo_data.codes
    for text in (html, pdf_text(pdf), docx_text(docx)):
        assert "Synthetic Policymaker" not in text
        assert "[synthetic]" not in text
        for code in demo_data.codes:
            assert code not in text
    assert "No approved quotes yet" in html


def test_only_consented_and_approved_quotes_appear(demo_data):
    from fiit.reports import build_report
    from fiit.reports.render_html import render_html

    texts = [q.text for q in demo_data.inputs_with_quotes.quotes]
    assert demo_data.consented_quote in texts and demo_data.unconsented_quote not in texts
    html = render_html(build_report(demo_data.inputs_with_quotes))
    from html import escape

    assert escape(demo_data.consented_quote) in html
    assert escape(demo_data.unconsented_quote) not in html
    assert "No approved quotes yet" not in html


def test_country_report_in_dutch(demo_data):
    from fiit.reports import build_report
    from fiit.reports.render_html import render_html

    report = build_report(demo_data.inputs, country="BE", lang="nl")
    html = render_html(report)
    assert "België" in html and "Synthetische demonstratiegegevens" in html
    assert "3986" in html and "5911" not in html  # Belgium's table, not Italy's


@pytest.mark.parametrize("public,k", [(False, 5), (True, 10)])
def test_one_threshold_per_report(demo_data, public, k):
    from fiit.reports import build_report

    report = build_report(demo_data.inputs, public=public)
    assert report.k == k
    methods = next(s for s in report.sections if s.id == "methods")
    assert any(f"k = {k}" in p.text for p in methods.blocks)

"""A synthetic study's charts carry the notice inside the image, SVG and PNG (issue 12)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from fiit.reports import build_report
from fiit.reports.charts import MARK_COLOUR, IntervalRow, interval_chart
from fiit.reports.model import Figure
from tests.reports.test_disclosure import _inputs

NOTICE = "Synthetic demo data — not real interviews"


def _red_pixels(png: bytes) -> int:
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    r, g, b = (int(MARK_COLOUR[i:i + 2], 16) for i in (1, 3, 5))
    return int(((abs(pixels[..., 0] - r) < 40) & (pixels[..., 1] < g + 40) & (pixels[..., 2] < b + 40)).sum())


def test_every_chart_of_a_synthetic_report_carries_the_mark():
    inputs = _inputs()
    inputs.synthetic = True
    report = build_report(inputs, n_boot=200)
    figures = list(report.blocks(Figure))
    assert len(figures) >= 6
    for figure in figures:
        assert NOTICE in figure.chart.image("svg").decode("utf-8"), figure.id
        assert _red_pixels(figure.chart.image("png")) > 100, figure.id


def test_real_data_charts_carry_no_mark():
    report = build_report(_inputs(), n_boot=200)
    for figure in report.blocks(Figure):
        assert NOTICE not in figure.chart.image("svg").decode("utf-8")
        assert _red_pixels(figure.chart.image("png")) == 0


def test_fewer_than_ten_answers_are_drawn_as_dots():
    rows = [IntervalRow("Belgium (n = 4)", 5.0, None, None, distribution=(0, 0, 1, 0, 2, 0, 0, 1, 0, 0))]
    svg = interval_chart(rows, ("svg",))["svg"].decode()
    assert svg.count("<circle") == 4   # one dot per answer, no mean
    assert svg.count('stroke="#c05a00"') == 0  # and no interval line


def test_the_pdf_is_tagged_for_screen_readers():
    """PDF/UA-1 through WeasyPrint: a structure tree, marked content, the document language and title."""
    import re
    import zlib

    from fiit.reports.render_pdf import render_pdf

    pdf = render_pdf(build_report(_inputs(), n_boot=200))
    raw = pdf
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            raw += zlib.decompress(stream)
        except zlib.error:
            pass
    assert b"/StructTreeRoot" in raw
    assert re.search(rb"/Marked\s+true", raw)
    assert b"pdfuaid" in raw          # the PDF/UA identification in the XMP metadata
    assert re.search(rb"/Lang\s*\(en\)", raw)

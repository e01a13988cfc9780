"""The hand-drawn charts: SVG read back as XML, PNG read back as pixels."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from fiit.reports.charts import CHART_COLOUR, PNG_DPI, BarRow, IntervalRow, bar_chart, interval_chart

SVG = "{http://www.w3.org/2000/svg}"


def _svg(data: bytes) -> ET.Element:
    return ET.fromstring(data.decode("utf-8"))


def _orange(png: bytes) -> np.ndarray:
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    r, g, b = (int(CHART_COLOUR[i:i + 2], 16) for i in (1, 3, 5))
    return (abs(pixels[..., 0] - r) < 30) & (abs(pixels[..., 1] - g) < 30) & (abs(pixels[..., 2] - b) < 30)


ROWS = [
    IntervalRow("Belgium (n = 15)", 6.0, 5.0, 7.0),
    IntervalRow("Hungary", None, None, None, "withheld"),
    IntervalRow("Italy <&> (n = 9)", 3.0, 2.0, 4.5),
    IntervalRow("One answer (n = 1)", 8.0, None, None),
]


def test_interval_svg_has_a_point_per_shown_row_and_labels_every_row():
    root = _svg(interval_chart(ROWS, ("svg",))["svg"])
    assert root.tag == f"{SVG}svg"
    circles = root.findall(f"{SVG}circle")
    assert len(circles) == 3  # the withheld row has no point
    texts = [t.text for t in root.findall(f"{SVG}text")]
    assert "Hungary (withheld)" in texts
    assert "Italy <&> (n = 9)" in texts  # escaped in the file, read back intact
    for tick in range(1, 11):
        assert str(tick) in texts
    # points left to right in the order of their means, top to bottom in the order of the rows
    by_mean = sorted(zip([6.0, 3.0, 8.0], circles), key=lambda p: p[0])
    xs = [float(c.get("cx")) for _, c in by_mean]
    assert xs == sorted(xs) and len(set(xs)) == 3
    ys = [float(c.get("cy")) for c in circles]
    assert ys == sorted(ys)


def test_interval_svg_positions_are_proportional_to_the_values():
    root = _svg(interval_chart(ROWS, ("svg",))["svg"])
    cx = {float(c.get("cy")): float(c.get("cx")) for c in root.findall(f"{SVG}circle")}
    belgium, italy, one = (cx[y] for y in sorted(cx))
    # equal steps on the scale are equal steps on the page: 6 - 3 = 3 and 8 - 6 = 2
    assert (belgium - italy) / (one - belgium) == pytest.approx(3 / 2, rel=1e-3)
    whiskers = [line for line in root.findall(f"{SVG}line") if line.get("stroke") == CHART_COLOUR]
    assert len(whiskers) == 2  # the row with one answer has no interval
    for line in whiskers:
        x1, x2, y = float(line.get("x1")), float(line.get("x2")), float(line.get("y1"))
        assert x1 < cx[y] < x2  # the mean lies inside its interval


def test_interval_png_is_sized_for_the_page_and_draws_the_interval_to_scale():
    rows = [IntervalRow("Only row", 5.0, 2.0, 9.0)]
    png = interval_chart(rows, ("png",))["png"]
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width == round(6 * PNG_DPI)  # 6 inches at PNG_DPI
    orange = _orange(png)
    columns = np.flatnonzero(orange.any(axis=0))
    svg = _svg(interval_chart(rows, ("svg",))["svg"])
    line = next(x for x in svg.findall(f"{SVG}line") if x.get("stroke") == CHART_COLOUR)
    scale = PNG_DPI / 72
    # the PNG's orange run spans the SVG's interval (points -> pixels), within a few pixels of smoothing
    assert columns.min() == pytest.approx(float(line.get("x1")) * scale, abs=4)
    assert columns.max() == pytest.approx(float(line.get("x2")) * scale, abs=4)


def test_all_rows_withheld_draws_no_ink():
    rows = [IntervalRow("A", None, None, None, "withheld"), IntervalRow("B", None, None, None, "no answers")]
    out = interval_chart(rows)
    assert not _svg(out["svg"]).findall(f"{SVG}circle")
    assert _orange(out["png"]).sum() == 0


def test_bar_chart_lengths_follow_the_values():
    rows = [BarRow("Housing", 2.0), BarRow("Legal aid", 4.0), BarRow("Psychosocial", None, "withheld")]
    out = bar_chart(rows, xlabel="mean rank", lo=0, hi=8)
    rects = _svg(out["svg"]).findall(f"{SVG}rect")
    assert len(rects) == 2
    widths = [float(r.get("width")) for r in rects]
    assert widths[1] == pytest.approx(2 * widths[0], rel=1e-3)
    assert "Psychosocial (withheld)" in [t.text for t in _svg(out["svg"]).findall(f"{SVG}text")]
    assert _orange(out["png"]).sum() > 0


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown chart format"):
        interval_chart(ROWS, ("gif",))

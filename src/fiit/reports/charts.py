"""The report's charts, drawn directly: SVG (written as text) for HTML and PDF,
PNG (drawn with Pillow) for DOCX, both from one layout so they look alike.

Two kinds: dot-and-whisker charts of the satisfaction scales (mean and 95%
confidence interval per row; where fewer than ten answered, one dot per answer
instead; a withheld row is labelled and not drawn) and bar charts of the
services' mean rank. When the study is synthetic the notice is drawn inside
every image (:func:`with_mark`), not only around it. A chart library would do the same work
in tens of times the time, and a report has only a handful of small charts.

Sizes are in points (1/72 inch); the SVG is 6 inches wide, the PNG is drawn at
three times its final size and scaled down, which smooths its edges.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from html import escape
from typing import Sequence

from PIL import Image, ImageDraw, ImageFont

#: Ink of the points, intervals and bars (distinct from the text colours, so a test can find a chart on a page).
CHART_COLOUR = "#c05a00"
TEXT_COLOUR = "#222222"
MUTED_COLOUR = "#666666"
GRID_COLOUR = "#dddddd"
FONT_FAMILY = "DejaVu Sans"
FONT_SIZE = 8.0  # points
PNG_DPI = 130  # sharp in print at the 15 cm width of a Word page

WIDTH = 432.0  # 6 inches
ROW = 19.0
TOP = 6.0
BOTTOM = 34.0  # tick labels and the axis title
RIGHT = 12.0
SUPERSAMPLE = 3


@dataclass(frozen=True)
class IntervalRow:
    label: str
    mean: float | None
    low: float | None
    high: float | None
    note: str = ""  # e.g. "withheld" / "no answers": shown instead of a point
    distribution: tuple[int, ...] | None = None  # answers per value 1..10: drawn as dots instead of mean and interval


MARK_COLOUR = "#a00000"
MARK_HEIGHT = 14.0


@dataclass(frozen=True)
class BarRow:
    label: str
    value: float | None
    note: str = ""  # shown instead of a bar when there is no value


@functools.lru_cache(maxsize=8)
def _font(pixels: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans (Debian's fonts-dejavu-core, which WeasyPrint's fonts come with), else Pillow's own font."""
    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, pixels)
        except OSError:
            continue
    return ImageFont.load_default(size=pixels)


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """The width of ``text`` in points, measured with the font the charts use."""
    return _font(100).getlength(text) * size / 100


# -- layout: one list of shapes, written out as SVG or drawn as PNG ------------------------------------------

@dataclass(frozen=True)
class _Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    width: float


@dataclass(frozen=True)
class _Dot:
    x: float
    y: float
    r: float
    colour: str


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    w: float
    h: float
    colour: str


@dataclass(frozen=True)
class _Text:
    x: float
    y: float  # the baseline's middle: text is centred vertically on y
    text: str
    anchor: str  # "start", "middle" or "end"
    colour: str = TEXT_COLOUR


@dataclass(frozen=True)
class _Layout:
    width: float
    height: float
    shapes: tuple


def _frame(labels: Sequence[str], lo: float, hi: float, ticks: Sequence[float], xlabel: str):
    """Shapes shared by both kinds: labels column, grid, axis, ticks; returns (shapes, x of value, y of row, height)."""
    height = TOP + ROW * max(len(labels), 1) + BOTTOM
    left = min(max((text_width(label) for label in labels), default=0) + 10, WIDTH * 0.55)
    plot_right = WIDTH - RIGHT
    bottom = TOP + ROW * max(len(labels), 1)

    def x_of(value: float) -> float:
        return left + (value - lo) / (hi - lo) * (plot_right - left)

    def y_of(i: int) -> float:
        return TOP + ROW * (i + 0.5)

    shapes: list = []
    for t in ticks:
        shapes.append(_Line(x_of(t), TOP, x_of(t), bottom, GRID_COLOUR, 0.5))
        shapes.append(_Text(x_of(t), bottom + 9, f"{t:g}", "middle"))
    shapes.append(_Line(left, TOP, left, bottom, TEXT_COLOUR, 0.8))
    shapes.append(_Line(left, bottom, plot_right, bottom, TEXT_COLOUR, 0.8))
    shapes.append(_Text((left + plot_right) / 2, bottom + 24, xlabel, "middle"))
    for i, label in enumerate(labels):
        shapes.append(_Text(left - 5, y_of(i), label, "end"))
    return shapes, x_of, y_of, height


def interval_layout(rows: Sequence[IntervalRow], *, xlabel: str = "1–10", lo: float = 1, hi: float = 10) -> _Layout:
    labels = [f"{r.label} ({r.note})" if r.mean is None and r.note else r.label for r in rows]
    shapes, x_of, y_of, height = _frame(labels, lo - 0.3, hi + 0.3, range(int(lo), int(hi) + 1), xlabel)
    for i, row in enumerate(rows):
        y = y_of(i)
        if row.distribution is not None:
            shapes.extend(_dots(row.distribution, x_of, y, lo))
            continue
        if row.mean is None:
            shapes.append(_Text(x_of(lo) + 2, y, "–", "start", MUTED_COLOUR))
            continue
        if row.low is not None and row.high is not None:
            shapes.append(_Line(x_of(row.low), y, x_of(row.high), y, CHART_COLOUR, 1.6))
        shapes.append(_Dot(x_of(row.mean), y, 2.6, CHART_COLOUR))
    return _Layout(WIDTH, height, tuple(shapes))


def _dots(distribution: Sequence[int], x_of, y: float, lo: float) -> list:
    """One small dot per answer at its value, side by side within the row (a dot plot)."""
    shapes = []
    for value, count in enumerate(distribution, start=int(lo)):
        for j in range(count):
            shapes.append(_Dot(x_of(value) + (j - (count - 1) / 2) * 3.4, y, 1.5, CHART_COLOUR))
    return shapes


def with_mark(layout: _Layout, mark: str) -> _Layout:
    """The layout with ``mark`` (the synthetic-data notice) written inside the image, above the chart:
    a chart lifted into a slide keeps saying what it is."""
    if not mark:
        return layout
    moved = []
    for s in layout.shapes:
        if isinstance(s, _Line):
            moved.append(_Line(s.x1, s.y1 + MARK_HEIGHT, s.x2, s.y2 + MARK_HEIGHT, s.colour, s.width))
        elif isinstance(s, (_Dot, _Rect, _Text)):
            moved.append(type(s)(**{**s.__dict__, "y": s.y + MARK_HEIGHT}))
    moved.append(_Text(layout.width / 2, MARK_HEIGHT / 2 + 1, mark, "middle", MARK_COLOUR))
    return _Layout(layout.width, layout.height + MARK_HEIGHT, tuple(moved))


def bar_layout(rows: Sequence[BarRow], *, xlabel: str, lo: float = 0, hi: float = 1) -> _Layout:
    labels = [f"{r.label} ({r.note})" if r.value is None and r.note else r.label for r in rows]
    span = hi - lo
    step = 1 if span <= 12 else 2 if span <= 24 else 5
    ticks = [lo + step * i for i in range(int(span // step) + 1)]
    shapes, x_of, y_of, height = _frame(labels, lo, hi, ticks, xlabel)
    for i, row in enumerate(rows):
        y = y_of(i)
        if row.value is None:
            shapes.append(_Text(x_of(lo) + 2, y, "–", "start", MUTED_COLOUR))
            continue
        shapes.append(_Rect(x_of(lo), y - ROW * 0.3, x_of(row.value) - x_of(lo), ROW * 0.6, CHART_COLOUR))
    return _Layout(WIDTH, height, tuple(shapes))


# -- writers ---------------------------------------------------------------------------------------------------

def _n(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def to_svg(layout: _Layout) -> bytes:
    """The layout as a standalone SVG document (no scripts, no external references)."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(layout.width)}pt" height="{_n(layout.height)}pt" '
           f'viewBox="0 0 {_n(layout.width)} {_n(layout.height)}" font-family="{FONT_FAMILY}" '
           f'font-size="{_n(FONT_SIZE)}">']
    for s in layout.shapes:
        if isinstance(s, _Line):
            out.append(f'<line x1="{_n(s.x1)}" y1="{_n(s.y1)}" x2="{_n(s.x2)}" y2="{_n(s.y2)}" '
                       f'stroke="{s.colour}" stroke-width="{_n(s.width)}"/>')
        elif isinstance(s, _Dot):
            out.append(f'<circle cx="{_n(s.x)}" cy="{_n(s.y)}" r="{_n(s.r)}" fill="{s.colour}"/>')
        elif isinstance(s, _Rect):
            out.append(f'<rect x="{_n(s.x)}" y="{_n(s.y)}" width="{_n(max(s.w, 0))}" height="{_n(s.h)}" '
                       f'fill="{s.colour}"/>')
        else:
            # dominant-baseline is not read by every renderer: shift the baseline by a third of the size instead
            out.append(f'<text x="{_n(s.x)}" y="{_n(s.y + FONT_SIZE / 3)}" text-anchor="{s.anchor}" '
                       f'fill="{s.colour}">{escape(s.text)}</text>')
    out.append("</svg>")
    return "\n".join(out).encode("utf-8")


def to_png(layout: _Layout, dpi: int = PNG_DPI) -> bytes:
    """The layout drawn with Pillow at three times the size, then scaled down (smooth edges)."""
    scale = dpi / 72 * SUPERSAMPLE
    size = (round(layout.width * scale), round(layout.height * scale))
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = _font(round(FONT_SIZE * scale))
    for s in layout.shapes:
        if isinstance(s, _Line):
            draw.line([(s.x1 * scale, s.y1 * scale), (s.x2 * scale, s.y2 * scale)], fill=s.colour,
                      width=max(1, round(s.width * scale)))
        elif isinstance(s, _Dot):
            draw.ellipse([(s.x - s.r) * scale, (s.y - s.r) * scale, (s.x + s.r) * scale, (s.y + s.r) * scale],
                         fill=s.colour)
        elif isinstance(s, _Rect):
            if s.w > 0:
                draw.rectangle([s.x * scale, s.y * scale, (s.x + s.w) * scale, (s.y + s.h) * scale], fill=s.colour)
        else:
            anchor = {"start": "lm", "middle": "mm", "end": "rm"}[s.anchor]
            draw.text((s.x * scale, s.y * scale), s.text, fill=s.colour, font=font, anchor=anchor)
    image = image.reduce(SUPERSAMPLE)  # the mean of each 3 × 3 block: smooth edges, fast
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi), optimize=False)
    return buffer.getvalue()


def render(layout: _Layout, fmt: str) -> bytes:
    if fmt == "svg":
        return to_svg(layout)
    if fmt == "png":
        return to_png(layout)
    raise ValueError(f"unknown chart format '{fmt}'")


def interval_chart(rows: Sequence[IntervalRow], formats: Sequence[str] = ("svg", "png"), *,
                   xlabel: str = "1–10", lo: float = 1, hi: float = 10, mark: str = "") -> dict[str, bytes]:
    """A dot-and-whisker chart, one row per label, top to bottom in the given order (``mark``: the
    synthetic-data notice, drawn inside the image)."""
    layout = with_mark(interval_layout(rows, xlabel=xlabel, lo=lo, hi=hi), mark)
    return {fmt: render(layout, fmt) for fmt in formats}


def bar_chart(rows: Sequence[BarRow], formats: Sequence[str] = ("svg", "png"), *,
              xlabel: str, lo: float = 0, hi: float = 1, mark: str = "") -> dict[str, bytes]:
    """Horizontal bars from ``lo``, one row per label, top to bottom in the given order."""
    layout = with_mark(bar_layout(rows, xlabel=xlabel, lo=lo, hi=hi), mark)
    return {fmt: render(layout, fmt) for fmt in formats}

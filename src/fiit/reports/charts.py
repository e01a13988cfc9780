"""Charts of the satisfaction scales: mean and 95% confidence interval per row,
drawn with matplotlib's Agg backend (no display, no remote fonts). SVG for HTML
and PDF, PNG for DOCX. A withheld row is labelled and not drawn.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Sequence

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams.update({
    "font.family": "DejaVu Sans", "font.size": 8, "svg.fonttype": "none",
    "svg.hashsalt": "fiit", "axes.spines.top": False, "axes.spines.right": False,
})
from matplotlib.figure import Figure as MplFigure  # noqa: E402

#: Ink of the points and intervals (distinct from the text colours, so a test can find a chart on a page).
CHART_COLOUR = "#c05a00"
PNG_DPI = 130  # sharp in print at the 15 cm width of a Word page


@dataclass(frozen=True)
class IntervalRow:
    label: str
    mean: float | None
    low: float | None
    high: float | None
    note: str = ""  # e.g. "withheld" / "no answers": shown instead of a point


def interval_chart(rows: Sequence[IntervalRow], formats: Sequence[str] = ("svg", "png"), *,
                   xlabel: str = "1–10", lo: float = 1, hi: float = 10) -> dict[str, bytes]:
    """A dot-and-whisker chart, one row per label, top to bottom in the given order."""
    height = 0.45 + 0.26 * max(len(rows), 1)
    fig = MplFigure(figsize=(6.0, height), dpi=PNG_DPI)
    ax = fig.add_axes([0.34, 0.45 / height * 0.9, 0.62, 1 - 0.55 / height])
    ys = list(range(len(rows)))[::-1]
    labels = []
    for y, row in zip(ys, rows):
        if row.mean is None:
            labels.append(f"{row.label} ({row.note})" if row.note else row.label)
            ax.text(lo + 0.1, y, "–", va="center", ha="left", color="#666666")
            continue
        labels.append(row.label)
        if row.low is not None and row.high is not None:
            ax.hlines(y, row.low, row.high, color=CHART_COLOUR, linewidth=1.6)
        ax.plot([row.mean], [y], "o", color=CHART_COLOUR, markersize=4.5)
    ax.set_yticks(ys, labels)
    ax.set_xlim(lo - 0.3, hi + 0.3)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xticks(range(int(lo), int(hi) + 1))
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    out = {}
    for fmt in formats:
        buffer = io.BytesIO()
        if fmt == "svg":
            fig.savefig(buffer, format="svg", metadata={"Date": None})
        elif fmt == "png":
            fig.savefig(buffer, format="png", dpi=PNG_DPI)
        else:
            raise ValueError(f"unknown chart format '{fmt}'")
        out[fmt] = buffer.getvalue()
    return out

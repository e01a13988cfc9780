"""Write a report in several formats into a folder (the CLI, the demo and the web call this)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Sequence

from fiit.reports.model import Report

FORMATS = ("html", "pdf", "docx")


def parse_formats(value: str | Iterable[str]) -> tuple[str, ...]:
    """``"html,pdf"`` -> ``("html", "pdf")``; raises ValueError naming an unknown format."""
    items = [f.strip().lower() for f in (value.split(",") if isinstance(value, str) else value) if f.strip()]
    unknown = [f for f in items if f not in FORMATS]
    if unknown or not items:
        raise ValueError(f"unknown format '{', '.join(unknown) or value}': choose from {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(items))


def render(report: Report, fmt: str, html: str | None = None) -> bytes:
    if fmt == "html":
        from fiit.reports.render_html import render_html

        return (html if html is not None else render_html(report)).encode("utf-8")
    if fmt == "pdf":
        from fiit.reports.render_pdf import render_pdf

        return render_pdf(report, html)
    if fmt == "docx":
        from fiit.reports.render_docx import render_docx

        return render_docx(report)
    raise ValueError(f"unknown format '{fmt}'")


def write_report(report: Report, formats: Sequence[str], out_dir: Path,
                 step: Callable[[str], None] | None = None) -> list[Path]:
    """Render ``report`` in each format into ``out_dir``; ``step(fmt)`` is called after each one."""
    from fiit.reports.render_html import render_html

    out_dir.mkdir(parents=True, exist_ok=True)
    html = render_html(report) if {"html", "pdf"} & set(formats) else None
    paths = []
    for fmt in formats:
        path = out_dir / f"{report.slug()}.{fmt}"
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(render(report, fmt, html))
        tmp.replace(path)
        paths.append(path)
        if step:
            step(fmt)
    return paths

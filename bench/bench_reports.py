"""Benchmark: build the comparative report of the demo study in HTML, PDF and DOCX.

    python bench/bench_reports.py [--runs N] [--keep DIR]

Builds the synthetic demo study into a fresh SQLite database, reads the report
inputs from it, then times (best of N warm runs, and the first, cold run):

* fiit: building the report model (statistics, disclosure control, charts
  drawn on demand) and rendering all three formats;
* the renderers' own floor on the same content: the finished HTML rendered
  by WeasyPrint alone, and the finished python-docx Document saved alone;

and prints fiit's overhead (total minus floor) beside the floor, with the
peak resident memory of the process. The cold run's floor is measured cold
too: a fresh Python process imports WeasyPrint and renders the same finished
HTML (and python-docx saves the same document), so both sides pay their
first-use costs (imports, fontconfig, font loading). Targets (issue 5): overhead under 50% of
the floor, and under 5 s for all three formats. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def setup(work: Path):
    os.environ["FIIT_DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["FIIT_MODE"] = "demo"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fiit.web.settings")
    from fiit.vault import create_key_file

    keyfile = create_key_file(work / "keys.json", purpose="demo")
    os.environ["FIIT_KEY_FILE"] = str(keyfile.path)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from fiit.db.demo import build_demo

    return build_demo(keyfile, work / "logins.json").study, keyfile


def cold_floor(html: str, docx_bytes: bytes, work: Path) -> dict[str, float]:
    """The renderers alone on the finished content, each in a fresh process (imports included)."""
    import json
    import subprocess

    (work / "report.html").write_text(html, encoding="utf-8")
    (work / "report.docx").write_bytes(docx_bytes)
    out = subprocess.run([sys.executable, __file__, "--floor-only", str(work)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def floor_only(work: Path) -> int:
    """Run in a fresh process by cold_floor(): time WeasyPrint and Document.save from cold."""
    import io
    import json

    html = (work / "report.html").read_text(encoding="utf-8")
    start = time.perf_counter()
    # WeasyPrint alone, called as fiit.reports.render_pdf.html_to_pdf calls it (that module is not
    # imported here: it would bring fiit's analysis packages in, which the floor must not pay for)
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    HTML(string=html, url_fetcher=fetcher, base_url=".").write_pdf(pdf_variant="pdf/ua-1")  # as fiit does
    floor_pdf = time.perf_counter() - start
    docx_bytes = (work / "report.docx").read_bytes()
    from docx import Document

    document = Document(io.BytesIO(docx_bytes))  # loading is not timed: only the save
    mark = time.perf_counter()
    document.save(io.BytesIO())
    floor_docx = time.perf_counter() - mark
    print(json.dumps({"floor_pdf": floor_pdf, "floor_docx": floor_docx}))
    return 0


def one_run(inputs, work: Path | None = None) -> dict[str, float]:
    from fiit.reports import build_report
    from fiit.reports.render_docx import build_docx, save_docx
    from fiit.reports.render_html import render_html
    from fiit.reports.render_pdf import html_to_pdf

    t = {}
    start = time.perf_counter()
    report = build_report(inputs, lang="en")
    t["model"] = time.perf_counter() - start
    mark = time.perf_counter()
    html = render_html(report)          # draws the six SVG charts
    t["html"] = time.perf_counter() - mark
    mark = time.perf_counter()
    html_to_pdf(html)
    t["pdf"] = time.perf_counter() - mark
    mark = time.perf_counter()
    document = build_docx(report)       # draws the six PNG charts
    docx_bytes = save_docx(document)
    t["docx"] = time.perf_counter() - mark
    t["total"] = time.perf_counter() - start
    # the floors: the renderers alone on the finished content
    if work is not None:  # cold: in a fresh process
        t.update(cold_floor(html, docx_bytes, work))
    else:
        mark = time.perf_counter()
        html_to_pdf(html)
        t["floor_pdf"] = time.perf_counter() - mark
        mark = time.perf_counter()
        save_docx(document)
        t["floor_docx"] = time.perf_counter() - mark
    t["floor"] = t["floor_pdf"] + t["floor_docx"]
    return t


def show(label: str, t: dict[str, float]) -> None:
    overhead = t["total"] - t["floor"]
    print(f"{label}: total {t['total']:.2f} s  (model {t['model']:.2f}, html {t['html']:.2f}, "
          f"pdf {t['pdf']:.2f}, docx {t['docx']:.2f})")
    print(f"  renderers' floor {t['floor']:.2f} s (WeasyPrint on the finished HTML {t['floor_pdf']:.2f}, "
          f"Document.save {t['floor_docx']:.2f})")
    print(f"  fiit's overhead {overhead:.2f} s = {overhead / t['floor'] * 100:.0f}% of the floor "
          f"(target < 50%); total {'meets' if t['total'] < 5 else 'misses'} the 5 s target")
    print(f"  total / floor = {t['total'] / t['floor']:.2f}x (issue 12 target: within 1.3x)")


def bench_store(study, keyfile, work: Path, runs: int = 20) -> None:
    """The report store: one full build of the comparative report in English, then the page as served:
    the data's version key computed and the stored page read (target: within 300 ms)."""
    import statistics

    os.environ["FIIT_REPORTS_DIR"] = str(work / "out")
    from fiit.db import report_store

    mark = time.perf_counter()
    key = report_store.build_all(study, keyfile, countries=[None], langs=["en"])
    print(f"report store: comparative report (en, body + html + pdf + docx) built and stored in "
          f"{time.perf_counter() - mark:.2f} s")
    times = []
    for _ in range(runs):
        mark = time.perf_counter()
        current = report_store.data_version(study)
        body = report_store.read(current, report_store.Entry(None, "en"), "body.html")
        times.append(time.perf_counter() - mark)
        assert current == key and body
    print(f"  page from the store: median {statistics.median(times) * 1000:.1f} ms, worst "
          f"{max(times) * 1000:.1f} ms of {runs} (version key + file read; target within 300 ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="Keep the database and key file in this folder.")
    parser.add_argument("--floor-only", help=argparse.SUPPRESS)  # internal: the cold floor, see cold_floor()
    args, _ = parser.parse_known_args()
    if args.floor_only:
        return floor_only(Path(args.floor_only))
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="fiit-bench-reports-"))
    work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    study, keyfile = setup(work)
    print(f"demo study built in {time.perf_counter() - start:.1f} s ({work})")
    from fiit.db.report_data import report_inputs

    mark = time.perf_counter()
    inputs = report_inputs(study, keyfile)
    print(f"report inputs read from the database in {time.perf_counter() - mark:.2f} s "
          f"({sum(len(f) for f in inputs.frames.values())} final interviews)")
    show("cold run (first in the process: imports, instrument files, fonts; floor in a fresh process)",
         one_run(inputs, work))
    warm = [one_run(inputs) for _ in range(max(args.runs, 1))]
    show(f"warm, best of {len(warm)}", min(warm, key=lambda t: t["total"]))
    bench_store(study, keyfile, work)
    print(f"peak memory (RSS of the process): {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The demo study, built once for the report tests, read into plain report inputs, then rolled back."""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass, field

import pytest


@dataclass
class DemoData:
    inputs: object                       # ReportInputs without quotes
    inputs_with_quotes: object           # after approving one consented and one unconsented answer
    codes: list[str]                     # every respondent code of the study
    consented_quote: str
    unconsented_quote: str
    rendered: dict = field(default_factory=dict)
    codings: list = field(default_factory=list)   # (code, country) of the demo's first coder


@pytest.fixture(scope="session")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory, demo_template) -> DemoData:
    from django.db import transaction

    from fiit.db.answers import read_answers
    from fiit.db.models import Coding, Interview, QuoteApproval
    from fiit.db.report_data import report_inputs
    from fiit.db.store import instrument_of

    base = tmp_path_factory.mktemp("reports-demo")
    with django_db_blocker.unblock():
        with transaction.atomic():
            demo = demo_template.copy_into(base)  # what build_demo writes (tests/support/demo_copy.py)
            study, keyfile = demo.study, demo.keyfile
            inputs = report_inputs(study, keyfile)
            inputs.quotes = ()  # without quotes (the demo now approves some of its own: qualitative analysis)
            codes = list(Interview.objects.filter(study=study).values_list("respondent_code", flat=True))
            victims = Interview.objects.filter(study=study, instrument__instrument_id="victim", status="final")
            texts = {}
            for consent in (True, False):
                interview = next(i for i in victims if i.consent_quotes is consent
                                 and read_answers(i, instrument_of(i), keyfile).get("a1"))
                texts[consent] = read_answers(interview, instrument_of(interview), keyfile)["a1"]
                QuoteApproval.objects.create(interview=interview, question_id="a1", theme="status")
            with_quotes = report_inputs(study, keyfile)
            codings = list(Coding.objects.filter(interview__study=study, coder="analyst")
                           .values_list("code", "interview__country_id"))
            transaction.set_rollback(True)
    return DemoData(inputs, with_quotes, codes, texts[True], texts[False], codings=codings)


@pytest.fixture(scope="session")
def comparative(demo_data):
    """The comparative report of the demo, rendered once: (report, html, pdf bytes, docx bytes)."""
    from fiit.reports import build_report
    from fiit.reports.render_docx import render_docx
    from fiit.reports.render_html import render_html
    from fiit.reports.render_pdf import render_pdf

    report = build_report(demo_data.inputs, lang="en")
    html = render_html(report)
    return report, html, render_pdf(report, html), render_docx(report)


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout \
        .decode("utf-8")


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)

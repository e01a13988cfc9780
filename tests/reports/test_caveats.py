"""Caveats travel: every note, conflict and dispute of the framework data reaches the report (issue 12)."""

from __future__ import annotations

import re

import pytest

from fiit.frameworks import load_framework, load_frameworks
from fiit.reports import TableBlock, build_report
from fiit.reports.render_docx import render_docx
from fiit.reports.render_html import render_html
from tests.reports.test_disclosure import _inputs

LANGS = ("en", "nl", "fr", "it", "hu")

# What the seed says of Italy's reflection period ("Italië biedt formeel geen bedenktijd. In de praktijk
# bestaat er echter een speciaal fonds voor eerste hulp gedurende de eerste drie maanden"), written out here
# by hand in each language rather than read from the data file.
ITALY_REFLECTION = {
    "en": "None in law; about three months in practice.",
    "nl": "Geen in de wet; in de praktijk ongeveer drie maanden.",
    "fr": "Aucun dans la loi\u00a0; environ trois mois dans la pratique.",
    "it": "Nessuno per legge; circa tre mesi nella pratica.",
    "hu": "Jogszabályban nincs; a gyakorlatban mintegy három hónap.",
}


@pytest.fixture(scope="module")
def reports():
    inputs = _inputs()
    return {lang: build_report(inputs, lang=lang, n_boot=200) for lang in LANGS}


def _table(report, id):
    return next(t for t in report.blocks(TableBlock) if t.id == id)


def _cell(table, row_label, column_label):
    row = next(r for r in table.rows if r[0] == row_label)
    return row[table.header.index(column_label)]


def _no_seed_lines(note: str) -> str:
    return re.sub(r"\s*\((?:see )?seed lines? [^)]*\)", "", note).strip()


@pytest.mark.parametrize("lang", LANGS)
def test_italy_reflection_period_reads_as_the_seed_states(reports, lang):
    report = reports[lang]
    legal = _table(report, "fw-legal")
    italy = load_framework("IT").name[lang]
    cell = legal.rows[0][legal.header.index(italy)]
    expected = ITALY_REFLECTION[lang].replace("\u00a0", " ")
    assert cell.replace("\u00a0", " ") == expected
    assert "unknown" not in cell and "onbekend" not in cell
    assert expected in render_html(report).replace("\u00a0", " ")


def test_every_note_of_every_fact_row_and_series_is_a_footnote(reports):
    report = reports["en"]
    footnotes = " ".join(fn.text for t in report.blocks(TableBlock) for fn in t.footnotes)
    missing = []
    for code, fw in load_frameworks().items():
        for path, fact in fw.facts():
            if fact.note and _no_seed_lines(fact.note) not in footnotes:
                missing.append((code, path))
        for s in fw.series():
            if s.note and _no_seed_lines(s.note) not in footnotes:
                missing.append((code, s.key))
            for r in s.rows:
                if r.note and _no_seed_lines(r.note) not in footnotes:
                    missing.append((code, f"{s.key}@{r.period}"))
    assert missing == []
    assert len(footnotes) > 10000


def test_a_note_is_marked_on_its_cell_and_printed_under_its_table(reports):
    report = reports["en"]
    permit = _table(report, "fw-permit")
    renew = next(i for i, r in enumerate(permit.rows) if r[0] == "Renewal")  # one name with the web pages (vocabulary)
    france = permit.header.index("France")
    marks = permit.cell_marks(renew, france)
    assert marks
    notes = {fn.mark: fn.text for fn in permit.footnotes}
    assert all(notes[m].startswith("France: ") for m in marks)
    html = render_html(report)
    assert f'href="#fw-permit-fn{marks[0]}"' in html and f'id="fw-permit-fn{marks[0]}"' in html


@pytest.mark.parametrize("lang, word", [("en", "disputed"), ("nl", "betwist"), ("fr", "contesté"),
                                        ("it", "contestato"), ("hu", "vitatott")])
def test_disputed_claims_keep_the_seed_statement_with_the_reason(reports, lang, word):
    report = reports[lang]
    legal = _table(report, "fw-legal")
    uk, france = load_framework("GB").name[lang], load_framework("FR").name[lang]
    yes = {"en": "yes", "nl": "ja", "fr": "oui", "it": "sì", "hu": "igen"}[lang]
    no = {"en": "no", "nl": "nee", "fr": "non", "it": "no", "hu": "nem"}[lang]
    directive = legal.rows[3]  # days, formal, applied, then Directive 2004/81/EC
    assert directive[legal.header.index(uk)] == f"{yes} ({word})"   # the seed: the UK transposed it
    formal = legal.rows[1]
    assert formal[legal.header.index(uk)] == f"{yes} ({word})"      # the seed: laid down in law
    subsidiary = legal.rows[6]
    assert subsidiary[legal.header.index(uk)] == f"{no} ({word})"
    assert subsidiary[legal.header.index(france)] == f"{no} ({word})"
    notes = " ".join(fn.text for fn in legal.footnotes)
    assert "2004/83" in notes and "20" in notes
    assert word.capitalize() in notes


def test_hungary_exploitation_split_belongs_to_2011_and_2012():
    hu = load_framework("HU")
    split = {s.category: s for s in hu.victims_by_exploitation}
    identified = {r.period: r.value for r in hu.identified_victims[0].rows}
    assert split["sexual"].rows[0].period == "2011-2012"
    assert split["sexual"].computed_total() + split["labour"].computed_total() == 154 + 8
    assert identified["2011"] + identified["2012"] == 20 + 142 == 154 + 8


def test_uk_discretionary_leave_is_derived_and_shows_its_derivation(reports):
    gb = load_framework("GB")
    figures = {s.category: s.rows[0].value for s in gb.narrative_figures}
    total = next(s for s in gb.permits_issued if s.category == "asylum_humanitarian_or_discretionary")
    assert figures["discretionary_leave_derived"] == total.rows[0].value - figures["asylum_granted"] \
        - figures["humanitarian_protection_granted"] == 162 - 92 - 11 == 59
    table = _table(reports["en"], "fw-narrative-gb")
    row = next(r for r in table.rows if r[0].startswith("VoTs granted discretionary leave"))
    assert row[-1] == "59" and "162 − 92 − 11" in row[0]
    assert any("162 − 92 − 11 = 59" in fn.text for fn in table.footnotes)


def test_italy_first_permit_column_is_the_specific_legislation(reports):
    it = load_framework("IT")
    col = it.permits_issued[0]
    assert col.category == "specific_legislation" and "art. 18" in col.label["en"]
    table = _table(reports["nl"], "fw-permits-it")
    assert "Vergunningen op grond van de specifieke wetgeving voor slachtoffers (art. 18)" in table.header


def test_national_victims_are_a_group_of_their_own(reports):
    hu = load_framework("HU")
    assert hu.national is not None and hu.national.services.specialised_shelters.value is True
    assert hu.eu.services.specialised_shelters.value is None   # Hungary's shelters serve its own nationals
    table = _table(reports["en"], "fw-services-national")
    assert table.header == ("Aspect", "Hungary")


@pytest.mark.parametrize("lang", ("nl", "fr", "it", "hu"))
def test_translated_notes_appear_in_the_report_language(reports, lang):
    report = reports[lang]
    notes = " ".join(fn.text for t in report.blocks(TableBlock) for fn in t.footnotes)
    gb = load_framework("GB")
    assert gb.legal_status_access.directive_2004_81.disputed[lang] in notes
    hu = load_framework("HU")
    assert hu.victims_by_exploitation[0].notes[lang] in notes
    assert hu.victims_by_exploitation[0].notes["en"] not in notes


def test_footnotes_reach_the_docx(reports):
    import io

    from docx import Document

    doc = Document(io.BytesIO(render_docx(reports["en"])))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Disputed: The United Kingdom did not take part" in text


def test_every_shipped_note_and_dispute_is_in_all_five_languages():
    english_only = []
    for code, fw in load_frameworks().items():
        items = [(path, fact) for path, fact in fw.facts()]
        items += [(s.key, s) for s in fw.series()]
        items += [(f"{s.key}@{r.period}", r) for s in fw.series() for r in s.rows]
        for path, item in items:
            if item.note and sorted(item.notes) != sorted(LANGS):
                english_only.append((code, path))
            if getattr(item, "disputed", None) and sorted(item.disputed) != sorted(LANGS):
                english_only.append((code, path + ".disputed"))
    assert english_only == []

"""XLSForm export: every instrument converts with pyxform and passes ODK Validate (Java)."""

import base64
import io
import textwrap

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from fiit.instruments import BUILTIN_IDS, get_instrument, get_instrument_version, load_instrument_text
from fiit.instruments.conditions import to_xpath
from fiit.interop.errors import FormLayoutError, PublicKeyError
from fiit.interop.forms.layout import form_layout, needs_box
from fiit.interop.forms.names import language_column, xml_name
from fiit.interop.forms.xlsform import check_xlsform, xlsform_bytes, xlsform_sheets


@pytest.fixture(scope="module")
def forms():
    """Each built-in instrument exported once, and converted once with ODK Validate (slow: Java)."""
    out = {}
    for instrument_id in BUILTIN_IDS:
        instrument = get_instrument(instrument_id)
        sheets = xlsform_sheets(instrument)
        data = xlsform_bytes(sheets)
        result = convert(xlsform=data, file_type=".xlsx", validate=True, warnings=[])
        out[instrument_id] = {"instrument": instrument, "sheets": sheets, "bytes": data, "xform": result.xform}
    return out


def survey_row(form, name):
    return next(r for r in form["sheets"]["survey"] if r.get("name") == name and r["type"] != "end_group")


@pytest.mark.parametrize("instrument_id", BUILTIN_IDS)
def test_every_instrument_passes_odk_validate(forms, instrument_id):
    xform = forms[instrument_id]["xform"]
    instrument = forms[instrument_id]["instrument"]
    assert f'id="{instrument.id}"' in xform and f'version="{instrument.version}"' in xform


@pytest.mark.parametrize("instrument_id", BUILTIN_IDS)
def test_every_form_carries_its_instrument_version_in_a_field_every_export_has(forms, instrument_id):
    """The settings' version is replaced by KoboToolbox's own on deployment; a calculate reaches every export."""
    instrument = forms[instrument_id]["instrument"]
    rows = [r for r in forms[instrument_id]["sheets"]["survey"] if r["name"] == "fiit_form_version"]
    assert rows == [{"type": "calculate", "name": "fiit_form_version", "calculation": f"'{instrument.version}'"}]
    assert forms[instrument_id]["sheets"]["settings"][0]["version"] == instrument.version
    # ODK Validate accepted it as a calculated field of the instance, so Collect and Enketo fill it in
    xform = forms[instrument_id]["xform"]
    assert f'<bind nodeset="/data/fiit_form_version" type="string" calculate="\'{instrument.version}\'"/>' in xform
    assert "<fiit_form_version/>" in xform


def test_an_earlier_version_s_form_carries_that_version():
    old = get_instrument_version("victim", "1.1.0")
    rows = [r for r in xlsform_sheets(old)["survey"] if r["name"] == "fiit_form_version"]
    assert [r["calculation"] for r in rows] == ["'1.1.0'"]


@pytest.mark.parametrize("instrument_id", BUILTIN_IDS)
def test_no_two_fields_share_a_label_in_any_language(instrument_id):
    sheets = xlsform_sheets(get_instrument(instrument_id))
    for lang in get_instrument(instrument_id).languages:
        column = f"label::{language_column(lang)}"
        labels = [row[column] for row in sheets["survey"] if column in row and row["type"] != "end_group"]
        assert len(labels) == len(set(labels)), [label for label in labels if labels.count(label) > 1][:3]


@pytest.mark.parametrize("instrument_id", BUILTIN_IDS)
def test_the_workbook_has_the_three_sheets_and_a_label_column_per_language(forms, instrument_id):
    workbook = load_workbook(io.BytesIO(forms[instrument_id]["bytes"]), read_only=True)
    assert workbook.sheetnames == ["survey", "choices", "settings"]
    header = [c.value for c in next(workbook["survey"].iter_rows(max_row=1))]
    for lang in forms[instrument_id]["instrument"].languages:
        assert f"label::{language_column(lang)}" in header
        assert f"hint::{language_column(lang)}" in header
    assert "label::Nederlands (nl)" in header and "label::English (en)" in header
    choices = [c.value for c in next(workbook["choices"].iter_rows(max_row=1))]
    assert "label::Français (fr)" in choices


@pytest.mark.parametrize("instrument_id", BUILTIN_IDS)
def test_each_section_is_a_group_and_each_question_is_named_by_its_id(forms, instrument_id):
    form = forms[instrument_id]
    instrument = form["instrument"]
    survey = form["sheets"]["survey"]
    begins = [r["name"] for r in survey if r["type"] == "begin_group"]
    ends = [r["name"] for r in survey if r["type"] == "end_group"]
    assert begins == ends == [s.id for s in instrument.sections]
    names = [r["name"] for r in survey if r["type"] not in ("begin_group", "end_group", "note")]
    assert [n for n in names if not n.startswith("fiit_") and n not in ("start", "end", "today")] \
        == [xml_name(q.id) for q in instrument.questions()]
    settings = form["sheets"]["settings"][0]
    assert settings["form_id"] == instrument.id and settings["version"] == instrument.version
    assert "public_key" not in settings and "submission_url" not in settings


@pytest.mark.parametrize("instrument_id", BUILTIN_IDS)
def test_scales_relevance_and_required_are_carried_over(forms, instrument_id):
    form = forms[instrument_id]
    for question in form["instrument"].questions():
        row = survey_row(form, question.id)
        if question.type == "scale":
            assert row["type"] == "integer"
            assert row["constraint"] == ". >= 1 and . <= 10"
            assert row["constraint_message::English (en)"] == "Enter a whole number from 1 to 10."
        declined = f"not(selected(${{fiit_declined_{question.id}}}, 'declined'))"
        if needs_box(question):
            expected = f"({to_xpath(question.relevant)}) and ({declined})" if question.relevant else declined
            assert row["relevant"] == expected
        elif question.relevant:
            assert row["relevant"] == to_xpath(question.relevant)
        assert (row.get("required") == "yes") == question.required


def test_relevance_reads_as_xpath(forms):
    assert survey_row(forms["victim"], "d2")["relevant"] == (
        "(${d1} = 'yes') and (not(selected(${fiit_declined_d2}, 'declined')))")
    assert survey_row(forms["victim"], "f_scale")["relevant"] == (
        "((${f_location} = 'origin') or (${f2} = 'yes')) and (not(selected(${fiit_declined_f_scale}, 'declined')))")


@pytest.mark.parametrize("instrument_id", ["victim", "service_provider", "policymaker"])
def test_declined_to_answer_can_be_recorded_on_a_tablet(forms, instrument_id):
    """Every question can be declined: a single or multiple choice has one more choice (a multiple choice's
    alone), any other question a box just before it, which skips it."""
    form = forms[instrument_id]
    instrument = form["instrument"]
    survey = form["sheets"]["survey"]
    names = [r["name"] for r in survey]
    boxed = [q for q in instrument.questions() if q.type not in ("single_choice", "multiple_choice")]
    assert [q for q in instrument.questions() if needs_box(q)] == boxed
    assert boxed and {f"fiit_declined_{q.id}" for q in boxed} == {n for n in names if n.startswith("fiit_declined_")}
    for question in boxed:
        box = survey_row(form, f"fiit_declined_{question.id}")
        question_name = question.id if question.id in names else next(n for n in names if n.startswith(question.id))
        assert names.index(box["name"]) + 1 == names.index(question_name)  # asked just before
        assert box["type"] == "select_multiple fiit_declined" and "required" not in box
        # The question's words and its own (issue 15): no two fields share a label.
        number = f"{question.number}. " if question.number else ""
        assert box["label::Nederlands (nl)"] == f"{number}{question.text['nl']} (wil niet antwoorden?)"
        assert box["label::Magyar (hu)"] == f"{number}{question.text['hu']} (nem kíván válaszolni?)"
        assert box.get("relevant") == (to_xpath(question.relevant) if question.relevant else None)
    declined_choices = [r for r in form["sheets"]["choices"] if r["name"] == "declined"]
    choice = {q.id for q in instrument.questions() if q.type in ("single_choice", "multiple_choice")}
    assert {r["list_name"] for r in declined_choices} == {"fiit_declined"} | choice
    for question in instrument.questions():
        if question.type == "multiple_choice":
            row = survey_row(form, question.id)
            assert row["constraint"] == "not(selected(., 'declined')) or count-selected(.) = 1"
            assert row["constraint_message::Nederlands (nl)"].startswith("'Wil niet antwoorden' kan niet samen")
    assert {r["label::Nederlands (nl)"] for r in declined_choices} == {"Wil niet antwoorden"}
    assert {r["label::Magyar (hu)"] for r in declined_choices} == {"Nem kívánt válaszolni"}
    if instrument_id == "victim":
        # In the XForm: the scale is relevant only while its box is not ticked.
        assert "not(selected( /data/a/fiit_declined_a_scale , 'declined'))" in form["xform"]


def test_country_limited_options_are_filtered_on_the_country_question():
    # victim 1.1.0 limited the helpline and assisted voluntary return to some countries (1.2.0 offers them everywhere)
    sheets = xlsform_sheets(get_instrument_version("victim", "1.1.0"))
    form = {"sheets": sheets, "xform": convert(xlsform=xlsform_bytes(sheets), file_type=".xlsx", validate=True,
                                                 warnings=[]).xform}
    b2 = survey_row(form, "b2")
    assert b2["type"] == "select_multiple b2"
    assert b2["choice_filter"] == "fiit_countries = 'all' or selected(fiit_countries, ${fiit_country})"
    choices = {r["name"]: r for r in form["sheets"]["choices"] if r["list_name"] == "b2"}
    assert choices["helpline"]["fiit_countries"] == "HU IT"
    assert choices["assisted_voluntary_return"]["fiit_countries"] == "BE IT"
    assert choices["housing"]["fiit_countries"] == "all"
    assert "[fiit_countries = 'all' or selected(fiit_countries,  /data/fiit_country )]" in form["xform"]


def test_the_ranking_offers_only_what_was_ticked_before(forms):
    form = forms["service_provider"]
    q12 = survey_row(form, "q12")
    assert q12["type"] == "rank q12"
    assert q12["choice_filter"] == "selected(${q11}, name)"
    assert "odk:rank" in form["xform"]
    assert "instance('q12')/root/item[selected( /data/services/q11 , name)]" in form["xform"]


def test_consent_comes_first_and_only_yes_goes_on(forms):
    form = forms["victim"]
    survey = form["sheets"]["survey"]
    fiit = [r["name"] for r in survey if r["name"].startswith("fiit_") and r["type"] not in ("note", "calculate")
            and not r["name"].startswith("fiit_declined_")]
    assert fiit == ["fiit_country", "fiit_language", "fiit_consent", "fiit_consent_quotes", "fiit_consent_follow_up"]
    consent = survey_row(form, "fiit_consent")
    assert consent["type"] == "select_one fiit_yes_no" and consent["required"] == "yes"
    assert consent["constraint"] == ". = 'yes'"
    first_group = survey.index(next(r for r in survey if r["type"] == "begin_group"))
    assert survey.index(consent) < first_group
    assert all(r["relevant"] == "${fiit_consent} = 'yes'" for r in survey if r["type"] == "begin_group")
    countries = [r["name"] for r in form["sheets"]["choices"] if r["list_name"] == "fiit_countries"]
    assert countries == ["BE", "FR", "HU", "IT", "GB"]


@pytest.fixture(scope="module")
def rsa_pem():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def test_a_public_key_encrypts_the_form(rsa_pem):
    instrument = get_instrument("policymaker")
    sheets = xlsform_sheets(instrument, public_key_pem=rsa_pem)
    body = "".join(line for line in rsa_pem.decode().splitlines() if not line.startswith("-----"))
    assert sheets["settings"][0]["public_key"] == body
    assert base64.b64decode(body)
    assert "submission_url" not in sheets["settings"][0]
    result = convert(xlsform=xlsform_bytes(sheets), file_type=".xlsx", validate=False)
    assert f'base64RsaPublicKey="{body}"' in result.xform


def test_keys_that_cannot_encrypt_a_form_are_refused():
    with pytest.raises(PublicKeyError, match="not a PEM public key"):
        xlsform_sheets(get_instrument("victim"), public_key_pem=b"not a key")
    ec_pem = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    with pytest.raises(PublicKeyError, match="needs an RSA public key"):
        xlsform_sheets(get_instrument("victim"), public_key_pem=ec_pem)
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    with pytest.raises(PublicKeyError, match="1024 bits"):
        xlsform_sheets(get_instrument("victim"), public_key_pem=small)


RESERVED = """
id: clash
version: "1.0.0"
languages: [en, nl]
title: {en: Clash, nl: Botsing}
sections:
  - id: s
    title: {en: S, nl: S}
    questions:
      - id: %s
        type: text
        text: {en: Q, nl: V}
"""


@pytest.mark.parametrize("question_id", ["fiit_country", "start", "today"])
def test_question_ids_that_clash_with_form_fields_are_refused(question_id):
    result = load_instrument_text(textwrap.dedent(RESERVED % question_id), "clash.yaml")
    assert result.valid
    with pytest.raises(FormLayoutError, match=f"'{question_id}' .* is reserved"):
        form_layout(result.instrument)


def test_check_xlsform_reports_a_broken_form():
    from fiit.interop.errors import InteropError

    sheets = xlsform_sheets(get_instrument("policymaker"))
    sheets["survey"].append({"type": "select_one no_such_list", "name": "broken", "label::English (en)": "B"})
    with pytest.raises(InteropError, match="does not convert"):
        check_xlsform(xlsform_bytes(sheets))

"""XML-safe names, submission ids and respondent codes: pure functions, the same every time."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fiit.instruments import builtin_instruments
from fiit.interop.forms.names import language_column, xml_name
from fiit.interop.submissions.rows import normalise_submission_id, respondent_code

XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def test_fiit_ids_are_their_own_xml_names():
    for instrument in builtin_instruments().values():
        for section in instrument.sections:
            assert xml_name(section.id) == section.id
            for question in section.questions:
                assert xml_name(question.id) == question.id
                for option in question.options:
                    assert xml_name(option.value) == option.value


@pytest.mark.parametrize("raw, expected", [
    ("q1", "q1"),
    ("Q 1", "Q_1"),
    ("1st", "_1st"),
    ("été", "ete"),
    ("a-b.c", "a_b_c"),
    ("", "_"),
    ("-", "_"),
    ("naïve/größe", "naive_gro_e"),
])
def test_other_text_is_made_safe_by_fixed_rules(raw, expected):
    assert xml_name(raw) == expected


@given(st.text(max_size=40))
def test_every_result_is_an_xml_name_and_stable(text):
    name = xml_name(text)
    assert XML_NAME.match(name)
    assert xml_name(text) == name
    assert xml_name(name) == name


def test_language_columns_follow_xlsform():
    assert language_column("en") == "English (en)"
    assert language_column("nl") == "Nederlands (nl)"
    assert language_column("hu") == "Magyar (hu)"


def test_kobo_and_odk_ids_of_one_submission_are_the_same_id():
    kobo_uuid = "3F2504E0-4F89-41D3-9A0C-0305E82C3301"
    odk_instance = "uuid:3f2504e0-4f89-41d3-9a0c-0305e82c3301"
    assert normalise_submission_id(kobo_uuid) == normalise_submission_id(odk_instance) \
        == "uuid:3f2504e0-4f89-41d3-9a0c-0305e82c3301"


@pytest.mark.parametrize("bad", ["", "uuid:", "two words", "<script>", "x" * 120])
def test_what_is_not_a_submission_id_is_refused(bad):
    assert normalise_submission_id(bad) is None


def test_respondent_codes_are_pseudonyms_derived_from_the_submission():
    one = respondent_code("kobo", "uuid:3f2504e0-4f89-41d3-9a0c-0305e82c3301")
    assert re.fullmatch(r"K-[0-9A-F]{15}", one)
    assert respondent_code("kobo", "uuid:3f2504e0-4f89-41d3-9a0c-0305e82c3301") == one
    assert respondent_code("kobo", "uuid:3f2504e0-4f89-41d3-9a0c-0305e82c3302") != one
    assert respondent_code("odk", "uuid:3f2504e0-4f89-41d3-9a0c-0305e82c3301").startswith("O-")
    assert "3f25" not in one.lower()

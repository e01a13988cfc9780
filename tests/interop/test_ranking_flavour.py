"""The Kobo flavour of the XLSForm: a ranking as one select-one per position, imported back into one answer."""

import pytest

from fiit.instruments import get_instrument
from fiit.interop.forms.xlsform import check_xlsform, xlsform_bytes, xlsform_sheets
from tests.interop.samples import sample_submissions

from .support import edited_export, import_with_list


@pytest.fixture(scope="module")
def provider():
    return get_instrument("service_provider")


def test_the_kobo_flavour_has_no_rank_type_and_passes_odk_validate(provider):
    sheets = xlsform_sheets(provider, flavour="kobo")
    types = [row["type"] for row in sheets["survey"]]
    assert not any(t.startswith("rank ") for t in types)
    ranking = next(q for q in provider.questions() if q.type == "ranking")
    positions = [row for row in sheets["survey"] if row["name"].startswith(f"{ranking.id}_rank_")]
    assert [row["name"] for row in positions] == [f"{ranking.id}_rank_{k}" for k in range(1, len(ranking.options) + 1)]
    assert all(row["type"] == f"select_one {ranking.id}" for row in positions)
    assert positions[2]["constraint"] == f". != ${{{ranking.id}_rank_1}} and . != ${{{ranking.id}_rank_2}}"
    assert f"count-selected(${{{ranking.choices_from}}}) >= 3" in positions[2]["relevant"]
    check_xlsform(xlsform_bytes(sheets), validate=True)  # pyxform and ODK Validate


def test_the_odk_flavour_keeps_the_rank_type(provider):
    assert any(row["type"].startswith("rank ") for row in xlsform_sheets(provider)["survey"])


def test_positions_are_imported_back_into_the_same_ranking_answer(tmp_path, provider):
    ranking = next(q for q in provider.questions() if q.type == "ranking")
    generated = list(sample_submissions(provider, 8, seed=71))
    assert any(ranking.id in s.answers for s in generated)

    def as_positions(header, rows):
        [column] = [c for c in header if c.endswith(f"/{ranking.id}")]
        at = header.index(column)
        names = [f"{column}_rank_{k}" for k in range(1, len(ranking.options) + 1)]
        header[at:at + 1] = names
        for row in rows:
            ranked = row.pop(column, "").split()
            row.update({name: ranked[k] if k < len(ranked) else "" for k, name in enumerate(names)})

    path = edited_export(tmp_path, provider, generated, as_positions)
    report, store = import_with_list(path, provider)
    assert (report.imported, report.rejected, report.warnings) == (8, [], [])
    assert {s.external_id: s.answers for s in store.stored} == {f"uuid:{g.uuid}": g.answers for g in generated}


def test_a_repeated_position_is_refused(tmp_path, provider):
    ranking = next(q for q in provider.questions() if q.type == "ranking")
    generated = [s for s in sample_submissions(provider, 12, seed=72)
                 if isinstance(s.answers.get(ranking.id), list) and len(s.answers[ranking.id]) >= 2]
    assert generated

    def repeat(header, rows):
        [column] = [c for c in header if c.endswith(f"/{ranking.id}")]
        at = header.index(column)
        names = [f"{column}_rank_{k}" for k in range(1, len(ranking.options) + 1)]
        header[at:at + 1] = names
        for row in rows:
            ranked = row.pop(column, "").split()
            ranked = ranked[:1] + ranked[:1] + ranked[2:] if len(ranked) >= 2 else ranked
            row.update({name: ranked[k] if k < len(ranked) else "" for k, name in enumerate(names)})

    path = edited_export(tmp_path, provider, generated, repeat)
    report, _ = import_with_list(path, provider)
    assert report.imported == 0 and report.rejected_rows == len(generated)
    assert all(r.column.endswith(f"/{ranking.id}") for r in report.rejected)

"""The demo's qualitative layer: two coders with realistic agreement, findings and good practices per theme
and country, quotes only from respondents who consented."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(tmp_path, demo_template):
    """The rows build_demo wrote in this session's build (tests/support/demo_copy.py), unchanged."""
    return demo_template.copy_into(tmp_path)


def test_two_demo_coders_agree_as_trained_teams_do(demo):
    from fiit.db.models import CodedAnswer, Coding

    units = sorted(set(CodedAnswer.objects.values_list("interview_id", "question_id")))
    coders = sorted(set(CodedAnswer.objects.values_list("coder", flat=True)))
    assert coders == ["analyst", "coordinator"]
    applied = set(Coding.objects.values_list("coder", "code", "interview_id", "question_id"))
    codes = sorted({code for _c, code, _i, _q in applied})
    index = {u: i for i, u in enumerate(units)}
    blocks = []
    for code in codes:
        block = np.zeros((2, len(units)))
        for coder, c, interview, question in applied:
            if c == code:
                block[coders.index(coder), index[(interview, question)]] = 1.0
        blocks.append(block)
    alpha = krippendorff.alpha(reliability_data=np.hstack(blocks), level_of_measurement="nominal")
    assert 0.6 <= alpha <= 0.8, alpha


def test_demo_findings_good_practices_and_quotes(demo):
    from fiit.db.models import Finding, FrozenQuote

    kinds = set(Finding.objects.filter(published=True).values_list("kind", "country_id", "theme"))
    assert {k for k, _c, _t in kinds} == {"finding", "good_practice", "conclusion"}
    assert len({c for k, c, _t in kinds if k != "conclusion"}) == 5 and len({t for _k, _c, t in kinds}) >= 3
    assert all(c is None for k, c, _t in kinds if k == "conclusion")      # conclusions are comparative
    quotes = FrozenQuote.objects.select_related("interview")
    assert quotes.exists() and all(q.interview.consent_quotes for q in quotes)

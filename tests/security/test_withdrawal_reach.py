"""A withdrawal reaches every copy derived from the respondent (issue 14, item 5): one test per kind of copy.

Stored reports and the files placed outside the store: tests/reports/test_store.py
(test_a_withdrawal_removes_the_quote_from_every_stored_report_and_file) and tests/reports/test_store_pages.py
(test_files_written_by_fiit_report_follow_a_withdrawal)."""

from __future__ import annotations

import pytest

from tests.editorial.conftest import (  # noqa: F401  (fixtures)
    PASSWORD, TEXTS, as_user, compiled_messages, interviews, study, users,
)

pytestmark = pytest.mark.django_db


def keyfile():
    from fiit.db.keys import current_keyfile

    return current_keyfile()


def _withdraw(interview):
    from fiit.db.answers import destroy_interview

    destroy_interview(interview, keyfile())


def test_codings_marks_and_memos_go_with_the_interview(interviews, users):
    from fiit.db.coding import apply_code, mark_coded, save_memo
    from fiit.db.coding_models import CodedAnswer, Coding, CodingMemo

    be = interviews["be_victim"]
    apply_code(users["analyst"], be.uid, "a1", "shelter_rules", 0, 9, keyfile())
    mark_coded(users["analyst"], be, "a1")
    save_memo(users["analyst"], be, "a1", "Memo about " + TEXTS["be_victim"][:20], keyfile())
    pk = be.pk
    assert Coding.objects.filter(interview_id=pk).count() == 1 and CodingMemo.objects.filter(interview_id=pk).exists()
    _withdraw(be)
    assert not Coding.objects.filter(interview_id=pk).exists()
    assert not CodedAnswer.objects.filter(interview_id=pk).exists()
    assert not CodingMemo.objects.filter(interview_id=pk).exists()


def test_frozen_and_approved_quotes_go_with_the_interview(interviews, users):
    from fiit.db.coding_models import FrozenQuote
    from fiit.db.frozen_quotes import freeze_quote
    from fiit.db.models import QuoteApproval

    be = interviews["be_victim"]
    freeze_quote(users["coordinator"], str(be.uid), "a1", 0, 30, theme="status", keyfile=keyfile())
    QuoteApproval.objects.create(interview=be, question_id="a1", theme="status")
    pk = be.pk
    _withdraw(be)
    assert not FrozenQuote.objects.filter(interview_id=pk).exists()
    assert not QuoteApproval.objects.filter(interview_id=pk).exists()


def test_a_finding_that_quotes_the_respondent_loses_the_passage_and_its_publication(interviews, users):
    from fiit.db.coding import apply_code
    from fiit.db.findings import publish_finding, save_finding, statement_of
    from fiit.db.models import Finding

    be, fr = interviews["be_victim"], interviews["fr_victim"]
    text = TEXTS["be_victim"]
    passage = text[text.index("Ik voelde"):]                          # "Ik voelde me eindelijk veilig in de opvang."
    start = text.index(passage)
    coding = apply_code(users["analyst"], be.uid, "a1", "shelter_rules", start, len(text), keyfile())
    quoting = save_finding(be.study, theme="safety", statement={"en": f'Victims felt safe: "{passage}"',
                                                                "nl": f"Slachtoffers: “{passage}”"},
                           keyfile=keyfile(), passages=[coding.pk])
    other = save_finding(be.study, theme="work", statement={"en": "Stable work matters."}, keyfile=keyfile())
    for f in (quoting, other):
        publish_finding(f, True, actor="test")
    fr_text = TEXTS["fr_victim"]
    assert fr.pk and fr_text not in passage

    _withdraw(be)
    quoting, other = Finding.objects.get(pk=quoting.pk), Finding.objects.get(pk=other.pk)
    statement = statement_of(quoting, keyfile())
    assert statement == {"en": 'Victims felt safe: "[…]"', "nl": "Slachtoffers: “[…]”"}
    assert quoting.published is False                                    # back to review
    assert statement_of(other, keyfile()) == {"en": "Stable work matters."} and other.published is True


def test_the_suggestion_model_is_trained_once_per_version_and_forgets_a_withdrawal(interviews, users, as_user,
                                                                                  monkeypatch):
    from fiit.db import suggestion_cache
    from fiit.db.coding import apply_code

    suggestion_cache.forget()
    trained = []
    real = suggestion_cache.trained

    def counting(study, train):
        def wrapped():
            model = train()
            trained.append(model)
            return model
        return real(study, wrapped)

    monkeypatch.setattr(suggestion_cache, "trained", counting)
    be, fr = interviews["be_victim"], interviews["fr_victim"]
    apply_code(users["analyst"], be.uid, "a1", "shelter_rules", 0, 9, keyfile())
    apply_code(users["analyst"], fr.uid, "a1", "shelter_rules", 0, 9, keyfile())
    client = as_user("coordinator")                                         # has not coded: gets suggestions
    url = f"/coding/question/?study={be.study_id}&instrument=victim&question=a1"
    for _ in range(3):
        assert client.get(url).status_code == 200
    assert len(trained) == 1                                                # three views, one training
    apply_code(users["analyst"], interviews["be_victim_no_consent"].uid, "a1", "shelter_rules", 0, 9, keyfile())
    client.get(url)
    assert len(trained) == 2                                                # a new coding: trained again
    version = suggestion_cache.training_version(be.study)
    _withdraw(be)
    assert suggestion_cache.training_version(fr.study) != version
    client.get(url)
    assert len(trained) == 3                                                # a withdrawal: trained again

"""What a withdrawal reaches beyond the interview's own rows (issue 14, item 5).

When a respondent withdraws, :func:`fiit.db.answers.destroy_interview` destroys
the interview's key share (no copy of the database can open its answers any
more) and deletes the interview. Every copy derived from the respondent goes
with it, each by one of these means (one test per kind in
``tests/security/test_withdrawal_reach.py``):

- codings, coded marks, memos, frozen quotes and quote approvals: rows of the
  interview, deleted with it (foreign keys with CASCADE); memos and frozen
  quotes are sealed with the interview's data key besides;
- findings: the statement is the analyst's, but it may quote a passage of this
  respondent. :func:`reach` (called before the key is destroyed, while the
  passages can still be read) cuts every such passage out of the statement in
  each language and withdraws the finding from publication until someone
  reviews it; a finding's support is counted afresh whenever it is read;
- stored reports and the copies placed outside the store: deleted on the
  interview's delete signal, rebuilt by the next build
  (:mod:`fiit.db.report_store`);
- the coding workbench's suggestion model: forgotten (its version key changes
  too: :mod:`fiit.db.suggestion_cache`).
"""

from __future__ import annotations

from fiit.db.models import Interview

#: A fragment shorter than this is not treated as a quote (a word or two occurs in any statement).
MIN_QUOTED_CHARS = 12
REDACTED = "[…]"


def respondent_passages(interview: Interview, keyfile) -> set[str]:
    """Every piece of this respondent's words the system keeps apart: coded passages and frozen quotes."""
    from fiit.db.answers import read_answers
    from fiit.db.frozen_quotes import quote_text
    from fiit.db.store import instrument_of

    try:
        answers = read_answers(interview, instrument_of(interview), keyfile)
    except Exception:  # noqa: BLE001 — no longer readable (a restore replaying a withdrawal): nothing to cut
        return set()
    passages = set()
    for coding in interview.codings.all():
        text = answers.get(coding.question_id)
        if isinstance(text, str):
            passages.add(text[coding.start:coding.end].strip())
    for quote in interview.frozen_quotes.all():
        try:
            passages.add(quote_text(quote, keyfile).strip())
        except Exception:  # noqa: BLE001 — as above
            continue
    return {p for p in passages if len(p) >= MIN_QUOTED_CHARS}


def reach(interview: Interview, keyfile, *, actor: str = "system") -> dict[str, int]:
    """Before the key goes: cut this respondent's passages out of every finding that quotes them and
    withdraw those findings from publication. Returns {"findings_redacted": n}."""
    from django.db import transaction

    from fiit.db.audit import record
    from fiit.db.findings import _seal_statement, statement_of
    from fiit.db.models import Finding
    from fiit.db.suggestion_cache import forget

    forget(interview.study_id)
    passages = sorted(respondent_passages(interview, keyfile), key=len, reverse=True)
    redacted = 0
    if passages:
        with transaction.atomic():
            for finding in Finding.objects.select_for_update(of=("self",)).filter(study_id=interview.study_id):
                statement = statement_of(finding, keyfile)
                cleaned = {}
                for lang, text in statement.items():
                    for passage in passages:
                        text = text.replace(passage, REDACTED)
                    cleaned[lang] = text
                if cleaned == statement:
                    continue
                _seal_statement(finding, cleaned, keyfile)
                finding.published = False
                finding.save(update_fields=["sealed_statement", "wrapped_key", "key_id", "published", "updated_at"])
                record("finding_published", actor=actor, record_type="finding", record_id=finding.pk,
                       details={"published": False, "reason": "quoted_a_withdrawn_respondent"})
                redacted += 1
    return {"findings_redacted": redacted}

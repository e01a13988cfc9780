"""What the team adds to a report: recommendations with their evidence, approved quotes."""

from __future__ import annotations

import re
from typing import Any, Mapping

from django.db import transaction

from fiit.db.audit import record
from fiit.db.errors import UserError
from fiit.db.models import Country, Interview, QuoteApproval, Recommendation, Study
from fiit.db.store import instrument_of
from fiit.instruments import get_instrument
from fiit.instruments.model import THEMES

EVIDENCE_KINDS = ("scale", "framework", "ranking")
_STAGE_INDEX = re.compile(r"\[\d+\]")  # permit.stages[0].duration_months -> permit.stages.duration_months


def parse_evidence(ref: str) -> dict[str, Any]:
    """'scale:c_scale:BE', 'scale:c_scale' (all countries), 'framework:IT:reflection_period', 'ranking:q12:BE'."""
    parts = ref.split(":")
    kind = parts[0]
    if kind == "scale" and len(parts) in (2, 3):
        scales = {q.id for q in get_instrument("victim").scales()}
        if parts[1] not in scales:
            raise UserError(f"'{parts[1]}' is not a satisfaction scale; the scales are {', '.join(sorted(scales))}.")
        return {"kind": "scale", "question_id": parts[1], "country": parts[2].upper() if len(parts) == 3 else None}
    if kind == "ranking" and len(parts) in (2, 3):
        rankings = {q.id for q in get_instrument("service_provider").questions() if q.type == "ranking"}
        if parts[1] not in rankings:
            raise UserError(f"'{parts[1]}' is not a service ranking; the rankings are {', '.join(sorted(rankings))}.")
        return {"kind": "ranking", "question_id": parts[1], "country": parts[2].upper() if len(parts) == 3 else None}
    if kind == "framework" and len(parts) == 3:
        code, path = parts[1].upper(), parts[2]
        _check_fact(code, path)
        return {"kind": "framework", "country": code, "field": path}
    raise UserError(f"Evidence '{ref}' is not understood; write scale:c_scale:BE, ranking:q12:IT or "
                    "framework:IT:reflection_period.")


def _check_fact(code: str, path: str) -> None:
    """A framework reference names a fact of that country's framework, or a group of them (reflection_period)."""
    from fiit.db.report_data import stored_frameworks

    framework = stored_frameworks().get(code)
    if framework is None:
        raise UserError(f"There is no country framework for '{code}'.")
    paths = {_STAGE_INDEX.sub("", p) for p, _fact in framework.facts()}
    if path not in paths and not any(p.startswith(path + ".") for p in paths):
        groups = sorted({p.split(".")[0] for p in paths})
        raise UserError(f"'{path}' is not a fact of the {code} framework; write a fact such as permit.renewal, "
                        f"or one of its groups: {', '.join(groups)}.")


def _checked(theme: str, text: Mapping[str, str], evidence: list[str],
             country: str | None) -> tuple[dict[str, str], list[dict[str, Any]], str | None]:
    """(text, evidence references, country code) of a recommendation, or UserError."""
    if theme not in THEMES:
        raise UserError(f"'{theme}' is not a theme; the themes are {', '.join(THEMES)}.")
    if not text.get("en", "").strip():
        raise UserError("A recommendation needs at least its English text.")
    if not evidence:
        raise UserError(code="recommendation_without_evidence")
    refs = [parse_evidence(e) for e in evidence]
    for ref in refs:
        code = ref.get("country")
        if code and not Country.objects.filter(code=code).exists():
            raise UserError(f"There is no country '{code}'.")
    if country and not Country.objects.filter(code=country.upper()).exists():
        raise UserError(f"There is no country '{country}'.")
    clean = {k: v.strip() for k, v in text.items() if v and v.strip()}
    return clean, refs, country.upper() if country else None


def add_recommendation(study: Study, *, theme: str, text: Mapping[str, str], evidence: list[str],
                       country: str | None = None, published: bool = False, actor: str = "system",
                       user=None) -> Recommendation:
    text, refs, country = _checked(theme, text, evidence, country)
    rec = Recommendation.objects.create(study=study, country_id=country, theme=theme, text=text, evidence=refs,
                                        created_by=user, published=published)
    record("recommendation_added", actor=actor, record_type="recommendation", record_id=rec.pk,
           details={"theme": theme, "country": rec.country_id, "evidence": len(refs), "published": published})
    return rec


def update_recommendation(rec: Recommendation, *, theme: str, text: Mapping[str, str], evidence: list[str],
                          country: str | None = None, published: bool = False,
                          actor: str = "system") -> Recommendation:
    """Change a recommendation (same rules as :func:`add_recommendation`); audited without its text."""
    text, refs, country = _checked(theme, text, evidence, country)
    with transaction.atomic():
        rec.theme, rec.text, rec.evidence, rec.country_id, rec.published = theme, text, refs, country, published
        rec.save(update_fields=["theme", "text", "evidence", "country", "published"])
        record("recommendation_changed", actor=actor, record_type="recommendation", record_id=rec.pk,
               details={"theme": theme, "country": country, "evidence": len(refs), "published": published})
    return rec


def delete_recommendation(rec: Recommendation, *, actor: str = "system") -> None:
    with transaction.atomic():
        pk, details = rec.pk, {"theme": rec.theme, "country": rec.country_id}
        rec.delete()
        record("recommendation_deleted", actor=actor, record_type="recommendation", record_id=pk, details=details)


def quotable_questions(instrument) -> list:
    """The questions of ``instrument`` whose answers may become quotes: open answers, never identifying."""
    return [q for q in instrument.questions() if q.is_open_text and not q.identifying]


def approve_quote(interview: Interview, question_id: str, theme: str, *, actor: str = "system",
                  user=None) -> QuoteApproval:
    """Approve one open answer as a quote: only with the respondent's consent, never an identifying field."""
    if theme not in THEMES:
        raise UserError(f"'{theme}' is not a theme; the themes are {', '.join(THEMES)}.")
    if not interview.consent_quotes:
        raise UserError("The respondent did not consent to quotes in reports; this answer cannot be quoted.")
    if interview.status != "final":
        raise UserError("Only answers of a finalised interview can be quoted.")
    instrument = instrument_of(interview)
    try:
        question = instrument.question(question_id)
    except KeyError:
        raise UserError(f"There is no question '{question_id}' in {instrument.id}.") from None
    if question.type != "text" or question.identifying:
        raise UserError(f"Question '{question_id}' is not an open answer that may be quoted.")
    if not interview.answers.filter(question_id=question_id).exclude(sealed=None).exists():
        raise UserError(f"The interview has no answer to '{question_id}'.")
    with transaction.atomic():
        approval, _ = QuoteApproval.objects.update_or_create(
            interview=interview, question_id=question_id, defaults={"theme": theme, "approved_by": user})
        record("quote_approved", actor=actor, record_type="interview", record_id=interview.pk,
               details={"question_id": question_id, "theme": theme})
    return approval


def withdraw_quote(interview: Interview, question_id: str, *, actor: str = "system") -> bool:
    """Withdraw the approval of one quote (the answer itself is untouched). False if none was approved."""
    with transaction.atomic():
        approval = QuoteApproval.objects.filter(interview=interview, question_id=question_id).first()
        if approval is None:
            return False
        theme = approval.theme
        approval.delete()
        record("quote_withdrawn", actor=actor, record_type="interview", record_id=interview.pk,
               details={"question_id": question_id, "theme": theme})
    return True

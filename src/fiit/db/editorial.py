"""What the team adds to a report: recommendations with their evidence, approved quotes."""

from __future__ import annotations

from typing import Any, Mapping

from fiit.db.audit import record
from fiit.db.errors import UserError
from fiit.db.models import Country, Interview, QuoteApproval, Recommendation, Study
from fiit.db.store import instrument_of
from fiit.instruments import get_instrument
from fiit.instruments.model import THEMES

EVIDENCE_KINDS = ("scale", "framework", "ranking")


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
        return {"kind": "ranking", "question_id": parts[1], "country": parts[2].upper() if len(parts) == 3 else None}
    if kind == "framework" and len(parts) == 3:
        return {"kind": "framework", "country": parts[1].upper(), "field": parts[2]}
    raise UserError(f"Evidence '{ref}' is not understood; write scale:c_scale:BE, ranking:q12:IT or "
                    "framework:IT:reflection_period.")


def add_recommendation(study: Study, *, theme: str, text: Mapping[str, str], evidence: list[str],
                       country: str | None = None, published: bool = False, actor: str = "system",
                       user=None) -> Recommendation:
    if theme not in THEMES:
        raise UserError(f"'{theme}' is not a theme; the themes are {', '.join(THEMES)}.")
    if not text.get("en", "").strip():
        raise UserError("A recommendation needs at least its English text.")
    if not evidence:
        raise UserError("A recommendation must name the evidence it rests on (--evidence).")
    refs = [parse_evidence(e) for e in evidence]
    for ref in refs:
        code = ref.get("country")
        if code and not Country.objects.filter(code=code).exists():
            raise UserError(f"There is no country '{code}'.")
    if country and not Country.objects.filter(code=country.upper()).exists():
        raise UserError(f"There is no country '{country}'.")
    rec = Recommendation.objects.create(study=study, country_id=country.upper() if country else None, theme=theme,
                                        text={k: v for k, v in text.items() if v}, evidence=refs,
                                        created_by=user, published=published)
    record("recommendation_added", actor=actor, record_type="recommendation", record_id=rec.pk,
           details={"theme": theme, "country": rec.country_id, "evidence": len(refs), "published": published})
    return rec


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
    approval, _ = QuoteApproval.objects.update_or_create(
        interview=interview, question_id=question_id, defaults={"theme": theme, "approved_by": user})
    record("quote_approved", actor=actor, record_type="interview", record_id=interview.pk,
           details={"question_id": question_id, "theme": theme})
    return approval

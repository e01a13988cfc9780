"""Quotes frozen from coded passages: approved by a country lead (or coordinator), only when the respondent
consented to quotation, names redacted, the approved text sealed under the interview's data key.

Editing the answer afterwards never changes the quote: the report prints the frozen text, and a changed
passage needs a new approval. A withdrawal deletes the interview and so its quotes (and its key share, so
no copy can be opened).
"""

from __future__ import annotations

from typing import Iterable

from django.db import transaction

from fiit.coding.quotes import MAX_QUOTE_CHARS, excerpt, redact
from fiit.coding.themes import study_themes
from fiit.db.access import interviews_for
from fiit.db.answers import KeyDestroyed, data_key_for
from fiit.db.audit import record
from fiit.db.coding import answer_text
from fiit.db.errors import UserError
from fiit.db.models import FrozenQuote, Study
from fiit.vault import DecryptionError, open_field, seal_field

_VERSION = "frozen-quote"


def _place(quote: FrozenQuote) -> dict:
    return {"interview_id": str(quote.interview.uid), "question_id": f"quote:{quote.question_id}:{quote.start}",
            "instrument_version": _VERSION}


def freeze_quote(user, interview_uid: str, question_id: str, start: int, end: int, *, theme: str, keyfile,
                 redact_names: Iterable[str] = (), finding=None) -> FrozenQuote:
    """Approve the passage ``start:end`` of an answer as a quote (consent required); sealed and frozen."""
    if theme not in study_themes():
        raise UserError(f"'{theme}' is not a theme; the themes are {', '.join(study_themes())}.")
    interview = interviews_for(user, "approve_quote").filter(uid=interview_uid).first()
    if interview is None:
        raise UserError("There is no such interview whose quotes you may approve.")
    if not interview.consent_quotes:
        raise UserError("The respondent did not consent to quotes in reports; this passage cannot be quoted.")
    if interview.status != "final":
        raise UserError("Only answers of a finalised interview can be quoted.")
    text = answer_text(interview, question_id, keyfile)
    try:
        quote_text = redact(excerpt(text, start, end), redact_names)
    except ValueError:
        raise UserError("The passage does not lie inside the answer.") from None
    if len(quote_text) > MAX_QUOTE_CHARS:
        raise UserError(f"A quote holds at most {MAX_QUOTE_CHARS} characters.")
    quote = FrozenQuote(interview=interview, question_id=question_id, theme=theme, start=start, end=end,
                        approved_by=user if getattr(user, "pk", None) else None, finding=finding)
    quote.sealed_text = seal_field(data_key_for(interview, keyfile), quote_text, **_place(quote))
    with transaction.atomic():
        FrozenQuote.objects.filter(interview=interview, question_id=question_id, start=start).delete()
        quote.save()
        record("quote_frozen", actor=getattr(user, "username", "system"), record_type="interview",
               record_id=interview.pk, details={"question_id": question_id, "theme": theme,
                                                "redacted": len(list(redact_names))})
    return quote


def quote_text(quote: FrozenQuote, keyfile) -> str:
    return open_field(data_key_for(quote.interview, keyfile), bytes(quote.sealed_text), **_place(quote))


def frozen_quotes(study: Study, keyfile, *, country: str | None = None) -> list[tuple[FrozenQuote, str]]:
    """Approved quotes of consenting respondents in final interviews, with their frozen text."""
    qs = (FrozenQuote.objects.filter(interview__study=study, interview__status="final",
                                     interview__consent_quotes=True)
          .select_related("interview", "interview__instrument", "interview__country"))
    if country:
        qs = qs.filter(interview__country_id=country)
    out = []
    for quote in qs.order_by("interview__country__position", "pk"):
        try:
            out.append((quote, quote_text(quote, keyfile)))
        except (KeyDestroyed, DecryptionError):
            continue
    return out

"""Finalise once, at the end: the review page, then finalising from it.

The review lists, section by section, what is not answered (required ones
marked) and what the respondent declined, with a link to each question; the
server's own check (complete validation) is shown there too. Finalising needs
the interviewer to confirm on that page. A finalise that fails comes back to
the review page with its reasons; reloading that address (a GET) lands on the
review page again, never on an HTTP error.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fiit.db.access import can
from fiit.db.capture import applicable_only, finalise, has_consent, read_for, section_of
from fiit.db.keys import current_keyfile
from fiit.db.store import instrument_of
from fiit.instruments import pick, relevant_questions, validate_answers
from fiit.instruments.conditions import is_answered
from fiit.web.access import requires
from fiit.web.capture.lookup import find, hidden_questions


@dataclass
class ReviewItem:
    id: str
    label: str
    step: int
    required: bool = False
    messages: tuple[str, ...] = ()


def review_of(interview, instrument, answers, hidden) -> dict:
    """Unanswered (applicable, no answer), declined and the complete check's errors, in question order."""
    lang = interview.language
    applicable = relevant_questions(instrument, answers)
    report = validate_answers(instrument, applicable_only(instrument, answers), country=interview.country_id,
                              lang=lang, complete=True)
    errors: dict[str, list[str]] = {}
    for problem in report.problems:
        if problem.severity == "error" and problem.question_id:
            errors.setdefault(problem.question_id, []).append(problem.message)
    unanswered, declined, failing = [], [], []
    for question in instrument.questions():
        if question.id in hidden or question.id not in applicable:
            continue
        label = " ".join(part for part in (question.number, pick(question.text, lang)) if part)
        item = ReviewItem(question.id, label, section_of(instrument, question.id), question.required,
                          tuple(errors.get(question.id, ())))
        value = answers.get(question.id)
        if question.is_declined(value):
            declined.append(item)
        elif not is_answered(value):
            unanswered.append(item)
        if item.messages:
            failing.append(item)
    return {"unanswered": unanswered, "declined": declined, "errors": failing}


def render_review(request, interview, *, status=200, confirm_missing=False):
    instrument = instrument_of(interview)
    hidden = hidden_questions(request.user, interview, instrument)
    answers = read_for(interview, instrument, current_keyfile(), hide=hidden)
    return render(request, "fiit/capture/review.html", {
        "interview": interview, "title": pick(instrument.title, interview.language),
        "show_code": can(request.user, "view_respondent_code", interview=interview),
        "confirm_missing": confirm_missing, **review_of(interview, instrument, answers, hidden),
    }, status=status)


@requires("finalise_interview")
def interview_review(request, uid):
    interview = find(request.user, "finalise_interview", uid)
    if interview.status != "draft":
        return redirect("capture-detail", uid=interview.uid)
    if not has_consent(interview):
        return redirect("capture-consent", uid=interview.uid)
    return render_review(request, interview)


def finalise_from_review(request, interview):
    """POST from the review page: confirmed, then finalised (success page) or back to the review."""
    if not request.POST.get("confirm"):
        return render_review(request, interview, status=422, confirm_missing=True)
    result = finalise(interview, user=request.user, keyfile=current_keyfile())
    if not result.finalised:
        return render_review(request, interview, status=422)
    return finalised_redirect(request, interview)


def finalised_redirect(request, interview):
    messages.success(request, _("The interview is finalised. Thank you."))
    return redirect("capture-detail", uid=interview.uid)


def next_interview_url() -> str:
    return reverse("capture-new")


__all__ = ["finalise_from_review", "finalised_redirect", "interview_review", "require_http_methods"]

"""Finding an interview for a request: always through the access policy's scoped queryset.

A URL to an interview the user may not touch finds nothing and answers 404,
whatever the reason (another country, someone else's victim interview). What a
page then asks about the interview it found (locked? identifying fields hidden?)
is answered from that row by :func:`fiit.db.access.allows`, without more queries.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from fiit.db.access import allows, interviews_for, interviews_for_any
from fiit.db.models import Interview

QUESTION_HIDING_ACTION = "view_identifying"
#: What the form page asks of its interview, answered together from the row it found (form_permissions).
FORM_ACTIONS = (QUESTION_HIDING_ACTION, "view_respondent_code", "finalise_interview", "edit_final_interview")


#: An interview's instrument row without its definition (70 KB of JSON, parsed on every read): the
#: instrument comes from the process's cache (fiit.db.store.instrument_of), which reads the definition
#: only for a version it has not loaded yet.
_RELATED = ("instrument", "country", "study")
_NOT_READ = "instrument__definition"


def find(user, action: str, uid) -> Interview:
    """The interview ``uid`` if ``user`` may do ``action`` on it, else 404."""
    return get_object_or_404(interviews_for(user, action).select_related(*_RELATED).defer(_NOT_READ), uid=uid)


def find_editable(user, uid) -> Interview:
    """A draft the user may edit, or a final interview they may edit after finalising; else 404.

    A final interview the user may edit only as a draft is found (so the page
    can say it is locked) — check :func:`is_locked_for`.
    """
    qs = interviews_for_any(user, ("edit_interview", "edit_final_interview"))
    # Never the instrument's 60 KB definition: the form draws the version fiit ships (or keeps, once
    # loaded, per process: fiit.db.store.instrument_of).
    return get_object_or_404(qs.select_related(*_RELATED).defer(_NOT_READ), uid=uid)


def form_permissions(user, interview: Interview) -> frozenset[str]:
    """Which of :data:`FORM_ACTIONS` the user may do on this interview (pass it to the helpers below).

    ``interview`` is the row :func:`find` or :func:`find_editable` has just read through the scoped
    query: decided from it by :func:`fiit.db.access.allows`, as the detail page does, rather than asking
    the database again (the form page's one query for it; issue 16)."""
    return frozenset(action for action in FORM_ACTIONS if allows(user, action, interview))


def is_locked_for(user, interview: Interview, allowed: frozenset[str] | None = None) -> bool:
    """``allowed``: the user's :func:`form_permissions` on it, when the caller has them."""
    if interview.status != "final":
        return False
    if allowed is not None:
        return "edit_final_interview" not in allowed
    return not allows(user, "edit_final_interview", interview)


def hidden_questions(user, interview: Interview, instrument, allowed: frozenset[str] | None = None) -> set[str]:
    """Identifying questions this user may not see on this interview (``allowed``: as for is_locked_for)."""
    visible = QUESTION_HIDING_ACTION in allowed if allowed is not None else \
        allows(user, QUESTION_HIDING_ACTION, interview)
    if visible:
        return set()
    return {q.id for q in instrument.questions() if q.identifying}


def json_error(status: int, code: str, message: str) -> JsonResponse:
    """The one error shape of fiit's JSON answers (see fiit.web.views.errors)."""
    return JsonResponse({"error": {"status": status, "code": code, "message": message}}, status=status)


def locked_message() -> str:
    return _("This interview is final and locked. Only a country lead can change it; every change is recorded.")

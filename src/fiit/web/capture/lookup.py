"""Finding an interview for a request: always through the access policy's scoped queryset.

A URL to an interview the user may not touch finds nothing and answers 404,
whatever the reason (another country, someone else's victim interview). What a
page then asks about the interview it found (locked? identifying fields hidden?)
is answered from that row by :func:`fiit.db.access.allows`, without more queries.
"""

from __future__ import annotations

import uuid
from functools import partial

from django.db.models import Q
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from fiit.db.access import allows, interview_condition
from fiit.db.models import Interview
from fiit.db.prepared_queries import PreparedByKey, as_get

QUESTION_HIDING_ACTION = "view_identifying"
#: What the form page asks of its interview, answered together from the row it found (form_permissions).
FORM_ACTIONS = (QUESTION_HIDING_ACTION, "view_respondent_code", "finalise_interview", "edit_final_interview")


#: An interview's instrument row without its definition (70 KB of JSON, parsed on every read): the
#: instrument comes from the process's cache (fiit.db.store.instrument_of), which reads the definition
#: only for a version it has not loaded yet.
_RELATED = ("instrument", "country", "study")
_NOT_READ = "instrument__definition"


def find(user, action: str, uid) -> Interview:
    """The interview ``uid`` if ``user`` may do ``action`` on it, else 404: what
    ``get_object_or_404(interviews_for(user, action).select_related(...).defer(...), uid=uid)`` finds."""
    return _scoped_get(user, (action,), uid)


def find_editable(user, uid) -> Interview:
    """A draft the user may edit, or a final interview they may edit after finalising; else 404.

    A final interview the user may edit only as a draft is found (so the page
    can say it is locked) — check :func:`is_locked_for`.
    """
    # Never the instrument's 60 KB definition: the form draws the version fiit ships (or keeps, once
    # loaded, per process: fiit.db.store.instrument_of).
    return _scoped_get(user, ("edit_interview", "edit_final_interview"), uid)


#: Where the interview's uid goes in a compiled lookup: no interview has it (uuid4s are random; this one is not).
_SENTINEL_UID = uuid.UUID("00000000-0000-4000-8000-00000000f11e")
_UID = Interview._meta.get_field("uid")
#: access filter (fiit.db.access.interview_condition) -> its lookup statement, compiled once per process
#: (a few per user: their scopes).
_LOOKUPS = PreparedByKey()


def _lookup_queryset(condition: Q, uid):
    """The queryset of :func:`find`: ``interviews_for_any`` filtered by ``condition``, as ``get`` runs it."""
    qs = Interview.objects.all() if condition == Q() else Interview.objects.filter(condition)
    return as_get(qs.select_related(*_RELATED).defer(_NOT_READ).filter(uid=uid))


def _scoped_get(user, actions: tuple[str, ...], uid) -> Interview:
    """The scoped query's one interview, compiled once per access filter (issue 16).

    The ORM compiled the same scoped query with its three joins on every detail,
    form and save (~1.3-1.6 ms of CPU). Access stays decided in the query: the
    filter is built on each request from the profile read for it
    (:func:`fiit.db.access.interview_condition`: role, country or countries,
    user id), and the statement compiled for exactly that filter is run with this
    request's uid; a role changed since gives another filter, so another statement.
    tests/accounts/test_scoped_lookup.py compares it with ``get_object_or_404`` for every
    role, action and kind of interview.
    """
    condition = interview_condition(user, actions)
    if condition is None:
        raise Http404(f"No {Interview._meta.object_name} matches the given query.")
    prepared = _LOOKUPS.get(condition, partial(_lookup_queryset, condition), [(_UID, _SENTINEL_UID)])
    try:
        return prepared.get(uid)
    except Interview.DoesNotExist:
        raise Http404(f"No {Interview._meta.object_name} matches the given query.") from None


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

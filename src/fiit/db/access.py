"""Who may do what, on which records: decided in the query, deny by default.

``PERMISSIONS`` is the one table: role -> action -> scope. A role or action not
in it is refused. Views never filter after the fact: they ask
:func:`interviews_for` for a queryset already limited to what the user may
touch, so a URL to another country's interview simply finds nothing (404).

Scopes:
  ``all``          every country
  ``country``      the user's own country (an analyst limited to countries: those countries)
  ``own``          interviews the user conducts (their country only)
  ``own_or_nonvictim``  own interviews, plus other interviewers' policymaker and
                   service-provider interviews in the user's country (an
                   interviewer never sees someone else's victim interview)
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fiit.db.models import Interview, Profile, Recommendation

ACTIONS = (
    "view_interview",        # open an interview with its answers (open text included)
    "view_identifying",      # names and other identifying fields of policymakers/service providers
    "view_respondent_code",
    "create_interview",
    "edit_interview",        # a draft
    "finalise_interview",
    "edit_final_interview",  # after finalising; every change recorded
    "delete_interview",      # respondent withdraws: destroys the key share
    "export",                # data package, XLSForm, stats files
    "import",
    "approve_quote",         # candidate quotes (open answers of consenting respondents): approve, withdraw
    "edit_recommendations",  # add, change and delete draft recommendations (country scope: own country's)
    "publish_recommendations",  # publish or withdraw them, and change or delete published ones
    "view_analysis",         # de-identified statistics
    "view_reports",          # published reports
    "build_reports",
    "manage_users",
    "manage_frameworks",
    "view_frameworks",
    "view_instruments",
    "code_answers",          # the coding workbench: read open answers to code them, code, memo, reconcile, QDA exchange
    "edit_findings",         # draft findings and good practices (country scope: own country's)
    "publish_findings",      # publish or withdraw findings
    "manage_codebook",       # save a new codebook version
)

PERMISSIONS: dict[str, dict[str, str]] = {
    "coordinator": {action: "all" for action in ACTIONS},
    "country_lead": {
        "view_interview": "country", "view_identifying": "country", "view_respondent_code": "country",
        "create_interview": "country", "edit_interview": "country", "finalise_interview": "country",
        "edit_final_interview": "country", "delete_interview": "country", "export": "country",
        "import": "country", "approve_quote": "country", "edit_recommendations": "country",
        "publish_recommendations": "country",
        "view_analysis": "country", "view_reports": "all", "build_reports": "country", "view_frameworks": "all",
        "view_instruments": "all",
        "code_answers": "country", "edit_findings": "country", "publish_findings": "country",
    },
    "interviewer": {
        "view_interview": "own_or_nonvictim", "view_identifying": "own", "view_respondent_code": "own",
        "create_interview": "country", "edit_interview": "own", "finalise_interview": "own",
        "view_reports": "all", "view_frameworks": "all", "view_instruments": "all",
    },
    "analyst": {
        # De-identified: answers (open text included) but no names, no respondent codes.
        "view_interview": "all", "view_analysis": "all", "export": "all",
        "view_reports": "all", "build_reports": "all", "view_frameworks": "all", "view_instruments": "all",
        "edit_recommendations": "all",  # analysts draft; coordinators and country leads publish
        "code_answers": "all", "edit_findings": "all",  # analysts code and draft findings
    },
    "viewer": {"view_reports": "all"},
}


#: Where :func:`remember_profile` keeps the profile on a request's user object.
REQUEST_PROFILE = "_fiit_request_profile"
_UNREAD = object()


def profile_of(user) -> Profile | None:
    """The user's profile (role, country); read once per request when the request remembers it."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    remembered = getattr(user, REQUEST_PROFILE, _UNREAD)
    if remembered is not _UNREAD:
        return remembered
    return Profile.objects.select_related("country").filter(user=user).first()


def remember_profile(user) -> None:
    """Read the profile once and keep it on this request's user object (the web's middleware).

    The user object lives for one request (Django loads it from the session
    each time), so a role changed by an administrator applies from the next
    request on. Also fills the ``user.fiit_profile`` accessor's cache.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return
    if getattr(user, REQUEST_PROFILE, _UNREAD) is not _UNREAD:
        return  # read with the user (fiit.web.sign_in_backend)
    keep_profile(user, Profile.objects.filter(user=user).first())


def keep_profile(user, profile: Profile | None) -> None:
    """Keep ``profile``, just read from the database with ``user``, on this request's user object
    (:func:`remember_profile`'s effect, for a profile read in the same query as the user)."""
    setattr(user, REQUEST_PROFILE, profile)
    Profile.user.field.remote_field.set_cached_value(user, profile)  # None: user.fiit_profile raises, no query
    if profile is not None:
        Profile.user.field.set_cached_value(profile, user)


# An analyst with countries (Profile.countries) is limited to them for every action on study data (issue 14, H2).
LIMITABLE_TO_COUNTRY = frozenset({
    "view_interview", "view_analysis", "export", "build_reports", "edit_recommendations", "code_answers",
    "edit_findings",
})


def scope(user, action: str) -> str | None:
    """The scope of ``action`` for this user, or None (refused)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action '{action}'")
    profile = profile_of(user)
    if profile is None:
        return None
    found = PERMISSIONS.get(profile.role, {}).get(action)
    if found == "all" and profile.role == "analyst" and action in LIMITABLE_TO_COUNTRY and profile.country_codes:
        found = "country"  # an analyst's limits: scope "country" means "the profile's countries"
    if found in ("country", "own", "own_or_nonvictim") and not profile.country_codes:
        return None  # a national role without a country sees nothing
    return found


def _scope_filter(user, profile: Profile, found: str) -> Q:
    if found == "all":
        return Q()
    if found == "country":
        return Q(country_id__in=profile.country_codes)
    if found == "own":
        return Q(country_id=profile.country_id, interviewer_id=user.pk)
    if found == "own_or_nonvictim":
        return Q(country_id=profile.country_id) & (Q(interviewer_id=user.pk) | ~Q(instrument__instrument_id="victim"))
    return Q(pk__in=[])


def _scope_holds(user, profile: Profile, found: str, interview: Interview) -> bool:
    """:func:`_scope_filter` evaluated on one interview already read: the same four cases, kept beside it
    (tests/accounts/test_allows.py checks both agree for every role, action and kind of interview)."""
    instrument_id = interview.instrument.instrument_id if found == "own_or_nonvictim" else None  # read if asked
    return _scope_holds_for(user, profile, found, interview.country_id, interview.interviewer_id, instrument_id)


def _scope_holds_for(user, profile: Profile, found: str, country_id, interviewer_id, instrument_id) -> bool:
    """:func:`_scope_holds` on an interview's three columns that scopes test (a list page's plain rows)."""
    if found == "all":
        return True
    if found == "country":
        return country_id in profile.country_codes
    if found == "own":
        return country_id == profile.country_id and interviewer_id == user.pk
    if found == "own_or_nonvictim":
        return country_id == profile.country_id and (interviewer_id == user.pk or instrument_id != "victim")
    return False


def interview_condition(user, actions) -> Q | None:
    """The filter :func:`interviews_for_any` (one action: :func:`interviews_for`) applies for ``user``: None
    when every action is refused, ``Q()`` for every interview. Built from this request's profile; everything
    the query's SQL and its values depend on is in it (fiit.web.capture.lookup keys compiled statements on it)."""
    found = {scope(user, action) for action in actions} - {None}
    if not found:
        return None
    if "all" in found:
        return Q()
    profile = profile_of(user)
    if len(found) == 1:
        return _scope_filter(user, profile, found.pop())
    condition = Q(pk__in=[])
    for each in sorted(found):
        condition |= _scope_filter(user, profile, each)
    return condition


def interviews_for(user, action: str = "view_interview", queryset: QuerySet | None = None) -> QuerySet:
    """Interviews on which ``user`` may do ``action`` (empty when refused)."""
    qs = queryset if queryset is not None else Interview.objects.all()
    condition = interview_condition(user, (action,))
    return qs.none() if condition is None else qs.filter(condition)


def can(user, action: str, interview: Interview | None = None, country: str | None = None) -> bool:
    """May ``user`` do ``action`` (on this interview / in this country)?"""
    found = scope(user, action)
    if found is None:
        return False
    if interview is not None:
        if interview.pk is None:
            country = interview.country_id
        else:
            return interviews_for(user, action, Interview.objects.filter(pk=interview.pk)).exists()
    if country is None or found == "all":
        return True
    return country in profile_of(user).country_codes


def interviews_for_any(user, actions, queryset: QuerySet | None = None) -> QuerySet:
    """Interviews on which ``user`` may do at least one of ``actions`` (empty when each is refused):
    the union of :func:`interviews_for` as one filter (every scope filters the interview's own columns
    and its instrument, so no row can come twice and no DISTINCT is needed)."""
    qs = queryset if queryset is not None else Interview.objects.all()
    condition = interview_condition(user, actions)
    if condition is None:
        return qs.none()
    return qs if condition == Q() else qs.filter(condition)


def allowed_on(user, actions, interview: Interview) -> frozenset[str]:
    """Those of ``actions`` that ``user`` may do on this stored interview: :func:`can` for each, with
    one query per distinct scope instead of one per action (a page asking three questions of its
    interview usually asks the database once)."""
    if interview.pk is None:
        raise ValueError("allowed_on answers for a stored interview; use can() for one not saved yet")
    by_scope: dict[str, list[str]] = {}
    for action in actions:
        found = scope(user, action)
        if found is not None:
            by_scope.setdefault(found, []).append(action)
    allowed: set[str] = set()
    for found, granted in by_scope.items():
        if Interview.objects.filter(pk=interview.pk).filter(_scope_filter(user, profile_of(user), found)).exists():
            allowed.update(granted)
    return frozenset(allowed)


def allows(user, action: str, interview: Interview) -> bool:
    """May ``user`` do ``action`` on ``interview``, an interview this request has just read through
    :func:`interviews_for` (a page's follow-up questions: show the code, offer the edit link, hide
    identifying fields)? Decided from the row and this request's profile, without another query:
    each such question cost a query of its own, up to five a page (issue 16). The page's own access
    stays decided in the query that found the interview; for an interview read earlier, use :func:`can`."""
    return allowing(user, action)(interview)


def allowing(user, action: str):
    """:func:`allows` for many interviews (a list page's rows): ``interview -> bool``, the scope looked up once."""
    found = scope(user, action)
    if found is None:
        return lambda interview: False
    profile = profile_of(user)
    return lambda interview: interview.pk is not None and _scope_holds(user, profile, found, interview)


def allowing_rows(user, action: str):
    """:func:`allowing` for interviews read as plain rows (``.values_list``) by :func:`interviews_for`:
    ``(country_id, interviewer_id, instrument_id) -> bool``, instrument_id being the instrument's
    name (``victim``), not its version's key."""
    found = scope(user, action)
    if found is None:
        return lambda country_id, interviewer_id, instrument_id: False
    profile = profile_of(user)
    return lambda country_id, interviewer_id, instrument_id: _scope_holds_for(
        user, profile, found, country_id, interviewer_id, instrument_id)


def countries_for(user, action: str) -> list[str] | None:
    """Country codes where ``action`` is allowed; None means every country; [] means none."""
    found = scope(user, action)
    if found is None:
        return []
    if found == "all":
        return None
    return list(profile_of(user).country_codes)


def recommendations_for(user, action: str = "edit_recommendations", queryset: QuerySet | None = None) -> QuerySet:
    """Recommendations on which ``user`` may do ``action``: every one for scope ``all``; for scope
    ``country`` those of the user's country (never the comparative report's, which belong to all countries)."""
    qs = queryset if queryset is not None else Recommendation.objects.all()
    found = scope(user, action)
    if found == "all":
        return qs
    if found == "country":
        return qs.filter(country_id__in=profile_of(user).country_codes)
    return qs.none()

"""Role x URL x country: every view answers exactly what the permission table allows.

``ROUTES`` below is the expected-permission table, one entry per URL name of the
site (every pattern, includes too). For each entry it says which action of
``fiit.db.access.PERMISSIONS`` the view belongs to, how to build its arguments
for a target, how to call it, and which status means "allowed". The expected
status for a (role, target) is derived from PERMISSIONS here, in the test,
not asked of the code under test:

- no scope for the action                      -> ``denied`` (403: the role may never do this)
- scope ``all``                                -> ``ok``
- scope ``country``                            -> ``ok`` in the user's country, else 404
- scope ``own``                                -> ``ok`` for the user's own interview, else 404
- scope ``own_or_nonvictim``                   -> ``ok`` for the user's own interview and for
                                                  non-victim interviews in their country, else 404

Targets: ``own`` (BE, a victim interview by int_be), ``colleague`` (BE, a victim
interview by int_be2), ``colleague_policymaker`` (BE, a policymaker interview by
int_be2), ``other`` (IT, a victim interview). A national role is from BE; the
interviewer role is int_be.

ADDING A VIEW: this test fails for every URL name missing from ``ROUTES``.
Add one line, e.g.::

    "capture-detail": Route("view_interview", args=interview_uid),

with ``method="post"`` (and ``data=`` / ``json=``) for POST-only views and
``ok=`` when the allowed answer is a redirect or a 4xx of the view's own logic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fiit.db.access import PERMISSIONS
from tests.support.otp import verified_login

ROLE_USERS = {  # role -> the user acting in it
    "coordinator": "coordinator",
    "country_lead": "lead_be",
    "interviewer": "int_be",
    "analyst": "analyst",
    "analyst_be_fr": "analyst_be_fr",  # an analyst limited to two countries (issue 14)
    "viewer": "viewer",
}
SECOND_FACTOR_ROLES = {"coordinator", "country_lead", "interviewer", "analyst", "analyst_be_fr"}  # read open answers or names
USER_COUNTRY = {"coordinator": None, "country_lead": {"BE"}, "interviewer": {"BE"}, "analyst": None,
                "analyst_be_fr": {"BE", "FR"}, "viewer": None}
# Written here, not read from fiit.db.access: an analyst's limits hold for every action on study data;
# instruments, frameworks and published reports stay open to them.
ANALYST_LIMITED_IN = ("view_interview", "view_analysis", "export", "build_reports", "edit_recommendations",
                      "code_answers", "edit_findings")


def permissions(role: str) -> dict[str, str]:
    if role == "analyst_be_fr":
        return {action: "country" if action in ANALYST_LIMITED_IN else scope
                for action, scope in PERMISSIONS["analyst"].items()}
    return PERMISSIONS[role]
TARGET_COUNTRY = {"own": "BE", "colleague": "BE", "colleague_policymaker": "BE", "other": "IT"}
VICTIM_TARGETS = {"own", "colleague", "other"}
TARGETS = tuple(TARGET_COUNTRY)


def interview_uid(world, target: str) -> dict:
    return {"uid": world.interviews[target].uid}


def country_code(world, target: str) -> dict:
    return {"code": TARGET_COUNTRY[target]}


def recommendation_pk(world, target: str) -> dict:
    """A recommendation of the target's country report."""
    from fiit.db.models import Recommendation

    rec = Recommendation.objects.create(study=world.interviews["own"].study, country_id=TARGET_COUNTRY[target],
                                        theme="work", text={"en": "A matrix recommendation."},
                                        evidence=[{"kind": "scale", "question_id": "e_scale", "country": None}])
    return {"pk": rec.pk}


@dataclass(frozen=True)
class Route:
    action: str | None                 # None: any logged-in user (no action of the table)
    args: Callable | None = None       # (world, target) -> kwargs for reverse()
    method: str = "get"
    ok: int = 200                      # status when allowed
    denied: int = 403                  # status when the role has no scope for the action
    data: dict | None = None           # form data for a POST
    json: dict | None = None           # JSON body for a POST
    comparative: bool = False          # all countries at once: a country-scoped role is refused (403)


ROUTES: dict[str, Route] = {
    # accounts and pages for every logged-in user
    "home": Route(None),
    "ping": Route(None),                                    # a health check: "ok" for anyone
    "login": Route(None, ok=302),                           # a logged-in user is sent on
    "logout": Route(None, method="post", ok=302),
    "set_language": Route(None, method="post", ok=302, data={"language": "en", "next": "/"}),
    "password-change": Route(None),                         # every user changes their own password
    "otp-setup": Route(None, ok=302),                       # verified already, or no second factor needed
    "otp-verify": Route(None, ok=302),
    "otp-qr": Route(None, ok=404),                          # nothing being enrolled in this session
    # passkeys (django-otp-webauthn's ceremonies; a verified user may add one, the others need a started ceremony)
    "credential-registration-begin": Route(None, method="post"),
    "credential-registration-complete": Route(None, method="post", json={}, ok=400),  # no ceremony started
    "credential-authentication-begin": Route(None, method="post"),
    "credential-authentication-complete": Route(None, method="post", json={}, ok=400),
    "js-i18n-catalog": Route(None),
    "passkey-js-catalog": Route(None),
    "passkey-done": Route(None, ok=302),                    # verified already: on to the next page
    # instruments and country frameworks
    "instrument-list": Route("view_instruments"),
    "instrument-detail": Route("view_instruments", args=lambda w, t: {"instrument_id": "victim"}),
    "framework-compare": Route("view_frameworks"),
    "framework-country": Route("view_frameworks", args=country_code),
    # interview capture (targets: draft victim interviews with consent recorded)
    "capture-list": Route("view_interview"),
    "capture-new": Route("create_interview"),
    "capture-detail": Route("view_interview", args=interview_uid),
    "capture-consent": Route("edit_interview", args=interview_uid, ok=302),  # consent given: on to the form
    "capture-form": Route("edit_interview", args=interview_uid),
    "capture-save": Route("edit_interview", args=interview_uid, method="post", json={"answers": {}}),
    "capture-finalise": Route("finalise_interview", args=interview_uid, method="post", ok=422),  # no answers yet
    "capture-delete": Route("delete_interview", args=interview_uid),  # GET: the confirmation page
    "capture-review": Route("finalise_interview", args=interview_uid),
    "capture-history": Route("edit_final_interview", args=interview_uid),
    # the offline field app: the installable app's files, its pages and the device sync
    "service-worker": Route(None),
    "web-manifest": Route(None),
    "capture-field": Route("create_interview"),
    "capture-field-precache": Route("create_interview"),
    "capture-field-session": Route(None),
    "capture-field-form": Route("create_interview", args=lambda w, t: {"instrument_id": "victim",
                                                                       "country": TARGET_COUNTRY[t], "lang": "nl"}),
    "capture-sync": Route("edit_interview", method="post", json={}, ok=400),  # an empty body: refused as malformed
    "report-index": Route("view_reports"),
    "report-comparative": Route("view_reports"),
    "report-country": Route("view_reports", args=country_code),
    "report-file": Route("view_reports", args=lambda world, target: {"name": "no-such-report.pdf"}, ok=404),
    "report-download-comparative": Route("build_reports", args=lambda world, target: {"fmt": "html"},
                                         comparative=True),
    "report-download-country": Route("build_reports", args=lambda world, target: {**country_code(world, target),
                                                                                  "fmt": "html"}),
    "report-public-comparative": Route("view_reports", args=lambda world, target: {"fmt": "html"}),
    "report-public-country": Route("view_reports", args=lambda world, target: {**country_code(world, target),
                                                                              "fmt": "html"}),
    # editorial work: recommendations of a country report; quotes (targets are drafts: an allowed user is
    # sent back to the quote list with a message, since a draft's answers cannot be quoted)
    "editorial-recommendations": Route("edit_recommendations"),
    "editorial-recommendation-new": Route("edit_recommendations"),
    "editorial-recommendation-edit": Route("edit_recommendations", args=recommendation_pk),
    "editorial-recommendation-delete": Route("edit_recommendations", args=recommendation_pk),  # GET: confirmation
    "editorial-quotes": Route("approve_quote"),
    "editorial-quote-approve": Route("approve_quote", args=interview_uid, method="post", ok=302,
                                     data={"question": "a1", "theme": "status"}),
    "editorial-quote-withdraw": Route("approve_quote", args=interview_uid, method="post", ok=302,
                                      data={"question": "a1"}),
    # the coding workbench (every role on it verifies a second factor; targets are drafts, never coded: 404)
    "coding-home": Route("code_answers"),
    "coding-question": Route("code_answers", ok=404),  # no question named
    "coding-interview": Route("code_answers", args=interview_uid, ok=404),
    "coding-apply": Route("code_answers", method="post", json={}, ok=400),
    "coding-remove": Route("code_answers", args=lambda w, t: {"pk": 999999}, method="post", ok=404),
    "coding-memo": Route("code_answers", method="post", json={}, ok=404),
    "coding-done": Route("code_answers", method="post", json={}, ok=404),
    "coding-suggestions-quality": Route("code_answers"),
    "coding-agreement": Route("code_answers"),
    "coding-disagreements": Route("code_answers"),
    "coding-reconcile": Route("code_answers", method="post", ok=302, data={}),
    "coding-retrieve": Route("code_answers"),
    "coding-findings": Route("code_answers"),
    "coding-finding-new": Route("edit_findings", method="post", ok=302, data={}),
    "coding-finding-publish": Route("publish_findings", args=lambda w, t: {"pk": 999999}, method="post", ok=404),
    "coding-quote-freeze": Route("approve_quote", method="post", ok=302, data={}),
}


# URL names inside an app namespace (django-otp-webauthn's include), as reverse() needs them.
NAMESPACES = {name: "otp_webauthn" for name in (
    "credential-registration-begin", "credential-registration-complete", "credential-authentication-begin",
    "credential-authentication-complete", "js-i18n-catalog")}


def url_of(name: str, kwargs: dict | None = None) -> str:
    return reverse(f"{NAMESPACES[name]}:{name}" if name in NAMESPACES else name, kwargs=kwargs)


def url_names(patterns=None) -> list[str | None]:
    out = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            out += url_names(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            out.append(entry.name)
    return out


def expected_status(role: str, route: Route, target: str) -> int:
    if route.action is None:
        return route.ok
    scope = permissions(role).get(route.action)
    if scope is None:
        return route.denied
    if scope == "all":
        return route.ok
    if route.comparative:
        return 403  # every country at once needs the action in every country
    if route.args is None:
        return route.ok  # a page not about one country or interview: the scope limits what it lists
    own_country = TARGET_COUNTRY[target] in (USER_COUNTRY[role] or ())
    if scope == "country":
        return route.ok if own_country else 404
    if scope == "own":
        return route.ok if target == "own" else 404
    if scope == "own_or_nonvictim":
        return route.ok if target == "own" or (own_country and target not in VICTIM_TARGETS) else 404
    raise AssertionError(f"scope '{scope}' is not known to this test: add it to expected_status")


def test_every_url_pattern_is_in_the_table():
    names = url_names()
    assert None not in names, "a URL pattern without a name cannot be checked: name it"
    missing = sorted(set(names) - set(ROUTES))
    assert not missing, f"add these URL names to ROUTES in {__file__}: {missing}"


def test_the_table_has_no_stale_entries():
    assert not sorted(set(ROUTES) - set(url_names()))


def test_the_table_names_only_known_actions():
    from fiit.db.access import ACTIONS

    assert {r.action for r in ROUTES.values()} - {None} <= set(ACTIONS)


def _call(client, route: Route, url: str):
    if route.method == "get":
        return client.get(url)
    if route.json is not None:
        return client.post(url, route.json, content_type="application/json")
    return client.post(url, route.data or {})


@pytest.mark.parametrize("name", sorted(ROUTES))
@pytest.mark.parametrize("role", sorted(ROLE_USERS))
def test_each_role_gets_what_the_table_allows(client, world, role, name):
    route = ROUTES[name]
    user = world.users[ROLE_USERS[role]]
    seen, wanted = {}, {}
    for target in TARGETS if route.args is not None else ("own",):
        if role in SECOND_FACTOR_ROLES or name.startswith("coding-"):
            verified_login(client, user)
        else:
            client.force_login(user)  # viewers need no second factor
        url = url_of(name, route.args(world, target) if route.args else None)
        seen[target] = _call(client, route, url).status_code
        wanted[target] = expected_status(role, route, target)
    assert seen == wanted, f"{role} on {name}: got {seen}, the table says {wanted}"

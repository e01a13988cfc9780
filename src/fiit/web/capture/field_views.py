"""The field app: interviews started, held and finalised on a device, offline, and synced later.

- ``/interviews/field/`` lists the interviews on this device (the encrypted
  queue, read by ``field.js``) and starts a new one;
- ``/interviews/field/<instrument>/<country>/<language>/`` is a blank form
  (consent, the sections, review, success) for one instrument, country and
  language — the same for every interview, so the service worker can keep it;
- ``/interviews/field/precache.json`` lists what to keep for offline work;
- ``/interviews/sync/`` takes one interview from the device (idempotent, see
  :mod:`fiit.db.device_sync`);
- ``/interviews/field/session.json`` says who is signed in (the sign-in dialog
  lands there).

No page here holds an answer: the device's answers never enter a cached page.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from fiit.db.access import can, countries_for
from fiit.db.device_sync import DeviceInterview, SyncRefused, sync_device_interview
from fiit.db.keys import current_keyfile
from fiit.db.models import Country
from fiit.instruments import builtin_instruments, pick
from fiit.web.access import requires
from fiit.web.capture.consent import consent_text
from fiit.web.capture.posted import unstorable_answer, valid_text
from fiit.web.capture.fields import answers_from_json
from fiit.web.capture.form_markup import form_markup
from fiit.web.capture.lookup import json_error
from fiit.web.instrument_display import short_name
from fiit.web.languages import ui_language
from fiit.web.views.errors import error_body

MAX_BODY = 1024 * 1024
OFFLINE_ASSETS = (
    "fiit/fiit.css", "fiit/capture/capture.css", "fiit/capture/capture.js", "fiit/capture/device-store.js",
    "fiit/capture/sign-in.js", "fiit/capture/offline.js", "fiit/capture/field.js", "fiit/capture/conflicts.js",
    "fiit/favicon.svg",
    "fiit/icon-192.png",
)
REFUSALS = {
    "no_study": gettext_lazy("There is no study in this database yet. A coordinator must create one first."),
    "unknown_instrument": gettext_lazy("This instrument is not known on the server."),
    "unknown_language": gettext_lazy("This instrument is not available in that language."),
    "not_allowed": gettext_lazy("You may not record this interview."),
    "no_consent": gettext_lazy("Record the respondent's consent before the interview starts."),
}


def _countries(user) -> list[Country]:
    allowed = countries_for(user, "create_interview")
    rows = Country.objects.all() if allowed is None else Country.objects.filter(code__in=allowed)
    return list(rows)


def _shell_url(instrument_id: str, country: str, lang: str) -> str:
    return reverse("capture-field-form", kwargs={"instrument_id": instrument_id, "country": country, "lang": lang})


@requires("create_interview")
def field_app(request):
    lang = ui_language()
    instruments = builtin_instruments()
    return render(request, "fiit/capture/field.html", {
        "instruments": [(iid, short_name(iid), sorted(inst.languages)) for iid, inst in instruments.items()],
        "countries": [(c.code, c.name(lang)) for c in _countries(request.user)],
        "languages": list(settings.LANGUAGES),
        "profile_language": getattr(getattr(request.user, "fiit_profile", None), "language", ""),
        "form_url_pattern": _shell_url("INSTRUMENT", "CC", "LL"),
        "sync_url": reverse("capture-sync"),
    })


@requires("create_interview")
def field_form(request, instrument_id, country, lang):
    instrument = builtin_instruments().get(instrument_id)
    if instrument is None or lang not in instrument.languages:
        raise Http404("no such form")
    if not can(request.user, "create_interview", country=country):
        raise Http404("no such form")
    markup = form_markup(instrument, country, lang)
    return render(request, "fiit/capture/field_form.html", {
        "steps": markup.steps, "steps_html": markup.render({}), "step_count": len(markup.steps), "lang": lang, "country": country,
        "instrument_id": instrument_id, "title": pick(instrument.title, lang),
        "intro": pick(instrument.intro, lang), "consent": consent_text(lang),
        "sync_url": reverse("capture-sync"), "app_url": reverse("capture-field"),
    })


@requires("create_interview")
@never_cache
def precache(request):
    urls = [reverse("capture-field")]
    for country in _countries(request.user):
        for iid, instrument in builtin_instruments().items():
            urls += [_shell_url(iid, country.code, lang) for lang in sorted(instrument.languages)]
    urls += [static(path) for path in OFFLINE_ASSETS]
    return JsonResponse({"urls": urls})


@never_cache
def session(request):
    """Who is signed in, and a fresh CSRF token (the page's may be from an offline copy)."""
    return JsonResponse({"user": request.user.get_username(), "csrf": get_token(request)})


def _device_interview(data) -> DeviceInterview:
    """The posted interview, checked for shape (ValueError/KeyError/TypeError when malformed)."""
    instrument = builtin_instruments()[str(data["instrument"])]
    answers = data.get("answers") or {}
    consent = data.get("consent") or {}
    if not isinstance(answers, dict) or not isinstance(consent, dict):
        raise TypeError("answers and consent are objects")
    if unstorable_answer(answers) is not None:  # issue 14 L1: checked before anything is stored
        raise ValueError("an answer no question can hold")
    if any(isinstance(v, str) and not valid_text(v) for v in data.values()):
        raise ValueError("a text that is not valid Unicode")
    base = data.get("base_version")
    return DeviceInterview(
        uid=uuid.UUID(str(data["uid"])), instrument_id=instrument.id, country=str(data["country"]),
        language=str(data["language"]), respondent_code=str(data.get("respondent_code") or "")[:40],
        interview_date=dt.date.fromisoformat(str(data.get("interview_date") or dt.date.today().isoformat())),
        consent={k: bool(consent.get(k)) for k in ("research_use", "quotes", "follow_up")},
        answers=answers_from_json(instrument, answers), finalise=bool(data.get("finalise")),
        base_version=str(base) if base else None,
    )


@requires("edit_interview")
def sync(request):
    """POST {"interview": {...}} -> the outcome (see fiit.db.device_sync); errors in the one JSON shape."""
    if request.method != "POST":
        response = json_error(405, "method_not_allowed", _("Send the interview with POST."))
        response["Allow"] = "POST"
        return response
    if len(request.body) > MAX_BODY:
        return JsonResponse(error_body(400), status=400)
    try:
        device = _device_interview(json.loads(request.body.decode("utf-8"))["interview"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return JsonResponse(error_body(400), status=400)
    try:
        outcome = sync_device_interview(device, user=request.user, keyfile=current_keyfile())
    except SyncRefused as refused:
        return json_error(403 if refused.code == "not_allowed" else 409, refused.code, str(REFUSALS[refused.code]))
    return JsonResponse(outcome.as_json())

"""The instruments: a list, and each one read in a chosen language."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from fiit.instruments import (
    BUILTIN_IDS,
    builtin_instruments,
    get_instrument,
    get_instrument_version,
    pick,
    released_versions,
)
from fiit.web.instrument_display import instrument_sections, instrument_summary
from fiit.web.access import requires
from fiit.web.languages import LANGUAGE_CODES, profile_language, ui_language


@requires("view_instruments")
def instrument_list(request):
    lang = ui_language()
    instruments = [instrument_summary(i, lang) for i in builtin_instruments().values()]
    return render(request, "fiit/instruments/list.html", {"instruments": instruments})


def reading_language(request, languages: tuple[str, ...]) -> str:
    """?lang= if the instrument has it, else the user's profile language, else the interface language."""
    for candidate in (request.GET.get("lang"), profile_language(request.user), ui_language()):
        if candidate in languages:
            return candidate
    return languages[0]


@requires("view_instruments")
def instrument_detail(request, instrument_id: str):
    if instrument_id not in BUILTIN_IDS:
        raise Http404("no such instrument")
    versions = released_versions(instrument_id)
    version = request.GET.get("version") or versions[-1]
    if version not in versions:
        raise Http404("no such version")
    # a broken shipped file raises: a bug, shown as the 500 page
    instrument = get_instrument(instrument_id) if version == versions[-1] else get_instrument_version(
        instrument_id, version)
    lang = reading_language(request, instrument.languages)
    names = dict(settings.LANGUAGES)
    context = {
        "instrument": instrument,
        "summary": instrument_summary(instrument, ui_language()),
        "lang": lang,
        "languages": [{"code": c, "name": names.get(c, c)} for c in instrument.languages if c in LANGUAGE_CODES],
        "title": pick(instrument.title, lang),
        "intro": pick(instrument.intro, lang),
        "notes": pick(instrument.notes, lang),
        "versions": versions,
        "current_version": versions[-1],
        "sections": instrument_sections(instrument, lang),
    }
    return render(request, "fiit/instruments/detail.html", context)

"""Which language a page is shown in, and which language an instrument is read in."""

from __future__ import annotations

from typing import Mapping

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy

from fiit.i18n import pick

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def ui_language() -> str:
    """The interface language of the current request, one of LANGUAGE_CODES."""
    try:
        return translation.get_supported_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def profile_language(user) -> str | None:
    """The language on the user's fiit profile, if they have one and it is offered."""
    profile = getattr(user, "fiit_profile", None) if user is not None else None
    lang = getattr(profile, "language", None)
    return lang if lang in LANGUAGE_CODES else None


def _in_ui_language(text: Mapping[str, str]) -> str:
    return pick(text, ui_language())


#: A label of the study vocabulary (language -> text) as a lazy string, read in the language
#: of the request when it is shown: the vocabulary's counterpart of gettext_lazy.
vocabulary_label = lazy(_in_ui_language, str)

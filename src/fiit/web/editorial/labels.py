"""Words for the editorial pages: themes, languages, evidence items, in the interface language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fiit.vocabulary import vocabulary
from fiit.web.framework_display import GROUP_TITLES, LABELS as FACT_LABELS
from fiit.web.languages import vocabulary_label

THEME_LABELS = {theme.code: vocabulary_label(theme.label) for theme in vocabulary().themes}

LANGUAGE_NAMES = {language.code: vocabulary_label(language.name) for language in vocabulary().languages}

SCALE_LABELS = {
    "a_scale": gettext_lazy("Overall integration"),
    "b_scale": gettext_lazy("Services used"),
    "c_scale": gettext_lazy("Personal treatment"),
    "d_scale": gettext_lazy("Follow-up and ongoing support"),
    "e_scale": gettext_lazy("Work and professional matters"),
    "f_scale": gettext_lazy("Help with returning"),
}

FACT_SECTIONS = {section.code: vocabulary_label(section.label) for section in vocabulary().framework_sections}


def theme_label(theme: str) -> str:
    return str(THEME_LABELS.get(theme, theme))


def scale_label(question_id: str) -> str:
    return str(SCALE_LABELS.get(question_id, question_id))


def ranking_label(number: str) -> str:
    return _("Service providers' ranking of services (question %(number)s)") % {"number": number}


def fact_label(field: str) -> str:
    """'Victims from third countries: Job placement' for ``third_country.services.job_placement``."""
    group, _dot, rest = field.partition(".")
    if group in GROUP_TITLES and rest:
        return _("%(group)s: %(fact)s") % {"group": GROUP_TITLES[group], "fact": FACT_LABELS.get(rest, rest)}
    label = FACT_LABELS.get(field)
    if group in FACT_SECTIONS:
        return _("%(group)s: %(fact)s") % {"group": FACT_SECTIONS[group], "fact": label or rest or field}
    return str(label or field)

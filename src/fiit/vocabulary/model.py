"""The study vocabulary as typed, frozen values.

Every term has a ``code`` (what is stored, exported and compared) and labels:
a mapping from language code to text. :meth:`Label`-style lookups go through
:func:`fiit.i18n.pick`, so a label missing in a language reads in English — a
new language works before every file of the vocabulary is translated.

Pure core: standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from fiit.problems.errors import FiitError
from fiit.i18n import Text, pick


class VocabularyError(FiitError):
    """The vocabulary cannot be read: a broken shipped file, or a bad FIIT_VOCABULARY_DIR."""

    code = "vocabulary"
    server_side = True

    def __init__(self, message: str, problems=()):
        super().__init__(message, problems=problems)


@dataclass(frozen=True)
class Term:
    """A code with labels in the interface languages."""

    code: str
    label: Text

    def label_in(self, lang: str) -> str:
        return pick(self.label, lang)


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2: fiit's code everywhere
    eurostat: str  # Eurostat's code: UK for the United Kingdom, EL for Greece, else the ISO code
    language: str  # default language of interviews held there
    name: Text
    time_zone: str = ""  # IANA zone of interviews held there: a time exported without offset is read in it

    def name_in(self, lang: str) -> str:
        return pick(self.name, lang)


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1
    endonym: str  # its name in itself: "Nederlands"
    name: Text  # its name in each interface language: {"en": "Dutch", ...}
    plural_forms: str = "nplurals=2; plural=(n != 1);"  # gettext header of its interface catalogue
    required: bool = False  # every instrument and framework text must be given in it
    decimal: str = "."  # typography of reports: decimal separator
    thousands: str = ","  # thousands separator
    title_in_sentence: str = "keep"  # "lower": a title inside a sentence starts in lower case

    def name_in(self, lang: str) -> str:
        return pick(self.name, lang)


@dataclass(frozen=True)
class CitizenshipGroup(Term):
    eurostat: str = ""  # Eurostat's citizen code (NAT, EU27_2020_FOR, NEU27_2020_FOR), published in the open data
    description: Text | None = None


@dataclass(frozen=True)
class AgeBand:
    code: str  # "25-34", "55+"
    low: int
    high: int | None  # None: open-ended
    statistics: str = ""  # the (coarser) band statistics count this band in
    ctdc: tuple[str, ...] = ()  # the CTDC ageBroad values it joins (open-data bands)

    def contains(self, age: int) -> bool:
        return age >= self.low and (self.high is None or age <= self.high)


@dataclass(frozen=True)
class EducationLevel(Term):
    isced: str = ""
    within: str | None = None  # a finer level of this one (bachelor within tertiary)


@dataclass(frozen=True)
class ExploitationGroup(Term):
    eurostat: str = ""
    ctdc: str = ""  # the Counter Trafficking Data Collaborative flag


@dataclass(frozen=True)
class ExploitationForm(Term):
    group: str = ""  # the ExploitationGroup it counts in


@dataclass(frozen=True)
class ResidenceStatus(Term):
    group: str = ""  # permit | citizen | none_or_unknown: the coarser class


@dataclass(frozen=True)
class AnswerState(Term):
    stored: str | None = None  # the value the answer store holds for it, if any


@dataclass(frozen=True)
class FrameworkAspect:
    path: str  # "permit.renewal", "services.job_placement"
    label: Text  # its name within its section or group
    long: Text | None = None  # its name standing alone, where the short one needs its section

    def label_in(self, lang: str) -> str:
        return pick(self.label, lang)

    def long_in(self, lang: str) -> str:
        return pick(self.long or self.label, lang)


def _by_code(items) -> dict:
    return {item.code: item for item in items}


@dataclass(frozen=True)
class Vocabulary:
    """Everything the study names, each defined once (see ``fiit/vocabulary/data``)."""

    countries: tuple[Country, ...]
    languages: tuple[Language, ...]
    themes: tuple[Term, ...]
    citizenship_groups: tuple[CitizenshipGroup, ...]
    age_bands: tuple[AgeBand, ...]
    open_data_age_bands: tuple[AgeBand, ...]
    education_levels: tuple[EducationLevel, ...]
    exploitation_groups: tuple[ExploitationGroup, ...]
    exploitation_forms: tuple[ExploitationForm, ...]
    answer_states: tuple[AnswerState, ...]
    framework_sections: tuple[Term, ...]
    framework_groups: tuple[Term, ...]
    framework_aspects: tuple[FrameworkAspect, ...]
    source: str = ""  # the folder it was read from
    residence_statuses: tuple[ResidenceStatus, ...] = ()
    status_routes: tuple[Term, ...] = ()
    residence_status_groups: tuple[Term, ...] = ()

    #: the closed lists an instrument question may take its options from (``options_from``)
    CLOSED_LISTS = ("exploitation_forms", "residence_statuses", "status_routes")

    def closed_list(self, name: str) -> tuple[Term, ...]:
        """One of :data:`CLOSED_LISTS` by name; KeyError for any other name."""
        if name not in self.CLOSED_LISTS:
            raise KeyError(name)
        return getattr(self, name)

    # --- codes, in the vocabulary's order ---------------------------------------
    @property
    def country_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.countries)

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    @property
    def required_languages(self) -> tuple[str, ...]:
        """The languages every instrument and every country framework must be given in (en, nl)."""
        return tuple(lang.code for lang in self.languages if lang.required)

    @property
    def theme_codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.themes)

    @property
    def citizenship_codes(self) -> tuple[str, ...]:
        return tuple(g.code for g in self.citizenship_groups)

    @property
    def exploitation_group_codes(self) -> tuple[str, ...]:
        return tuple(g.code for g in self.exploitation_groups)

    # --- look-ups ---------------------------------------------------------------
    def country(self, code: str) -> Country:
        """A country by its ISO code or its Eurostat code ('UK' finds GB); KeyError if unknown."""
        c = str(code).strip().upper()
        for country in self.countries:
            if c in (country.code, country.eurostat):
                return country
        raise KeyError(code)

    def country_name(self, code: str, lang: str) -> str:
        """The country's name in ``lang``; the code itself for a country not in the vocabulary."""
        try:
            return self.country(code).name_in(lang)
        except KeyError:
            return code

    def interview_language(self, country: str, default: str = "en") -> str:
        try:
            return self.country(country).language
        except KeyError:
            return default

    def language(self, code: str) -> Language:
        for language in self.languages:
            if language.code == code:
                return language
        raise KeyError(code)

    def language_name(self, code: str, lang: str) -> str:
        try:
            return self.language(code).name_in(lang)
        except KeyError:
            return code

    def endonym(self, code: str) -> str:
        try:
            return self.language(code).endonym
        except KeyError:
            return code

    def theme(self, code: str) -> Term:
        return _by_code(self.themes)[code]

    def theme_label(self, code: str, lang: str) -> str:
        found = _by_code(self.themes).get(code)
        return found.label_in(lang) if found else code

    @property
    def exploitation_group_of(self) -> Mapping[str, str]:
        """Form of exploitation -> its Eurostat group (domestic_servitude -> labour)."""
        return {f.code: f.group for f in self.exploitation_forms}

    def age_band(self, age: int) -> str | None:
        """The published band of an age; None below the first band."""
        for band in self.age_bands:
            if band.contains(age):
                return band.code
        return None

    def open_data_age_band(self, age: int) -> str | None:
        """The band the open data publishes an age in; None below the first."""
        for band in self.open_data_age_bands:
            if band.contains(age):
                return band.code
        return None

    @property
    def statistics_age_bands(self) -> tuple[tuple[str, int, int | None], ...]:
        """The coarser bands statistics use: (label, lowest age, highest age or None), in order."""
        out: dict[str, list] = {}
        for band in self.age_bands:
            low, high = out.setdefault(band.statistics, [band.low, band.high])
            out[band.statistics] = [min(low, band.low), None if high is None or band.high is None
                                    else max(high, band.high)]
        return tuple((label, low, high) for label, (low, high) in out.items())

    def aspect(self, path: str) -> FrameworkAspect | None:
        for aspect in self.framework_aspects:
            if aspect.path == path:
                return aspect
        return None
